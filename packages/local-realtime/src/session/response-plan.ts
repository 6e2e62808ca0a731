import type {
  ConversationItem,
  FunctionToolDefinition,
  ResponseCreateParams,
  SessionConfig,
  ToolChoice,
} from '@switchboard/core/protocol';
import { isRecord } from '@switchboard/core/protocol';
import { type WireAudioFormat, wireFormatOf } from '../audio/formats.js';
import { ClientEventError } from './errors.js';
import { newId } from './ids.js';
import type { ItemsStore } from './items-store.js';
import { voiceOf } from './session-config.js';

/** Everything one response needs, fixed when it is created (later session changes do not affect it). */
export interface ResponsePlan {
  readonly id: string;
  /** The session's conversation id (`null` in the response object for out-of-band responses). */
  readonly conversationId: string;
  /** `auto` writes to the default conversation; `none` is out-of-band. */
  readonly conversation: 'auto' | 'none';
  readonly outputModalities: readonly ('text' | 'audio')[];
  readonly instructions: string;
  readonly tools: readonly FunctionToolDefinition[];
  readonly toolChoice: ToolChoice;
  readonly voice: string;
  readonly speed: number;
  /** The output format object as the response reports it, and its wire kind. */
  readonly outputFormat: Record<string, unknown>;
  readonly wireFormat: WireAudioFormat;
  readonly maxOutputTokens: number | 'inf';
  readonly metadata: Readonly<Record<string, string>> | null;
  /** The context the brain sees. */
  readonly context: readonly ConversationItem[];
  readonly session: SessionConfig;
}

/**
 * Resolves a `response.create` against the session: per-response overrides win; `input` (items and
 * `item_reference`s) replaces the conversation as context; `conversation: 'none'` keeps the output
 * out of the conversation. Throws a {@link ClientEventError} for a reference to an unknown item.
 */
export function planResponse(
  session: SessionConfig,
  params: ResponseCreateParams | undefined,
  store: ItemsStore,
  conversationId: string,
): ResponsePlan {
  const p = params ?? {};
  const output = session.audio?.output ?? {};
  const override = p.audio?.output ?? {};
  const voiceOverride = override.voice;
  const toolChoice = p.tool_choice ?? session.tool_choice ?? 'auto';
  const allTools = (p.tools ?? session.tools ?? []).filter(
    (tool): tool is FunctionToolDefinition => tool.type === 'function',
  );
  const format = isRecord(override.format) ? override.format : isRecord(output.format) ? output.format : {};
  return {
    id: newId('resp'),
    conversationId,
    conversation: p.conversation === 'none' ? 'none' : 'auto',
    outputModalities: p.output_modalities ?? session.output_modalities ?? ['audio'],
    instructions: p.instructions ?? session.instructions ?? '',
    tools: toolChoice === 'none' ? [] : allTools,
    toolChoice,
    voice:
      typeof voiceOverride === 'string'
        ? voiceOverride
        : isRecord(voiceOverride) && typeof voiceOverride.id === 'string'
          ? voiceOverride.id
          : voiceOf(session),
    speed: typeof output.speed === 'number' ? output.speed : 1,
    outputFormat: format,
    wireFormat: wireFormatOf(format),
    maxOutputTokens: p.max_output_tokens ?? session.max_output_tokens ?? 'inf',
    metadata: p.metadata ?? null,
    context: p.input === undefined ? store.items() : resolveInput(p.input, store),
    session,
  };
}

function resolveInput(
  input: NonNullable<ResponseCreateParams['input']>,
  store: ItemsStore,
): ConversationItem[] {
  return input.map((entry, index) => {
    if (entry.type === 'item_reference') {
      const stored = store.get(entry.id);
      if (!stored) {
        throw new ClientEventError(
          'invalid_value',
          `Invalid 'response.input[${index}].id': no item with id '${entry.id}' in the conversation.`,
          `response.input[${index}].id`,
        );
      }
      return stored.item;
    }
    return { ...entry, id: entry.id ?? newId('item') } as ConversationItem;
  });
}

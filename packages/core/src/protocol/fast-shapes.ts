import { isRecord } from './is-record.js';
import { ItemStatusSchema } from './items.js';
import { ResponseStatusSchema } from './response.js';
import { isStreamIndex } from './stream-index.js';

// `typeof` checks of the shapes the non-delta events carry (items, responses, usage), each as strict
// as its zod schema in items.ts / response.ts for what it accepts: `true` means zod accepts the value
// too; `false` means "not sure", and the caller falls back to zod (which then says precisely what is
// wrong, or accepts a shape these checks leave to it: MCP items, logprobs, an odd metadata object).
// A property test holds them to zod over recorded traffic and mutations of it.

type Value = unknown;

export function isString(value: Value): value is string {
  return typeof value === 'string';
}

/** `z.string().optional()`. */
export function optionalString(value: Value): boolean {
  return value === undefined || typeof value === 'string';
}

/** `z.string().nullish()`. */
export function nullishString(value: Value): boolean {
  return value === undefined || value === null || typeof value === 'string';
}

/** `z.number()`: finite, not NaN. */
export function isNumber(value: Value): boolean {
  return typeof value === 'number' && Number.isFinite(value);
}

/** `z.number().optional()`. */
export function optionalNumber(value: Value): boolean {
  return value === undefined || isNumber(value);
}

/** `z.enum(values).optional()`. */
export function optionalMember(value: Value, values: ReadonlySet<unknown>): boolean {
  return value === undefined || values.has(value);
}

const ITEM_STATUSES: ReadonlySet<unknown> = new Set(ItemStatusSchema.options);
const SYSTEM_PART_TYPES: ReadonlySet<unknown> = new Set(['input_text']);
const USER_PART_TYPES: ReadonlySet<unknown> = new Set(['input_text', 'input_audio', 'input_image']);
const ASSISTANT_PART_TYPES: ReadonlySet<unknown> = new Set(['output_text', 'output_audio']);
const IMAGE_DETAILS: ReadonlySet<unknown> = new Set(['auto', 'low', 'high']);
const RESPONSE_STATUSES: ReadonlySet<unknown> = new Set(ResponseStatusSchema.options);
const DETAIL_TYPES: ReadonlySet<unknown> = new Set(['completed', 'cancelled', 'incomplete', 'failed']);
const MODALITIES: ReadonlySet<unknown> = new Set(['text', 'audio']);

/** `id`, `object`, `status`: the fields every item may carry. */
function itemBase(item: Record<string, unknown>): boolean {
  return (
    optionalString(item.id) &&
    (item.object === undefined || item.object === 'realtime.item') &&
    optionalMember(item.status, ITEM_STATUSES)
  );
}

/** A message's content parts, for its `role` (`SystemContentPartSchema` and its siblings). */
function messageContent(role: Value, content: Value): boolean {
  const types =
    role === 'assistant'
      ? ASSISTANT_PART_TYPES
      : role === 'user'
        ? USER_PART_TYPES
        : role === 'system'
          ? SYSTEM_PART_TYPES
          : undefined;
  if (types === undefined || !Array.isArray(content)) return false;
  for (let index = 0; index < content.length; index += 1) {
    const part: Value = content[index];
    if (
      !isRecord(part) ||
      !optionalString(part.text) ||
      !optionalString(part.audio) ||
      !nullishString(part.transcript) ||
      !optionalMember(part.type, types)
    )
      return false;
    if (role === 'user' && !(optionalString(part.image_url) && optionalMember(part.detail, IMAGE_DETAILS)))
      return false;
  }
  return true;
}

/** A message, a function call or its output (`ConversationItemSchema`); MCP items are left to zod. */
export function isItem(item: Value): boolean {
  if (!isRecord(item)) return false;
  switch (item.type) {
    case 'message':
      return itemBase(item) && messageContent(item.role, item.content);
    case 'function_call':
      return (
        itemBase(item) && isString(item.name) && isString(item.arguments) && optionalString(item.call_id)
      );
    case 'function_call_output':
      return itemBase(item) && isString(item.call_id) && isString(item.output);
    default:
      return false;
  }
}

/** `z.array(…)`: an array whose every index (holes included, as zod reads them) passes `check`. */
export function everyEntry(value: Value, check: (entry: Value) => boolean): boolean {
  if (!Array.isArray(value)) return false;
  for (let index = 0; index < value.length; index += 1) if (!check(value[index])) return false;
  return true;
}

/** `z.record(z.string(), z.string())` over a plain JSON object (anything else is left to zod). */
function stringRecord(value: Value): boolean {
  if (!isRecord(value) || Object.getPrototypeOf(value) !== Object.prototype) return false;
  if (Object.getOwnPropertySymbols(value).length > 0) return false;
  for (const key of Object.keys(value)) {
    if (key === '__proto__' || typeof value[key] !== 'string') return false;
  }
  return true;
}

/** An object (when present) whose listed fields are optional numbers. */
function optionalCounts(value: Value, a: string, b: string, c?: string, d?: string): boolean {
  if (value === undefined) return true;
  return (
    isRecord(value) &&
    optionalNumber(value[a]) &&
    optionalNumber(value[b]) &&
    (c === undefined || optionalNumber(value[c])) &&
    (d === undefined || optionalNumber(value[d]))
  );
}

/** `UsageSchema`. */
function usage(value: Record<string, unknown>): boolean {
  const input = value.input_token_details;
  return (
    optionalNumber(value.total_tokens) &&
    optionalNumber(value.input_tokens) &&
    optionalNumber(value.output_tokens) &&
    optionalCounts(input, 'audio_tokens', 'cached_tokens', 'image_tokens', 'text_tokens') &&
    (input === undefined ||
      optionalCounts(
        (input as Record<string, unknown>).cached_tokens_details,
        'audio_tokens',
        'image_tokens',
        'text_tokens',
      )) &&
    optionalCounts(value.output_token_details, 'audio_tokens', 'text_tokens')
  );
}

/** `ResponseStatusDetailsSchema.nullish()`. */
function statusDetails(value: Value): boolean {
  if (value === undefined || value === null) return true;
  if (!isRecord(value) || !optionalMember(value.type, DETAIL_TYPES) || !optionalString(value.reason))
    return false;
  const error = value.error;
  return (
    error === undefined ||
    error === null ||
    (isRecord(error) && optionalString(error.code) && optionalString(error.type))
  );
}

const AUDIO_FORMATS: ReadonlySet<unknown> = new Set(['audio/pcm', 'audio/pcmu', 'audio/pcma']);

/** A response's `audio` (`{ output: { format, voice } }`, all optional). */
function responseAudio(audio: Value): boolean {
  if (audio === undefined) return true;
  if (!isRecord(audio)) return false;
  const { output } = audio;
  if (output === undefined) return true;
  if (!isRecord(output) || !optionalString(output.voice)) return false;
  const { format } = output;
  return (
    format === undefined ||
    (isRecord(format) && optionalMember(format.type, AUDIO_FORMATS) && optionalNumber(format.rate))
  );
}

/** `ResponseSchema`. */
export function isResponse(response: Value): boolean {
  if (!isRecord(response)) return false;
  const { output, output_modalities: modalities, max_output_tokens: maxTokens, metadata } = response;
  return (
    responseAudio(response.audio) &&
    optionalString(response.id) &&
    (response.object === undefined || response.object === 'realtime.response') &&
    optionalMember(response.status, RESPONSE_STATUSES) &&
    statusDetails(response.status_details) &&
    (output === undefined || everyEntry(output, isItem)) &&
    (modalities === undefined || everyEntry(modalities, (modality) => MODALITIES.has(modality))) &&
    nullishString(response.conversation_id) &&
    (maxTokens === undefined || maxTokens === 'inf' || isNumber(maxTokens)) &&
    (metadata === undefined || metadata === null || stringRecord(metadata)) &&
    (response.usage === undefined ||
      response.usage === null ||
      (isRecord(response.usage) && usage(response.usage)))
  );
}

/** `response_id`, `item_id`, `output_index` (and `content_index` when `part`): where a streamed piece belongs. */
export function inResponseItem(event: Record<string, unknown>, part: boolean): boolean {
  return (
    isString(event.response_id) &&
    isString(event.item_id) &&
    isStreamIndex(event.output_index) &&
    (!part || isStreamIndex(event.content_index))
  );
}

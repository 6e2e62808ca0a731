import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  ACTED_ON_FIELDS,
  type ParsedServerEvent,
  ProtocolError,
  ProtocolWarning,
  parseClientEvent,
  parseServerEvent,
  SERVER_EVENT_SCHEMAS,
  type ServerEventType,
} from '../../src/protocol/index.js';
import { SERVER_EXAMPLES } from './server-examples.js';

/** Removes the field (as opposed to setting it to a value). */
const DELETE = Symbol('delete');

/** A deep copy of `event` with the value at `path` (`a.b[0].c`) replaced or deleted. */
function mutate(event: object, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(event) as Record<string, unknown>;
  const keys = path.split(/\.|\[(\d+)\]/).filter((key) => key !== undefined && key !== '');
  let target = copy as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
  const last = keys.at(-1) as string;
  if (value === DELETE) delete target[last];
  else target[last] = value;
  return copy;
}

type Outcome = 'clean' | 'warned' | 'rejected';

function outcomeOf(parsed: ParsedServerEvent): Outcome {
  if (!parsed.ok) return 'rejected';
  return parsed.warnings.length === 0 ? 'clean' : 'warned';
}

/**
 * The policy, row by row: (event, mutation) → what the session gets. `warned` means delivered on
 * `events$` with a ProtocolWarning on `errors$`; `rejected` means a ProtocolError and no event.
 */
const TABLE: ReadonlyArray<readonly [ServerEventType, string, unknown, Outcome, string]> = [
  // What the real API sends where the SDK types say otherwise: accepted silently.
  [
    'session.updated',
    'session.audio.input.transcription.prompt',
    null,
    'clean',
    'the API fills it with null',
  ],
  [
    'session.updated',
    'session.audio.input.transcription.language',
    null,
    'clean',
    'the API fills it with null',
  ],
  ['conversation.item.input_audio_transcription.completed', 'usage', DELETE, 'clean', 'whisper-1 sends none'],
  ['response.done', 'response.usage', null, 'clean', 'usage is null until a response ends'],
  ['conversation.item.added', 'item.surprise', { nested: [1] }, 'clean', 'extra fields pass through'],
  // Carried fields: delivered, with a warning naming the path.
  ['session.updated', 'session.audio.input.transcription.prompt', 42, 'warned', 'carried'],
  ['session.updated', 'session.instructions', null, 'warned', 'the session only reports it'],
  ['session.updated', 'session.tools', 'none', 'warned', 'the agent declares tools, not the echo'],
  ['session.updated', 'session.audio.output.voice', 7, 'warned', 'voice is not read back'],
  ['conversation.item.input_audio_transcription.completed', 'usage', 'x', 'warned', 'carried'],
  ['response.done', 'response.usage.total_tokens', '12', 'warned', 'carried'],
  ['response.done', 'response.metadata', 5, 'warned', 'apps read metadata, the framework does not'],
  ['response.done', 'response.output[1].status', 'paused', 'warned', 'item status is carried'],
  ['response.done', 'response.max_output_tokens', true, 'warned', 'carried'],
  ['conversation.item.added', 'item.status', 'weird', 'warned', 'carried'],
  ['conversation.item.added', 'item.content[0].type', 'text', 'warned', 'a part type is carried'],
  ['conversation.item.truncated', 'audio_end_ms', null, 'warned', 'only item_id and content_index are read'],
  ['response.output_audio.delta', 'output_index', 'zero', 'warned', 'deltas are matched by item and part'],
  ['response.output_audio.delta', 'event_id', DELETE, 'warned', 'server event ids are carried'],
  ['input_audio_buffer.speech_started', 'audio_start_ms', null, 'warned', 'carried'],
  ['rate_limits.updated', 'rate_limits', null, 'warned', 'carried'],
  ['error', 'error.param', 5, 'warned', 'ServerError carries it'],
  ['response.function_call_arguments.delta', 'call_id', DELETE, 'warned', 'history matches by item_id'],
  ['conversation.item.retrieved', 'item', DELETE, 'rejected', 'retrieveItem() resolves with the item'],
  // Acted-on fields: rejected with a ProtocolError, the event is not delivered.
  ['session.updated', 'session.type', 'duplex', 'rejected', 'which session it is'],
  [
    'session.updated',
    'session.audio.output.format.type',
    'audio/opus',
    'rejected',
    'sets truncation offsets',
  ],
  ['session.updated', 'session.audio', 'pcm', 'rejected', 'parent of the output format'],
  [
    'conversation.item.input_audio_transcription.completed',
    'transcript',
    null,
    'rejected',
    'kept in history',
  ],
  [
    'conversation.item.input_audio_transcription.completed',
    'item_id',
    DELETE,
    'rejected',
    'addresses history',
  ],
  ['response.done', 'response.output[1].call_id', 42, 'rejected', 'matches the tool output'],
  ['response.done', 'response.output[1].arguments', null, 'rejected', 'the tool runs from it'],
  ['response.done', 'response.status', 'exploded', 'rejected', 'decides the follow-up response'],
  ['response.done', 'response.id', 7, 'rejected', 'frees the response slot'],
  ['response.done', 'response.output[0]', 'item', 'rejected', 'parent of acted-on item fields'],
  ['response.created', 'response.conversation_id', 3, 'rejected', 'tells out-of-band responses apart'],
  ['conversation.item.added', 'item.type', 'reasoning', 'rejected', 'items are dispatched by type'],
  ['conversation.item.added', 'item.content[0].transcript', 5, 'rejected', 'kept in history'],
  ['conversation.item.added', 'previous_item_id', 5, 'rejected', 'orders the history'],
  ['response.output_item.done', 'response_id', 5, 'rejected', 'ties a call to its response'],
  ['response.content_part.added', 'part.type', 'video', 'rejected', 'history names the part from it'],
  ['response.output_audio.delta', 'content_index', 'zero', 'rejected', 'playback and history address parts'],
  ['response.output_audio.delta', 'delta', 5, 'rejected', 'the audio itself'],
  ['error', 'error.code', 5, 'rejected', 'the sequencer retries on it'],
  ['conversation.item.truncated', 'item_id', null, 'rejected', 'addresses history'],
];

describe('tolerance policy table', () => {
  it.each(TABLE)('%s with %s = %o → %s (%s)', (type, path, value, outcome) => {
    const event = mutate(SERVER_EXAMPLES[type], path, value);
    const parsed = parseServerEvent(event);
    expect(outcomeOf(parsed)).toBe(outcome);
    if (parsed.ok) expect(parsed.event).toBe(event);
    if (outcome === 'warned' && parsed.ok) {
      for (const warning of parsed.warnings) {
        expect(warning).toBeInstanceOf(ProtocolWarning);
        expect(warning).toMatchObject({
          name: 'ProtocolWarning',
          code: 'carried_field_mismatch',
          eventType: type,
        });
        expect(warning.raw).toBe(event);
      }
      expect(parsed.warnings.map((warning) => warning.path)).toEqual([path]);
    }
    if (outcome === 'rejected' && !parsed.ok) {
      expect(parsed.error).toBeInstanceOf(ProtocolError);
      expect(parsed.error.issues.map((issue) => issue.path)).toContain(path);
    }
  });

  it('names the event, the path and the problem in the warning message', () => {
    const event = mutate(SERVER_EXAMPLES['session.updated'], 'session.audio.input.transcription.prompt', 42);
    const parsed = parseServerEvent(event);
    expect(parsed.ok && parsed.warnings[0]?.message).toBe(
      'server event "session.updated" delivered with an unexpected value it only carries: ' +
        'session.audio.input.transcription.prompt: expected string, received number',
    );
  });

  it('rejects an event broken in an acted-on field even when carried fields are broken too', () => {
    const event = mutate(mutate(SERVER_EXAMPLES['response.done'], 'response.metadata', 5), 'response.id', 7);
    const parsed = parseServerEvent(event);
    expect(!parsed.ok && parsed.error.issues.map((issue) => issue.path)).toEqual([
      'response.id',
      'response.metadata',
    ]);
  });

  it('keeps client events strict: what a server may report, a client may not send', () => {
    const update = {
      type: 'session.update',
      session: {
        type: 'realtime',
        audio: { input: { transcription: { model: 'whisper-1', prompt: null } } },
      },
    };
    expect(parseClientEvent(update).ok).toBe(false);
    const create = {
      type: 'conversation.item.create',
      item: { type: 'message', role: 'user', status: 'weird', content: [] },
    };
    expect(parseClientEvent(create).ok).toBe(false);
  });
});

/** Whether an acted-on path is `field` or lies below it. */
function isActedOnOrParent(type: ServerEventType, field: string): boolean {
  return ACTED_ON_FIELDS[type].some(
    (path) => path === field || path.startsWith(`${field}.`) || path.startsWith(`${field}[`),
  );
}

describe('every top-level field of every server event follows the table', () => {
  const cases = (Object.keys(SERVER_EXAMPLES) as ServerEventType[]).flatMap((type) =>
    Object.keys(SERVER_EXAMPLES[type])
      .filter((field) => field !== 'type')
      .map((field) => [type, field, isActedOnOrParent(type, field) ? 'rejected' : 'warned'] as const),
  );

  it.each(cases)('%s: %s set to an array → %s', (type, field, outcome) => {
    const event = { ...SERVER_EXAMPLES[type], [field]: ['unexpected'] };
    const parsed = parseServerEvent(event);
    expect(outcomeOf(parsed)).toBe(outcome);
    if (parsed.ok) {
      for (const warning of parsed.warnings) expect(warning.path.startsWith(field)).toBe(true);
    }
  });
});

interface SchemaDef {
  readonly type: string;
  readonly innerType?: z.ZodType;
  readonly shape?: Readonly<Record<string, z.ZodType>>;
  readonly element?: z.ZodType;
  readonly options?: readonly z.ZodType[];
}

/** Whether `segments` (`['item', 'content', '[]', 'text']`) name a field the schema declares. */
function declares(schema: z.ZodType, segments: readonly string[]): boolean {
  const [head, ...rest] = segments;
  if (head === undefined) return true;
  const def = (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
  if (def.innerType) return declares(def.innerType, segments);
  if (def.options) return def.options.some((option) => declares(option, segments));
  if (def.element) return head === '[]' && declares(def.element, rest);
  const child = def.shape?.[head];
  return child !== undefined && declares(child, rest);
}

describe('the acted-on table', () => {
  it('has an entry for every server event type', () => {
    expect(Object.keys(ACTED_ON_FIELDS).sort()).toEqual(Object.keys(SERVER_EVENT_SCHEMAS).sort());
  });

  it.each(Object.entries(ACTED_ON_FIELDS).flatMap(([type, paths]) => paths.map((path) => [type, path])))(
    '%s: %s is a field of its schema',
    (type, path) => {
      const segments = path
        .split('.')
        .flatMap((part) => (part.endsWith('[]') ? [part.slice(0, -2), '[]'] : [part]));
      expect(declares(SERVER_EVENT_SCHEMAS[type as ServerEventType], segments)).toBe(true);
    },
  );
});

describe('the README table', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Tolerance'));
  const rows = section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => line.split('|').map((cell) => cell.trim()));

  const itemFields =
    readme
      .slice(readme.indexOf('_item_ is '))
      .split('. ')[0]
      ?.match(/`[^`]+`/g)
      ?.map((field) => field.slice(1, -1)) ?? [];

  /** `_item_ of \`item\``, `\`item_id\``… → the full paths the README cell stands for. */
  function pathsOf(cell: string): string[] {
    const items = [...cell.matchAll(/_item_ of (?:each )?`([^`]+)`/g)].flatMap(([, prefix]) =>
      itemFields.map((field) => `${prefix}.${field}`),
    );
    const rest = cell.replace(/_item_ of (?:each )?`[^`]+`/g, '');
    return [...[...rest.matchAll(/`([^`]+)`/g)].map(([, path]) => path as string), ...items];
  }
  it('lists the acted-on fields of every event that has some, exactly', () => {
    const documented: Record<string, string[]> = {};
    for (const [, types = '', fields = ''] of rows) {
      for (const [, type] of types.matchAll(/`([^`]+)`/g))
        documented[type as string] = pathsOf(fields).sort();
    }
    const inCode = Object.fromEntries(
      Object.entries(ACTED_ON_FIELDS)
        .filter(([, paths]) => paths.length > 0)
        .map(([type, paths]) => [type, [...paths].sort()]),
    );
    expect(documented).toEqual(inCode);
  });
});

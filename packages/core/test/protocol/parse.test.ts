import { describe, expect, it, vi } from 'vitest';
import {
  decodeJson,
  type ParsedServerEvent,
  ProtocolError,
  parseClientEvent,
  parseServerEvent,
  SERVER_EVENT_SCHEMAS,
} from '../../src/protocol/index.js';
import { ResponseOutputAudioDeltaEventSchema } from '../../src/protocol/server-events/response.js';
import { CLIENT_EXAMPLES } from './client-examples.js';
import { callItem } from './fixtures.js';
import { SERVER_EXAMPLES } from './server-examples.js';

function errorOf(parsed: ParsedServerEvent | ReturnType<typeof parseClientEvent>): ProtocolError {
  if (parsed.ok) throw new Error(`expected a ProtocolError, got ${JSON.stringify(parsed.event)}`);
  return parsed.error;
}

describe('decodeJson', () => {
  it('returns the decoded value, or the text itself when it is not JSON', () => {
    expect(decodeJson('{"type":"x"}')).toEqual({ type: 'x' });
    expect(decodeJson('[1]')).toEqual([1]);
    expect(decodeJson('{"type":')).toBe('{"type":');
  });
});

describe('parseServerEvent', () => {
  it.each(Object.values(SERVER_EXAMPLES))('returns $type as the same object', (event) => {
    const parsed = parseServerEvent(event);
    expect(parsed).toEqual({ ok: true, event, warnings: [] });
    expect(parsed.ok && parsed.event).toBe(event);
  });

  it('wraps an unknown type as UnknownServerEvent, keeping the raw event', () => {
    const raw = { type: 'response.text.delta', event_id: 'e', delta: 'beta name, not canonical' };
    expect(parseServerEvent(raw)).toEqual({
      ok: true,
      event: { type: 'unknown', serverType: 'response.text.delta', raw },
      warnings: [],
    });
  });

  it('names the event type and the issue path of a malformed known event', () => {
    const done = SERVER_EXAMPLES['response.done'];
    const bad = { ...done, response: { ...done.response, output: [{ ...callItem, call_id: 42 }] } };
    const error = errorOf(parseServerEvent(bad));
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error.name).toBe('ProtocolError');
    expect(error.eventType).toBe('response.done');
    expect(error.raw).toBe(bad);
    expect(error.issues).toEqual([
      { path: 'response.output[0].call_id', message: 'expected string, received number' },
    ]);
    expect(error.message).toBe(
      'malformed server event "response.done": response.output[0].call_id: expected string, received number',
    );
  });

  it('reports a raw string (undecodable frame) as not JSON', () => {
    const error = errorOf(parseServerEvent(decodeJson('not json')));
    expect(error.eventType).toBeUndefined();
    expect(error.raw).toBe('not json');
    expect(error.issues).toEqual([{ path: '', message: 'not valid JSON' }]);
  });

  it.each([
    [null, 'expected object, received null'],
    [42, 'expected object, received number'],
    [[{ type: 'error' }], 'expected object, received array'],
    [true, 'expected object, received boolean'],
    [undefined, 'expected object, received undefined'],
  ])('reports the non-object %j', (value, message) => {
    expect(errorOf(parseServerEvent(value)).issues).toEqual([{ path: '', message }]);
  });

  it.each([
    [{}, 'expected string, received undefined'],
    [{ type: 7 }, 'expected string, received number'],
    [{ type: null }, 'expected string, received null'],
  ])('reports a missing or non-string type in %j', (value, message) => {
    const error = errorOf(parseServerEvent(value));
    expect(error.eventType).toBeUndefined();
    expect(error.issues).toEqual([{ path: 'type', message }]);
  });

  it('explains a union that matched no option by what it allows', () => {
    const bad = { ...SERVER_EXAMPLES['response.done'], response: { id: 'resp_1', status: true } };
    expect(errorOf(parseServerEvent(bad)).issues).toEqual([
      {
        path: 'response.status',
        message: 'expected one of "completed"|"cancelled"|"failed"|"incomplete"|"in_progress"',
      },
    ]);
    const carried = { ...SERVER_EXAMPLES['response.done'], response: { max_output_tokens: true } };
    const parsed = parseServerEvent(carried);
    expect(parsed.ok && parsed.warnings.map(({ path, issue }) => ({ path, issue }))).toEqual([
      { path: 'response.max_output_tokens', issue: 'expected number or "inf", received boolean' },
    ]);
  });

  it('never throws on fuzz-ish input', () => {
    const throwing = Object.defineProperty({ type: 'response.done' }, 'response', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    const samples: unknown[] = [
      null,
      undefined,
      0,
      Number.NaN,
      -1,
      '',
      '{}',
      [],
      [[]],
      {},
      { type: '' },
      { type: 'error' },
      { type: 'error', error: null },
      { type: 'response.done', response: [] },
      { type: 'response.done', response: { output: {} } },
      { type: 'response.done', response: { output: [null, 1, 'x', { type: 'message' }] } },
      { type: 'session.created', session: { type: 'realtime', audio: { input: { turn_detection: 5 } } } },
      { type: 'constructor' },
      { type: 'toString' },
      { type: '__proto__' },
      Object.create(null),
      throwing,
      { type: 'response.output_audio.delta', delta: { nested: [{ junk: true }] } },
      Symbol('s'),
      () => 1,
      10n,
    ];
    for (const sample of samples) {
      const parsed = parseServerEvent(sample);
      expect(typeof parsed.ok).toBe('boolean');
      if (!parsed.ok) expect(parsed.error).toBeInstanceOf(ProtocolError);
    }
    expect(errorOf(parseServerEvent(throwing)).message).toContain('boom');
  });
});

describe('fast path for streaming deltas', () => {
  const deltas = [
    SERVER_EXAMPLES['response.output_audio.delta'],
    SERVER_EXAMPLES['response.output_audio_transcript.delta'],
    SERVER_EXAMPLES['response.output_text.delta'],
    SERVER_EXAMPLES['response.function_call_arguments.delta'],
    SERVER_EXAMPLES['conversation.item.input_audio_transcription.delta'],
  ];

  it.each(deltas)('accepts a valid $type, unknown fields included', (event) => {
    const withExtra = { ...event, obfuscation: 'abc' };
    expect(parseServerEvent(withExtra)).toEqual({ ok: true, event: withExtra, warnings: [] });
  });

  it.each(deltas)('gives the zod-shaped error for a bad $type', (event) => {
    const error = errorOf(parseServerEvent({ ...event, item_id: 12 }));
    expect(error.eventType).toBe(event.type);
    expect(error.issues).toEqual([{ path: 'item_id', message: 'expected string, received number' }]);
  });

  it.each(deltas)(
    'agrees with zod on every field of $type set to odd values (clean only when zod accepts)',
    (event) => {
      const schema = SERVER_EVENT_SCHEMAS[event.type];
      const odd: unknown[] = [
        undefined,
        null,
        0,
        -1.5,
        Number.NaN,
        Number.POSITIVE_INFINITY,
        1_023,
        1_024,
        4_294_967_294,
        '',
        'x',
        true,
        {},
        [],
        [1],
      ];
      for (const field of [...Object.keys(event).filter((key) => key !== 'type'), 'logprobs']) {
        for (const value of odd) {
          const mutated = { ...event, [field]: value };
          const parsed = parseServerEvent(mutated);
          const zod = schema.safeParse(mutated);
          // Off-schema carried fields are delivered with warnings: only a warning-free result is "accepted".
          const clean = parsed.ok && parsed.warnings.length === 0;
          expect({ field, value, clean }).toEqual({ field, value, clean: zod.success });
        }
      }
    },
  );

  it('skips zod for a valid delta and asks zod only when the quick check fails', () => {
    const spy = vi.spyOn(ResponseOutputAudioDeltaEventSchema, 'safeParse');
    try {
      const audio = SERVER_EXAMPLES['response.output_audio.delta'];
      expect(parseServerEvent(audio).ok).toBe(true);
      expect(spy).not.toHaveBeenCalled();
      expect(parseServerEvent({ ...audio, delta: 1 }).ok).toBe(false);
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('rejects NaN indexes and missing deltas like zod does (a carried index only warns)', () => {
    const audio = SERVER_EXAMPLES['response.output_audio.delta'];
    expect(errorOf(parseServerEvent({ ...audio, content_index: Number.NaN })).issues[0]?.path).toBe(
      'content_index',
    );
    const carried = parseServerEvent({ ...audio, output_index: Number.NaN });
    expect(carried.ok && carried.warnings.map((warning) => warning.path)).toEqual(['output_index']);
    const { delta: _delta, ...noDelta } = audio;
    expect(errorOf(parseServerEvent(noDelta)).issues).toEqual([
      { path: 'delta', message: 'expected string, received undefined' },
    ]);
  });

  it('bounds content_index and output_index, on the fast path and in zod (issue 9, point 9)', () => {
    const text = SERVER_EXAMPLES['response.output_text.delta'];
    expect(errorOf(parseServerEvent({ ...text, content_index: 4_294_967_294 })).issues).toEqual([
      { path: 'content_index', message: 'Too big: expected number to be <=1023' },
    ]);
    const part = SERVER_EXAMPLES['response.content_part.added'];
    expect(errorOf(parseServerEvent({ ...part, content_index: 2 ** 32 })).issues[0]?.path).toBe(
      'content_index',
    );
    // output_index is only carried (nothing acts on it): out of bounds, the event comes with a warning.
    const item = SERVER_EXAMPLES['response.output_item.done'];
    const parsed = parseServerEvent({ ...item, output_index: 4_294_967_294 });
    expect(parsed.ok && parsed.warnings.map((warning) => warning.path)).toEqual(['output_index']);
  });

  it('lets zod check the optional fields of input transcription deltas', () => {
    const delta = SERVER_EXAMPLES['conversation.item.input_audio_transcription.delta'];
    const withLogprobs = { ...delta, logprobs: [{ token: 'What', bytes: [87], logprob: -0.1 }] };
    expect(parseServerEvent(withLogprobs).ok).toBe(true);
    const bad = { ...delta, logprobs: [{ token: 'What', bytes: 'x', logprob: -0.1 }] };
    const parsed = parseServerEvent(bad);
    expect(parsed.ok && parsed.warnings.map((warning) => warning.path)).toEqual(['logprobs[0].bytes']);
    expect(parseServerEvent({ type: delta.type, event_id: 'e', item_id: 'i' }).ok).toBe(true);
  });
});

describe('parseClientEvent', () => {
  it.each(Object.values(CLIENT_EXAMPLES))('accepts $type', (event) => {
    expect(parseClientEvent(event)).toEqual({ ok: true, event });
  });

  it('rejects an unknown type with a `type` issue the server can use as param', () => {
    const error = errorOf(parseClientEvent({ type: 'response.text.delta' }));
    expect(error.direction).toBe('client');
    expect(error.eventType).toBe('response.text.delta');
    expect(error.issues).toEqual([
      { path: 'type', message: 'unknown client event type "response.text.delta"' },
    ]);
  });

  it('gives the path of each bad field', () => {
    const error = errorOf(
      parseClientEvent({
        type: 'conversation.item.truncate',
        item_id: 'item_1',
        content_index: '0',
        audio_end_ms: -1,
      }),
    );
    expect(error.message).toBe(
      'malformed client event "conversation.item.truncate": content_index: expected number, received string',
    );
    const nested = errorOf(
      parseClientEvent({
        type: 'conversation.item.create',
        item: { type: 'function_call_output', call_id: 'c', output: {} },
      }),
    );
    expect(nested.issues).toEqual([{ path: 'item.output', message: 'expected string, received object' }]);
  });

  it('reports non-objects and raw strings', () => {
    expect(errorOf(parseClientEvent('{oops')).issues).toEqual([{ path: '', message: 'not valid JSON' }]);
    expect(errorOf(parseClientEvent(null)).message).toBe(
      'malformed client event: expected object, received null',
    );
  });
});

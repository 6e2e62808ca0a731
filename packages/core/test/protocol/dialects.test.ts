import { describe, expect, it } from 'vitest';
import {
  betaDialect,
  type Dialect,
  GA_ONLY_SERVER_EVENT_TYPES,
  gaDialect,
  getDialect,
  parseClientEvent,
  parseServerEvent,
} from '../../src/protocol/index.js';
import { DIALECT_ROWS, SAME_IN_BOTH } from './dialect-rows.js';

/** Freezes deeply so any mutation of an input throws (ES modules run in strict mode). */
function frozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) frozen(child);
    Object.freeze(value);
  }
  return value;
}

const toCanonical = (side: 'server' | 'client', event: Record<string, unknown>) =>
  side === 'server'
    ? betaDialect.serverEventToCanonical(frozen(event))
    : betaDialect.clientEventToCanonical(frozen(event));
const fromCanonical = (side: 'server' | 'client', event: Record<string, unknown>) =>
  side === 'server'
    ? betaDialect.serverEventFromCanonical(frozen(event))
    : betaDialect.clientEventFromCanonical(frozen(event));

describe('beta dialect mapping table', () => {
  it.each(DIALECT_ROWS)('$side · $name: beta → GA', ({ side, beta, ga }) => {
    expect(toCanonical(side, beta)).toEqual(ga);
  });

  it.each(DIALECT_ROWS)('$side · $name: GA → beta', ({ side, beta, ga }) => {
    expect(fromCanonical(side, ga)).toEqual(beta);
  });

  it.each(DIALECT_ROWS)('$side · $name: round trips equal their input', ({ side, beta, ga }) => {
    expect(fromCanonical(side, toCanonical(side, beta))).toEqual(beta);
    expect(toCanonical(side, fromCanonical(side, ga))).toEqual(ga);
  });

  it.each(DIALECT_ROWS)('$side · $name: the GA side is a valid canonical event', ({ side, ga }) => {
    const parsed = side === 'server' ? parseServerEvent(ga) : parseClientEvent(ga);
    expect(parsed.ok && parsed.event.type).toBe(ga.type);
    if (parsed.ok && 'warnings' in parsed) expect(parsed.warnings).toEqual([]);
  });

  it.each(SAME_IN_BOTH)('returns $type unchanged (same object) in every direction', (event) => {
    for (const side of ['server', 'client'] as const) {
      expect(toCanonical(side, event)).toBe(event);
      expect(fromCanonical(side, event)).toBe(event);
    }
  });
});

describe('things with no twin in the other dialect', () => {
  it('keeps GA conversation.item.done under its name, with a beta-shaped item, and lists it as GA-only', () => {
    const done = {
      type: 'conversation.item.done',
      event_id: 'e',
      item: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'x' }] },
    };
    expect(betaDialect.serverEventFromCanonical(frozen(done))).toEqual({
      ...done,
      item: { type: 'message', role: 'assistant', content: [{ type: 'text', text: 'x' }] },
    });
    expect(GA_ONLY_SERVER_EVENT_TYPES.has('conversation.item.done')).toBe(true);
    expect(GA_ONLY_SERVER_EVENT_TYPES.has('response.output_audio.delta')).toBe(false);
  });

  it('leaves GA-only session fields in place: custom voice, other sample rates, truncation, MCP tools', () => {
    const mcp = { type: 'mcp', server_label: 'docs', server_url: 'https://example.com/mcp' };
    const ga = {
      type: 'realtime',
      truncation: { type: 'retention_ratio', retention_ratio: 0.5 },
      tools: [mcp],
      audio: {
        input: { format: { type: 'audio/pcm', rate: 16000 } },
        output: { voice: { id: 'voice_1' }, speed: 1 },
      },
    };
    expect(betaDialect.clientEventFromCanonical(frozen({ type: 'session.update', session: ga }))).toEqual({
      type: 'session.update',
      session: {
        truncation: ga.truncation,
        tools: [mcp],
        speed: 1,
        audio: {
          input: { format: { type: 'audio/pcm', rate: 16000 } },
          output: { voice: { id: 'voice_1' } },
        },
      },
    });
  });

  it('keeps transcription_session.* an unknown event on a GA connection (GA reports them as session.*)', () => {
    const legacy = frozen({ type: 'transcription_session.updated', event_id: 'e', session: {} });
    expect(gaDialect.serverEventToCanonical(legacy)).toBe(legacy);
    expect(parseServerEvent(legacy)).toMatchObject({
      ok: true,
      event: { type: 'unknown', serverType: 'transcription_session.updated' },
    });
  });

  it('normalises GA pcm without a rate to the 24 kHz twin', () => {
    const ga = {
      type: 'session.update',
      session: { type: 'realtime', audio: { input: { format: { type: 'audio/pcm' } } } },
    };
    expect(betaDialect.clientEventFromCanonical(frozen(ga))).toEqual({
      type: 'session.update',
      session: { input_audio_format: 'pcm16' },
    });
  });

  it('maps beta function_call_arguments.done (no name) to a valid canonical event', () => {
    const beta = {
      type: 'response.function_call_arguments.done',
      event_id: 'e',
      response_id: 'r',
      item_id: 'i',
      output_index: 0,
      call_id: 'c',
      arguments: '{}',
    };
    expect(parseServerEvent(betaDialect.serverEventToCanonical(beta)).ok).toBe(true);
  });

  it('ignores events without a string type', () => {
    const odd = frozen({ type: 3 });
    expect(betaDialect.serverEventToCanonical(odd)).toBe(odd);
    const proto = frozen({ type: 'constructor' });
    expect(betaDialect.clientEventFromCanonical(proto)).toBe(proto);
  });
});

describe('dialect registry', () => {
  it('finds each dialect by name', () => {
    expect(getDialect('ga')).toBe(gaDialect);
    expect(getDialect('beta')).toBe(betaDialect);
    expect(betaDialect.name).toBe('beta');
  });

  it('GA is the identity in every direction', () => {
    const event = frozen({ type: 'response.output_text.delta', delta: 'x' });
    const all: Array<keyof Omit<Dialect, 'name'>> = [
      'serverEventToCanonical',
      'serverEventFromCanonical',
      'clientEventToCanonical',
      'clientEventFromCanonical',
    ];
    for (const direction of all) expect(gaDialect[direction](event)).toBe(event);
  });
});

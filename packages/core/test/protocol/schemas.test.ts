import { describe, expect, it } from 'vitest';
import {
  CLIENT_EVENT_SCHEMAS,
  ClientEventSchema,
  ConversationItemSchema,
  KNOWN_VOICES,
  ResponseCreateParamsSchema,
  SERVER_EVENT_SCHEMAS,
  ServerEventSchema,
  SessionConfigSchema,
} from '../../src/protocol/index.js';
import { FunctionToolDefinitionSchema, TurnDetectionSchema } from '../../src/protocol/session.js';
import { CLIENT_EXAMPLES } from './client-examples.js';
import { gaSession } from './fixtures.js';
import { SERVER_EXAMPLES } from './server-examples.js';

describe('server event schemas', () => {
  it('has an example for every known server event type and nothing else', () => {
    expect(Object.keys(SERVER_EXAMPLES).sort()).toEqual(Object.keys(SERVER_EVENT_SCHEMAS).sort());
  });

  it.each(Object.values(SERVER_EXAMPLES))('accepts a real-shaped $type', (event) => {
    const result = ServerEventSchema.safeParse(event);
    expect(result.error?.issues).toBeUndefined();
    expect(result.data).toEqual(event);
  });

  it('keeps unknown future fields at every level', () => {
    const event = {
      ...SERVER_EXAMPLES['response.done'],
      future_top: 1,
      response: { ...SERVER_EXAMPLES['response.done'].response, future_response: { a: 1 } },
    };
    expect(ServerEventSchema.parse(event)).toEqual(event);
  });

  it('rejects an event missing a required field', () => {
    const { delta: _delta, ...noDelta } = SERVER_EXAMPLES['response.output_text.delta'];
    expect(ServerEventSchema.safeParse(noDelta).success).toBe(false);
  });
});

describe('client event schemas', () => {
  it('has an example for each of the 11 GA client events', () => {
    expect(Object.keys(CLIENT_EVENT_SCHEMAS)).toHaveLength(11);
    expect(Object.keys(CLIENT_EXAMPLES).sort()).toEqual(Object.keys(CLIENT_EVENT_SCHEMAS).sort());
  });

  it.each(Object.values(CLIENT_EXAMPLES))('accepts a real-shaped $type', (event) => {
    expect(ClientEventSchema.parse(event)).toEqual(event);
  });

  it('requires the session type in session.update (GA rule)', () => {
    expect(
      ClientEventSchema.safeParse({ type: 'session.update', session: { instructions: 'x' } }).success,
    ).toBe(false);
    expect(
      ClientEventSchema.safeParse({ type: 'session.update', session: { type: 'transcription', audio: {} } })
        .success,
    ).toBe(true);
  });
});

describe('session, items and response parts', () => {
  it('parses the full GA session and accepts any voice string', () => {
    expect(SessionConfigSchema.parse(gaSession)).toEqual(gaSession);
    expect(KNOWN_VOICES).toContain('marin');
    const custom = { type: 'realtime', audio: { output: { voice: 'brand-new-voice' } } };
    expect(SessionConfigSchema.parse(custom)).toEqual(custom);
    expect(SessionConfigSchema.safeParse({ type: 'realtime', audio: { output: { voice: 3 } } }).success).toBe(
      false,
    );
  });

  it('accepts null turn detection and rejects an unknown VAD type', () => {
    expect(
      SessionConfigSchema.parse({ type: 'realtime', audio: { input: { turn_detection: null } } }),
    ).toBeTruthy();
    expect(TurnDetectionSchema.safeParse({ type: 'semantic_vad', eagerness: 'low' }).success).toBe(true);
    expect(TurnDetectionSchema.safeParse({ type: 'push_to_talk' }).success).toBe(false);
  });

  it('describes a function tool with optional description and parameters', () => {
    expect(FunctionToolDefinitionSchema.parse({ type: 'function', name: 'ping' })).toEqual({
      type: 'function',
      name: 'ping',
    });
    expect(FunctionToolDefinitionSchema.safeParse({ type: 'function' }).success).toBe(false);
  });

  it('discriminates items by type and messages by role', () => {
    const user = { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] };
    expect(ConversationItemSchema.parse(user)).toEqual(user);
    // An assistant part typed like a user part is the wrong shape for its role.
    expect(ConversationItemSchema.safeParse({ ...user, role: 'assistant' }).success).toBe(false);
    expect(ConversationItemSchema.safeParse({ type: 'function_call_output', call_id: 'c' }).success).toBe(
      false,
    );
    const mcp = {
      type: 'mcp_call',
      id: 'm',
      name: 'search',
      arguments: '{}',
      server_label: 'docs',
      output: null,
      error: null,
    };
    expect(ConversationItemSchema.parse(mcp)).toEqual(mcp);
  });

  it('accepts out-of-band response.create params with item references', () => {
    const params = {
      conversation: 'none',
      metadata: { topic: 'x' },
      input: [{ type: 'item_reference', id: 'item_1' }],
      tool_choice: { type: 'function', name: 'ping' },
      max_output_tokens: 200,
    };
    expect(ResponseCreateParamsSchema.parse(params)).toEqual(params);
    expect(ResponseCreateParamsSchema.safeParse({ metadata: { n: 1 } }).success).toBe(false);
  });
});

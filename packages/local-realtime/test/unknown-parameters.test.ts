import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRealtimeServer, startLocalRealtime } from '../src/index.js';
import { connectWs } from './helpers/clients.js';
import { rawRequest } from './helpers/http.js';

/*
 * API fidelity of validation (issue 10, point 15): an unknown parameter is an
 * `invalid_request_error` naming it, never accepted and echoed; nesting is bounded with a 400-class
 * error, never a stack overflow reported as `server_error` / HTTP 500.
 */

let server: LocalRealtimeServer;
let client: Awaited<ReturnType<typeof connectWs>>;

beforeAll(async () => {
  server = await startLocalRealtime({ audio: { pace: 'fast', voice: 'tone' } });
  client = await connectWs(`${server.url}?model=gpt-realtime`);
  await client.log.next('session.created');
});

afterAll(async () => {
  await client.close();
  await server.close();
});

/** Sends an event and resolves with the error it caused. */
async function errorFor(event: Record<string, unknown>) {
  client.log.mark();
  client.send({ ...event, event_id: 'evt_under_test' });
  return (await client.log.next('error')).error as Record<string, unknown>;
}

/** A tool whose JSON Schema nests `depth` objects, as JSON text (JSON.stringify would overflow first). */
function deepTool(depth: number): string {
  const parameters = `${'{"type":"object","properties":{"a":'.repeat(depth)}{"type":"string"}${'}}'.repeat(depth)}`;
  return `{"type":"function","name":"deep","parameters":${parameters}}`;
}

describe('unknown parameters', () => {
  it.each([
    [{ type: 'session.update', session: { type: 'realtime', colour: 'red' } }, 'session.colour'],
    [
      {
        type: 'session.update',
        session: { type: 'realtime', audio: { input: { format: { type: 'audio/pcm', bits: 8 } } } },
      },
      'session.audio.input.format.bits',
    ],
    [
      { type: 'response.create', response: { tools: [{ type: 'function', name: 'f', strictness: 1 }] } },
      'response.tools[0].strictness',
    ],
    [
      {
        type: 'conversation.item.create',
        item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi', colour: 'red' }] },
      },
      'item.content[0].colour',
    ],
    [{ type: 'response.cancel', hard: true }, 'hard'],
  ])('%j is refused with unknown_parameter naming %s', async (event, param) => {
    expect(await errorFor(event)).toEqual({
      type: 'invalid_request_error',
      code: 'unknown_parameter',
      message: `Unknown parameter: '${param}'.`,
      param,
      event_id: 'evt_under_test',
    });
  });

  it('is not applied to fields whose keys are free: metadata and a tool’s JSON Schema', async () => {
    client.log.mark();
    client.send({
      type: 'session.update',
      session: {
        type: 'realtime',
        tools: [{ type: 'function', name: 'f', parameters: { type: 'object', anything: { goes: true } } }],
      },
    });
    const updated = await client.log.next(
      (event) => event.type === 'session.updated' || event.type === 'error',
    );
    expect(updated.type).toBe('session.updated');
    expect((updated.session as { tools: unknown[] }).tools[0]).toMatchObject({
      parameters: { anything: { goes: true } },
    });
  });
});

describe('nesting', () => {
  it('a tool nested 10,000 levels deep gets nesting_too_deep, and the session goes on', async () => {
    client.log.mark();
    const text = `{"type":"session.update","event_id":"evt_deep","session":{"type":"realtime","tools":[${deepTool(10_000)}]}}`;
    client.socket.send(text);
    const error = (await client.log.next('error')).error as Record<string, unknown>;
    expect(error).toMatchObject({
      type: 'invalid_request_error',
      code: 'nesting_too_deep',
      event_id: 'evt_deep',
    });
    expect(error.param).toMatch(/^session\.tools\[0\]\.parameters\.properties\.a/);
    client.send({ type: 'session.update', session: { type: 'realtime', instructions: 'still here' } });
    expect((await client.log.next('session.updated')).session).toMatchObject({ instructions: 'still here' });
  });

  it('minting with a deeply nested or unknown session field is a 400, not a 500', async () => {
    const mint = (body: string) =>
      rawRequest(server.port, {
        method: 'POST',
        path: '/v1/realtime/client_secrets',
        headers: { 'content-type': 'application/json' },
        body,
      });
    const deep = await mint(`{"session":{"type":"realtime","tools":[${deepTool(10_000)}]}}`);
    expect(deep.status).toBe(400);
    expect(JSON.parse(deep.body).error.code).toBe('nesting_too_deep');
    const unknown = await mint('{"session":{"type":"realtime","colour":"red"}}');
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.body).error).toMatchObject({
      code: 'unknown_parameter',
      param: 'session.colour',
    });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { checkFault } from '../src/faults/fault-types.js';
import {
  FaultConfigError,
  type LocalRealtimeOptions,
  scriptedBrain,
  startLocalRealtime,
} from '../src/index.js';
import {
  delayEvents,
  dropConnection,
  expireSession,
  failResponse,
  injectError,
  reorderEvents,
} from '../src/testing.js';
import { connectWs, type TestClient } from './helpers/clients.js';
import type { WireEvent } from './helpers/event-log.js';

/* Fault injection (issue 16, point 4) and the session cap (point 3), seen from a plain `ws` client. */

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(options: LocalRealtimeOptions = {}) {
  const server = await startLocalRealtime({
    brain: scriptedBrain({ rules: [], fallback: (c) => [{ type: 'message', text: `Echo: ${c.userText}` }] }),
    audio: { pace: 'fast', voice: 'tone' },
    ...options,
  });
  cleanups.push(() => server.close());
  return server;
}

type Client = TestClient & { socket: import('ws').WebSocket };

async function open(url: string): Promise<Client> {
  const client = await connectWs(`${url}?model=gpt-realtime`);
  cleanups.push(() => client.close());
  await client.log.next('session.created');
  return client;
}

function ask(client: TestClient, text: string): void {
  client.send({
    type: 'conversation.item.create',
    item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
  });
  client.send({ type: 'response.create', response: { output_modalities: ['text'] } });
}

function closed(client: Client): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) =>
    client.socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
}

const types = (events: readonly WireEvent[]) => events.map((event) => event.type);

describe('the session cap', () => {
  it('ends a session at limits.maxSessionMs as the API does: session_expired, then close 1001', async () => {
    const server = await start({ limits: { maxSessionMs: 300 } });
    const client = await open(server.url);
    const created = client.log.events[0] as unknown as { session: { expires_at: number } };
    expect(created.session.expires_at).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 1);
    const ended = closed(client);
    const error = await client.log.next('error', 3000);
    expect(error.error).toEqual({
      type: 'invalid_request_error',
      code: 'session_expired',
      message: 'Your session hit the maximum duration of 0.3 seconds.',
      param: null,
      event_id: null,
    });
    expect(await ended).toEqual({
      code: 1001,
      reason: 'Your session hit the maximum duration of 0.3 seconds.',
    });
  });

  it('refuses a cap no timer can hold', async () => {
    await expect(start({ limits: { maxSessionMs: 2 ** 31 } })).rejects.toThrow(/limits.maxSessionMs/);
  });
});

describe('faults from the server options and server.faults', () => {
  it('drops the socket with no close frame just before a named event', async () => {
    const server = await start({ faults: [dropConnection({ beforeEvent: 'response.done' })] });
    const client = await open(server.url);
    const ended = closed(client);
    ask(client, 'hello');
    expect((await ended).code).toBe(1006);
    expect(types(client.log.events)).toContain('response.output_item.done');
    expect(types(client.log.events)).not.toContain('response.done');
    expect(server.faults.fired.map((fired) => [fired.fault.kind, fired.event])).toEqual([
      ['drop', 'response.done'],
    ]);
  });

  it('drops after N events with a close frame, counting from when it is armed', async () => {
    const server = await start();
    const client = await open(server.url);
    server.faults.inject(dropConnection({ afterEvents: 2 }, { code: 4000, reason: 'test drop' }));
    const ended = closed(client);
    ask(client, 'hello');
    expect(await ended).toEqual({ code: 4000, reason: 'test drop' });
    // session.created came before the fault; then exactly two events.
    expect(client.log.events).toHaveLength(3);
  });

  it('arms a `next` fault on the next connection only, and an `every` fault on each', async () => {
    const server = await start();
    server.faults.inject(injectError({ afterEvents: 0 }, { message: 'first only' }), { scope: 'next' });
    server.faults.inject(injectError({ afterEvent: 'session.created' }, { code: 'busy' }), {
      scope: 'every',
    });
    const first = await open(server.url);
    const second = await open(server.url);
    const errors = (client: TestClient) =>
      client.log.events.filter((event) => event.type === 'error').map((event) => event.error);
    await first.log.next(
      (event) => event.type === 'error' && (event.error as { code: unknown }).code === 'busy',
    );
    await second.log.next(
      (event) => event.type === 'error' && (event.error as { code: unknown }).code === 'busy',
    );
    expect(types(first.log.events).slice(0, 2)).toEqual(['error', 'session.created']);
    expect(errors(first)).toHaveLength(2);
    expect(errors(second)).toEqual([
      {
        type: 'server_error',
        code: 'busy',
        message: 'The server had an error while processing your request. (injected fault)',
        param: null,
        event_id: null,
      },
    ]);
  });

  it('expires a session on demand, and whenFired reports it', async () => {
    const server = await start();
    const client = await open(server.url);
    const ended = closed(client);
    server.faults.inject(expireSession({ afterEvent: 'response.done' }));
    ask(client, 'hello');
    const fired = await server.faults.whenFired('expire');
    expect(fired.event).toBe('response.done');
    expect((await ended).code).toBe(1001);
    const last = client.log.events.at(-1) as WireEvent & { error: { code: string } };
    expect(last.error.code).toBe('session_expired');
    expect(types(client.log.events).at(-2)).toBe('response.done');
  });

  it('delays events and keeps their order', async () => {
    const server = await start();
    const client = await open(server.url);
    server.faults.inject(delayEvents({ beforeEvent: 'response.created' }, 300));
    ask(client, 'hello');
    await client.log.next('conversation.item.added');
    // Held events cannot arrive early, however slow the machine.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(types(client.log.events)).not.toContain('response.created');
    await client.log.next('response.done');
    const after = types(client.log.events);
    const order = [
      'conversation.item.added',
      'response.created',
      'response.output_item.done',
      'response.done',
    ];
    const positions = order.map((type) => after.indexOf(type));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(positions.every((position) => position > 0)).toBe(true);
  });

  it('reorders: the output item arrives after response.done', async () => {
    const server = await start();
    const client = await open(server.url);
    server.faults.inject(reorderEvents('response.output_item.done', 'response.done'));
    ask(client, 'hello');
    await client.log.next('response.output_item.done');
    const seen = types(client.log.events);
    expect(seen.indexOf('response.done')).toBeLessThan(seen.indexOf('response.output_item.done'));
  });

  it('makes the nth response fail with the error given', async () => {
    const server = await start();
    const client = await open(server.url);
    server.faults.inject(
      failResponse({ nth: 2, error: { type: 'server_error', code: 'overloaded', message: 'busy' } }),
    );
    ask(client, 'one');
    const first = (await client.log.next('response.done')) as WireEvent & { response: { status: string } };
    expect(first.response.status).toBe('completed');
    ask(client, 'two');
    const second = (await client.log.next('response.done')) as WireEvent & {
      response: { status: string; output: unknown[]; status_details: unknown };
    };
    expect(second.response.status).toBe('failed');
    expect(second.response.output).toEqual([]);
    expect(second.response.status_details).toEqual({
      type: 'failed',
      error: { type: 'server_error', code: 'overloaded', message: 'busy' },
    });
    ask(client, 'three');
    const third = (await client.log.next('response.done')) as WireEvent & { response: { status: string } };
    expect(third.response.status).toBe('completed');
  });
});

describe('fault descriptions', () => {
  it.each([
    [{ kind: 'explode', at: { now: true } }, 'kind'],
    [{ kind: 'drop' }, 'at'],
    [{ kind: 'drop', at: { afterEvents: -1 } }, 'at.afterEvents'],
    [{ kind: 'drop', at: { beforeEvent: '' } }, 'at.beforeEvent'],
    [{ kind: 'drop', at: { now: true }, close: { code: 1006 } }, 'close.code'],
    [{ kind: 'delay', at: { now: true }, ms: Number.NaN }, 'ms'],
    [{ kind: 'reorder', event: 'response.done' }, 'after'],
    [{ kind: 'fail_response', at: { now: true }, nth: 0 }, 'nth'],
  ])('refuses %j naming %s', (fault, field) => {
    const thrown = (() => {
      try {
        checkFault(fault);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(thrown).toBeInstanceOf(FaultConfigError);
    expect(thrown).toMatchObject({ code: 'invalid_fault', field });
  });

  it('refuses a bad fault at start and in inject, arming nothing', async () => {
    await expect(
      startLocalRealtime({ port: 0, faults: [{ kind: 'delay', at: { now: true }, ms: -5 }] }),
    ).rejects.toBeInstanceOf(FaultConfigError);
    const server = await start();
    expect(() => server.faults.inject({ kind: 'drop', at: { afterMs: -1 } })).toThrow(FaultConfigError);
    expect(server.faults.fired).toEqual([]);
  });
});

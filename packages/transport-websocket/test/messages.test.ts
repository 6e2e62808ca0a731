import { type ClientEvent, TransportSendError } from '@switchboard/core';
import { betaDialect } from '@switchboard/core/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { websocketTransport as browserWebsocketTransport } from '../src/browser.js';
import { BinaryFrameError } from '../src/errors.js';
import { websocketTransport } from '../src/node.js';
import type { WebSocketTransport } from '../src/websocket-transport.js';
import { record, recordEvents } from './helpers/observe.js';
import { startServer, type TestServer } from './helpers/server.js';

let server: TestServer;
const transports: WebSocketTransport[] = [];
const track = (transport: WebSocketTransport): WebSocketTransport => {
  transports.push(transport);
  return transport;
};

beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  await Promise.all(transports.splice(0).map((transport) => transport.close()));
  await server.close();
});

const userText = (text: string): ClientEvent => ({
  type: 'conversation.item.create',
  item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
});

describe('sending', () => {
  it('queues events sent before open and writes them first, in order', async () => {
    const transport = track(websocketTransport({ dialect: 'ga', url: server.url }));
    transport.send(userText('one')); // idle
    const connected = transport.connect();
    transport.send(userText('two')); // connecting
    transport.send({ type: 'response.create' });
    await connected;
    transport.send(userText('three')); // open
    const connection = await server.connection(0);
    const received = await connection.receivedCount(4);
    expect(received).toEqual([
      userText('one'),
      userText('two'),
      { type: 'response.create' },
      userText('three'),
    ]);
  });

  it('declares its trust: the model’s events come direct; a call’s session may be shared', () => {
    const own = track(websocketTransport({ dialect: 'ga', url: server.url }));
    const attached = track(websocketTransport({ dialect: 'ga', url: server.url, callId: 'rtc_1' }));
    expect([own.modelEvents, own.sessionControl]).toEqual(['direct', 'exclusive']);
    expect([attached.modelEvents, attached.sessionControl]).toEqual(['direct', 'shared']);
  });

  it('sends the key as a bearer header and asks for the model', async () => {
    const transport = track(
      websocketTransport({ dialect: 'ga', url: server.url, apiKey: 'sk-test', model: 'm-1' }),
    );
    await transport.connect();
    const { request } = await server.connection(0);
    expect(request.headers.authorization).toBe('Bearer sk-test');
    expect(request.headers['openai-beta']).toBeUndefined();
    expect(request.url).toBe('/v1/realtime?model=m-1');
  });

  it('attaches to a call with ?call_id= over a base URL', async () => {
    const transport = track(
      websocketTransport({ dialect: 'ga', baseURL: server.baseURL, apiKey: 'sk', callId: 'rtc_42' }),
    );
    await transport.connect();
    expect((await server.connection(0)).request.url).toBe('/v1/realtime?call_id=rtc_42');
  });
});

describe('write failures', () => {
  it('reports an event the socket failed to write', async () => {
    class FailingWebSocket extends WebSocket {
      override send(_data: unknown, ...rest: unknown[]): void {
        const callback = rest.at(-1);
        if (typeof callback === 'function') queueMicrotask(() => callback(new Error('write EPIPE')));
      }
    }
    const transport = track(
      websocketTransport({ dialect: 'ga', url: server.url, WebSocket: FailingWebSocket }),
    );
    const errors = record(transport.errors$);
    await transport.connect();
    transport.send({ type: 'response.cancel' });
    await expect.poll(() => errors.values.length).toBe(1);
    expect(errors.values[0]).toBeInstanceOf(TransportSendError);
    expect(errors.values[0]?.message).toBe(
      'could not send response.cancel: the socket failed before it was written: write EPIPE',
    );
  });
});

describe('receiving', () => {
  it('emits GA events unchanged', async () => {
    const transport = track(websocketTransport({ dialect: 'ga', url: server.url }));
    const events = recordEvents(transport.events$);
    await transport.connect();
    const delta = {
      type: 'response.output_text.delta',
      response_id: 'r',
      item_id: 'i',
      output_index: 0,
      content_index: 0,
      delta: 'hi',
    };
    (await server.connection(0)).send(delta);
    await expect.poll(() => events.values).toEqual([delta]);
  });

  it('emits undecodable and non-object frames as they are, for the session to report', async () => {
    const transport = track(websocketTransport({ dialect: 'ga', url: server.url }));
    const events = recordEvents(transport.events$);
    await transport.connect();
    const connection = await server.connection(0);
    connection.socket.send('{not json');
    connection.socket.send('42');
    await expect.poll(() => events.values).toEqual(['{not json', 42]);
  });

  it('reports binary frames on errors$ and does not emit them', async () => {
    const transport = track(websocketTransport({ dialect: 'ga', url: server.url }));
    const events = recordEvents(transport.events$);
    const errors = record(transport.errors$);
    await transport.connect();
    const connection = await server.connection(0);
    connection.socket.send(Buffer.from([1, 2, 3]));
    connection.send({ type: 'rate_limits.updated', rate_limits: [] });
    await expect.poll(() => events.values.length).toBe(1);
    expect(errors.values).toHaveLength(1);
    expect(errors.values[0]).toBeInstanceOf(BinaryFrameError);
    expect((errors.values[0] as BinaryFrameError).byteLength).toBe(3);
  });
});

describe('beta dialect over a real socket', () => {
  it('writes beta client events and emits canonical GA server events', async () => {
    const transport = track(websocketTransport({ dialect: 'beta', url: server.url, apiKey: 'sk' }));
    const events = recordEvents(transport.events$);
    await transport.connect();
    const connection = await server.connection(0);
    expect(connection.request.headers['openai-beta']).toBe('realtime=v1');
    expect(connection.request.url).toBe('/v1/realtime?model=gpt-4o-realtime-preview');

    const create: ClientEvent = { type: 'response.create', response: { output_modalities: ['text'] } };
    transport.send(create);
    const [wire] = await connection.receivedCount(1);
    expect(wire).toEqual(betaDialect.clientEventFromCanonical({ ...create }));
    expect(wire).toMatchObject({ type: 'response.create', response: { modalities: ['text'] } });
    expect(JSON.stringify(wire)).not.toContain('output_modalities');

    connection.send({
      type: 'response.text.delta',
      response_id: 'r',
      item_id: 'i',
      output_index: 0,
      content_index: 0,
      delta: 'hé',
    });
    await expect
      .poll(() => events.values)
      .toEqual([
        {
          type: 'response.output_text.delta',
          response_id: 'r',
          item_id: 'i',
          output_index: 0,
          content_index: 0,
          delta: 'hé',
        },
      ]);
  });
});

describe('browser entry', () => {
  it('sends the client secret as subprotocols and no headers', async () => {
    const transport = track(
      browserWebsocketTransport({
        dialect: 'beta',
        url: server.url,
        apiKey: 'ek_test',
        WebSocket: WebSocket,
      }),
    );
    const events = recordEvents(transport.events$);
    await transport.connect();
    const connection = await server.connection(0);
    expect(connection.request.headers['sec-websocket-protocol']?.split(/,\s*/)).toEqual([
      'realtime',
      'openai-insecure-api-key.ek_test',
      'openai-beta.realtime-v1',
    ]);
    expect(connection.socket.protocol).toBe('realtime');
    expect(connection.request.headers.authorization).toBeUndefined();
    connection.send({
      type: 'conversation.item.created',
      item: { id: 'i1', type: 'message', role: 'user', content: [] },
    });
    await expect
      .poll(() => (events.values[0] as { type?: string } | undefined)?.type)
      .toBe('conversation.item.added');
  });

  it('needs a WebSocket class where the runtime has none', () => {
    const original = globalThis.WebSocket;
    Object.defineProperty(globalThis, 'WebSocket', { value: undefined, configurable: true, writable: true });
    try {
      expect(() => browserWebsocketTransport({ dialect: 'ga', apiKey: 'ek' })).toThrow(/no global WebSocket/);
    } finally {
      Object.defineProperty(globalThis, 'WebSocket', { value: original, configurable: true, writable: true });
    }
  });
});

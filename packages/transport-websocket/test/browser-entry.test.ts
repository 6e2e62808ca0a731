import { TransportConfigError } from '@switchboard/core';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { websocketTransport } from '../src/index.browser.js';
import { startServer, type TestServer } from './helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the browser entry', () => {
  it('refuses a real API key (sk-…) and says to mint a client secret (issue 18)', () => {
    const withKey = () => websocketTransport({ dialect: 'ga', apiKey: 'sk-proj-0123456789', WebSocket });
    expect(withKey).toThrow(TransportConfigError);
    expect(withKey).toThrow(
      expect.objectContaining({
        code: 'invalid_transport_option',
        transport: 'websocket',
        field: 'apiKey',
        message: expect.stringMatching(/must never reach a browser: mint a short-lived client secret/),
      }),
    );
    expect(withKey).not.toThrow(/0123456789/);
  });

  it('takes a client secret and offers it as the subprotocol, as a browser would', async () => {
    server = await startServer();
    const transport = websocketTransport({
      dialect: 'ga',
      url: server.url,
      apiKey: 'ek_client_secret',
      WebSocket,
    });
    await transport.connect();
    const protocols = String(server.upgrades[0]?.headers['sec-websocket-protocol']);
    expect(protocols).toContain('openai-insecure-api-key.ek_client_secret');
    await transport.close();
  });
});

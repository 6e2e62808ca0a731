import { createTransport, TransportConfigError, TransportConnectError } from '@switchboard/core';
import { firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import {
  attachRelayEndpoint,
  listenRelayEndpoint,
  RelayRejectedError,
  WebRtcRelayTransport,
  webrtcRelayTransport,
} from '../src/index.js';
import { RELAY_PROTOCOL } from '../src/relay-protocol.js';
import { openFakeBrowser } from './helpers/fake-browser.js';
import { startHttpServer } from './helpers/fixtures.js';
import { rawUpgrade } from './helpers/raw-upgrade.js';

const ORIGIN = 'https://app.example.com';
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup() {
  const http = await startHttpServer();
  cleanups.push(() => http.close());
  const transport = webrtcRelayTransport({
    mode: 'sideband',
    endpoint: http.server,
    allowedOrigins: [ORIGIN],
  });
  cleanups.push(() => transport.close());
  const url = `ws://127.0.0.1:${http.port}/switchboard/relay`;
  return { http, transport, url };
}

describe('relay endpoint', () => {
  it('refuses an unknown token with 401 and reports it', async () => {
    const { transport, url } = await setup();
    const rejected = firstValueFrom(transport.endpoint.rejections$);
    await expect(openFakeBrowser(url, 'x'.repeat(32), { origin: ORIGIN })).rejects.toMatchObject({
      status: 401,
    });
    expect(await rejected).toMatchObject({ reason: 'unknown_token', status: 401 });
  });

  it('refuses a foreign origin with 403 on the transport’s errors$, and still takes the right one', async () => {
    const { transport, url } = await setup();
    const error = firstValueFrom(transport.errors$);
    await expect(
      openFakeBrowser(url, transport.token, { origin: 'https://evil.example' }),
    ).rejects.toMatchObject({
      status: 403,
    });
    await expect(openFakeBrowser(url, transport.token)).rejects.toMatchObject({ status: 403 });
    const refused = await error;
    expect(refused).toBeInstanceOf(RelayRejectedError);
    expect(refused).toMatchObject({ reason: 'origin', origin: 'https://evil.example' });
    const connected = transport.connect();
    const browser = await openFakeBrowser(url, transport.token, { origin: `${ORIGIN}/` });
    await connected;
    expect(transport.status).toEqual({ state: 'open', generation: 1 });
    expect(await browser.next('bootstrap')).toEqual({ type: 'bootstrap', mode: 'sideband' });
  });

  it('takes a token once, and refuses a request without the relay subprotocols', async () => {
    const { transport, url } = await setup();
    void transport.connect();
    await openFakeBrowser(url, transport.token, { origin: ORIGIN });
    await expect(openFakeBrowser(url, transport.token, { origin: ORIGIN })).rejects.toMatchObject({
      status: 401,
    });
    await expect(
      openFakeBrowser(url, transport.token, { origin: ORIGIN, protocols: ['other'] }),
    ).rejects.toMatchObject({
      status: 400,
    });
  });

  it('answers an upgrade to //[ with 404 and keeps the app and a live call going', async () => {
    const { http, transport, url } = await setup();
    void transport.connect();
    const browser = await openFakeBrowser(url, transport.token, { origin: ORIGIN });
    await browser.next('bootstrap');
    expect(await rawUpgrade(http.port, '//[')).toBe(404);
    expect(await rawUpgrade(http.port, '//[/switchboard/relay')).toBe(404);
    transport.sendAppMessage('still here');
    expect(await browser.next('app')).toEqual({ type: 'app', payload: 'still here' });
    expect(transport.status).toEqual({ state: 'open', generation: 1 });
  });

  it('answers an upgrade whose target is no URL with 400', async () => {
    const { http } = await setup();
    expect(await rawUpgrade(http.port, 'http://[/switchboard/relay')).toBe(400);
    expect(await rawUpgrade(http.port, '*')).toBe(400);
  });

  it('leaves other upgrade paths of the server alone', async () => {
    const { http } = await setup();
    const other = new WebSocketServer({ noServer: true });
    http.server.on('upgrade', (request, socket, head) => {
      if (request.url === '/other') other.handleUpgrade(request, socket, head, (ws) => ws.send('hello'));
    });
    const client = new WebSocket(`ws://127.0.0.1:${http.port}/other`);
    const message = await new Promise<string>((resolve) =>
      client.on('message', (data) => resolve(String(data))),
    );
    expect(message).toBe('hello');
    client.close();
    other.close();
  });

  it('shares one endpoint per server and path, and listens standalone', async () => {
    const { http, transport } = await setup();
    expect(attachRelayEndpoint(http.server)).toBe(transport.endpoint);
    expect(attachRelayEndpoint(http.server, { path: '/other' })).not.toBe(transport.endpoint);
    const endpoint = await listenRelayEndpoint({ path: '/calls/' });
    cleanups.push(() => endpoint.close());
    expect(endpoint.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/calls$/);
    const standalone = webrtcRelayTransport({ mode: 'relay', endpoint, allowedOrigins: [ORIGIN] });
    cleanups.push(() => standalone.close());
    const browser = await openFakeBrowser(endpoint.url as string, standalone.token, { origin: ORIGIN });
    expect(endpoint.connections).toBe(1);
    expect(browser.socket.protocol).toBe(RELAY_PROTOCOL);
  });

  it('gives up when no browser joins in time', async () => {
    const http = await startHttpServer();
    cleanups.push(() => http.close());
    const transport = webrtcRelayTransport({
      mode: 'relay',
      endpoint: http.server,
      allowedOrigins: [ORIGIN],
      joinTimeoutMs: 30,
    });
    const failure = await transport.connect().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TransportConnectError);
    expect(transport.status).toMatchObject({ state: 'closed', reason: { kind: 'network_error' } });
  });

  it('is made by createTransport and checks its options', async () => {
    const http = await startHttpServer();
    cleanups.push(() => http.close());
    const made = await createTransport({
      type: 'webrtc-relay',
      mode: 'relay',
      endpoint: http.server,
      allowedOrigins: [ORIGIN],
    });
    expect(made).toBeInstanceOf(WebRtcRelayTransport);
    await made.close();
    const base = { endpoint: http.server, allowedOrigins: [ORIGIN] } as const;
    expect(() => webrtcRelayTransport({ ...base, mode: 'relay', token: 'short' })).toThrow(
      TransportConfigError,
    );
    expect(() => webrtcRelayTransport({ ...base, mode: 'relay', allowedOrigins: [] })).toThrow(
      /allowedOrigins/,
    );
    expect(() => webrtcRelayTransport({ ...base, mode: 'sideband', dialect: 'beta' })).toThrow(/dialect/);
    expect(() => webrtcRelayTransport({ ...base, mode: 'relay', clientSecretTtlSeconds: 5 })).toThrow(
      /clientSecretTtlSeconds/,
    );
  });

  it('refuses a second transport with the same token on one endpoint, as a typed error that says what to do', async () => {
    const endpoint = await listenRelayEndpoint({ port: 0, host: '127.0.0.1' });
    const token = 'a-token-of-sixteen-chars';
    const first = webrtcRelayTransport({ mode: 'relay', endpoint, allowedOrigins: [ORIGIN], token });
    const again = () => webrtcRelayTransport({ mode: 'relay', endpoint, allowedOrigins: [ORIGIN], token });
    expect(again).toThrow(TransportConfigError);
    expect(again).toThrow(
      expect.objectContaining({
        code: 'invalid_transport_option',
        transport: 'webrtc-relay',
        field: 'token',
        message: expect.stringMatching(/give each call its own token/),
      }),
    );
    await first.close();
    await endpoint.close();
  });
});

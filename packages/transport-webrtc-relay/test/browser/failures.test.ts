import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { webrtcRelayTransport } from '../../src/index.js';
import { useBrowserFixture } from './fixture.js';
import { startPageServer } from './page-server.js';
import { connectInPage, expectNothingOpen, openPage, type PageWindow } from './stack.js';

const fixture = useBrowserFixture();

describe('failures in Chromium', () => {
  it('rejects a bad token before any media flows, and releases the microphone', async () => {
    const call = fixture.stack.call('relay');
    const rejected = firstValueFrom(call.transport.endpoint.rejections$);
    const page = await openPage(fixture.browser, fixture.stack.pages.origin);
    const result = await connectInPage(page, { url: call.url, token: 'not-the-token-0123456789' });
    expect(result).toMatchObject({ ok: false, name: 'RealtimeCallError', code: 'socket_closed' });
    expect(await rejected).toMatchObject({ reason: 'unknown_token', status: 401 });
    expect(call.transport.status).toMatchObject({ state: 'connecting' });
    await expectNothingOpen(page);
    await call.session.close();
    await page.close();
  });

  it('rejects a page from an origin that is not allowed', async () => {
    const call = fixture.stack.call('sideband');
    const foreign = await startPageServer();
    try {
      const refused = firstValueFrom(call.transport.errors$);
      const page = await openPage(fixture.browser, foreign.origin);
      const result = await connectInPage(page, { url: call.url, token: call.transport.token });
      expect(result).toMatchObject({ ok: false, code: 'socket_closed' });
      expect(await refused).toMatchObject({
        name: 'RelayRejectedError',
        reason: 'origin',
        origin: foreign.origin,
      });
      await expectNothingOpen(page);
      await page.close();
    } finally {
      await call.session.close();
      await foreign.close();
    }
  });

  it('reports a denied microphone to the page and to the server', async () => {
    const call = fixture.stack.call('sideband');
    const page = await openPage(fixture.browser, fixture.stack.pages.origin);
    await page.evaluate(() => {
      navigator.mediaDevices.getUserMedia = () =>
        Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    });
    const result = await connectInPage(page, { url: call.url, token: call.transport.token });
    expect(result).toMatchObject({ ok: false, code: 'microphone_denied' });
    await expect(call.connected).resolves.toBeUndefined();
    await expect
      .poll(() => call.transport.status)
      .toMatchObject({
        state: 'closed',
        reason: { kind: 'network_error', message: expect.stringMatching(/microphone_denied/) },
      });
    await expectNothingOpen(page);
    await page.close();
  });

  it('reports an SDP failure when the realtime endpoint refuses the offer', async () => {
    // A realtime API that mints client secrets but refuses every call.
    const api = createServer((request, response) => {
      response.setHeader('access-control-allow-origin', '*');
      response.setHeader('access-control-allow-headers', 'authorization, content-type');
      if (request.method === 'OPTIONS') return void response.end();
      if (request.url?.endsWith('/client_secrets')) {
        response.setHeader('content-type', 'application/json');
        return void response.end(JSON.stringify({ value: 'ek_refused', expires_at: 2_000_000_000 }));
      }
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end('{"error":{"message":"bad offer"}}');
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    const transport = webrtcRelayTransport({
      mode: 'relay',
      endpoint: fixture.stack.pages.server,
      allowedOrigins: [fixture.stack.pages.origin],
      baseURL: `http://127.0.0.1:${(api.address() as AddressInfo).port}/v1`,
    });
    void transport.connect().catch(() => {});
    transport.send({ type: 'session.update', session: { type: 'realtime' } });
    try {
      const page = await openPage(fixture.browser, fixture.stack.pages.origin);
      const url = `${fixture.stack.pages.origin.replace('http', 'ws')}/switchboard/relay`;
      const result = await connectInPage(page, { url, token: transport.token });
      expect(result).toMatchObject({
        ok: false,
        code: 'sdp_failed',
        message: expect.stringMatching(/HTTP 400/),
      });
      await expect
        .poll(() => transport.status)
        .toMatchObject({ state: 'closed', reason: { kind: 'network_error' } });
      await expectNothingOpen(page);
      await page.close();
    } finally {
      await transport.close();
      await new Promise((resolve) => api.close(resolve));
    }
  });

  it('tells the page when the server ends the call', async () => {
    const call = fixture.stack.call('relay');
    const page = await openPage(fixture.browser, fixture.stack.pages.origin);
    expect(await connectInPage(page, { url: call.url, token: call.transport.token })).toMatchObject({
      ok: true,
    });
    await call.transport.mediaReady;
    await call.session.close();
    await page.waitForFunction(() => (window as unknown as PageWindow).seen.close.length === 1);
    const end = await page.evaluate(() => (window as unknown as PageWindow).seen.close[0]);
    expect(end).toEqual({ by: 'server', code: 'ended', reason: 'the call was ended' });
    await expectNothingOpen(page);
    await expect.poll(() => fixture.stack.realtime.calls).toBe(0);
    await page.close();
  });
});

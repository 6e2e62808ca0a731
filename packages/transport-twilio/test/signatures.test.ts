import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TransportConfigError } from '@switchboard/core';
import twilio from 'twilio';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { streamTwiml, twimlWebhook } from '../src/index.js';
import { startTwilioApp, until } from './helpers.js';

const AUTH_TOKEN = 'test-auth-token-0123456789abcdef';
const VOICE_URL = 'https://phone.example.com/twilio/voice';

let app: Awaited<ReturnType<typeof startTwilioApp>> | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('TwiML and Twilio signatures', () => {
  it('streamTwiml connects the call to a bidirectional stream with its parameters, escaped', () => {
    expect(
      streamTwiml({
        url: 'wss://phone.example.com/twilio/media',
        parameters: { caller: '+1555', note: 'a"<b' },
      }),
    ).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Connect><Stream url="wss://phone.example.com/twilio/media">' +
        '<Parameter name="caller" value="+1555"/><Parameter name="note" value="a&quot;&lt;b"/></Stream></Connect></Response>',
    );
    expect(() => streamTwiml({ url: 'wss://phone.example.com/media?x=1' })).toThrow(TransportConfigError);
    expect(() => streamTwiml({ url: 'https://phone.example.com/media' })).toThrow(/wss/);
  });

  it('the voice webhook answers a signed request with TwiML and a forged one with 403, in both forms', async () => {
    const voice = twimlWebhook({
      authToken: AUTH_TOKEN,
      url: VOICE_URL,
      stream: (params) => ({
        url: 'wss://phone.example.com/twilio/media',
        parameters: { caller: params.From ?? '' },
      }),
    });
    const params = { CallSid: 'CA1', From: '+15550100', To: '+15550199' };
    const body = new URLSearchParams(params).toString();
    const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, VOICE_URL, params);
    const signed = await voice.handle(
      new Request(VOICE_URL, { method: 'POST', body, headers: { 'x-twilio-signature': signature } }),
    );
    expect(signed.status).toBe(200);
    expect(await signed.text()).toContain('<Parameter name="caller" value="+15550100"/>');
    const forged = await voice.handle(
      new Request(VOICE_URL, {
        method: 'POST',
        body: body.replace('15550100', '15550666'),
        headers: { 'x-twilio-signature': signature },
      }),
    );
    expect([forged.status, await forged.text()]).toEqual([403, 'invalid Twilio signature']);

    const server = createServer(voice.listener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const local = `http://127.0.0.1:${(server.address() as AddressInfo).port}/twilio/voice`;
    const post = (headers: Record<string, string>) =>
      fetch(local, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      });
    expect((await post({ 'x-twilio-signature': signature })).status).toBe(200);
    expect((await post({})).status).toBe(403);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('a media stream must carry a valid X-Twilio-Signature when the app has an auth token', async () => {
    app = await startTwilioApp({ authToken: AUTH_TOKEN });
    const refused = new WebSocket(app.url);
    const status = await new Promise<number>((resolve) =>
      refused.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0)),
    );
    expect(status).toBe(403);
    expect(app.calls).toHaveLength(0);
    await until(() => (app?.streamErrors.length ?? 0) >= 1);
    expect(app.streamErrors[0]).toMatchObject({ name: 'TwilioStreamError', code: 'signature_refused' });
    expect(app.streamErrors[0]?.message).toMatch(/check publicUrl and the auth token$/);

    const { caller } = await app.dial({ authToken: AUTH_TOKEN });
    await caller.hangUp();
  });

  it('frames that are not the protocol are reported and the call goes on', async () => {
    app = await startTwilioApp();
    const { caller } = await app.dial();
    const socket = new WebSocket(app.url);
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send('not json');
    socket.send(Buffer.from([1, 2, 3]));
    socket.send(JSON.stringify({ event: 'media', streamSid: 'MZ-unknown', media: { payload: 'AAAA' } }));
    await until(() => (app?.streamErrors.length ?? 0) >= 3);
    expect(app.streamErrors.map((error) => error.name)).toEqual([
      'TwilioProtocolError',
      'TwilioProtocolError',
      'TwilioProtocolError',
    ]);
    socket.close();
    await caller.say('What is on my invoice?');
    await caller.agentDone();
    expect(
      app.calls[0]?.toolEvents.some((event) => event.type === 'tool_end' && event.outcome === 'success'),
    ).toBe(true);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  concatPcm,
  generateTone,
  type LocalRealtimeServer,
  scriptedBrain,
  silence,
  startLocalRealtime,
} from '../src/index.js';
import { browserPeer, peers, postOffer } from './helpers/browser-peer.js';

/*
 * WebRTC calls of the local server, driven by a pure-TypeScript peer (werift) playing the browser:
 * SDP over HTTP, the `oai-events` data channel, Opus both ways, `?call_id=` sideband sockets.
 */

const servers: LocalRealtimeServer[] = [];
afterEach(async () => {
  await Promise.all(peers.splice(0).map((peer) => peer.close()));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function server(options: Parameters<typeof startLocalRealtime>[0] = {}) {
  const started = await startLocalRealtime({
    brain: scriptedBrain([{ user: 'hello', say: 'Hi there, caller.' }]),
    audio: { pace: 'fast', voice: 'tone' },
    ...options,
  });
  servers.push(started);
  return started;
}

describe('WebRTC calls', () => {
  it('answers an SDP offer made with a client secret; the call starts with the secret’s session', async () => {
    const local = await server();
    const minted = await fetch(`${local.httpUrl}/realtime/client_secrets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ session: { type: 'realtime', instructions: 'Speak like a pirate.' } }),
    }).then((r) => r.json() as Promise<{ value: string }>);
    const browser = await browserPeer();
    const answer = await postOffer(`${local.httpUrl}/realtime/calls`, browser.offer, {
      'content-type': 'application/sdp',
      authorization: `Bearer ${minted.value}`,
    });
    expect(answer.status).toBe(201);
    expect(answer.location).toMatch(/^\/v1\/realtime\/calls\/rtc_[0-9a-f]+$/);
    expect(answer.text).toMatch(/^v=0/);
    await browser.answer(answer.text);
    const created = await browser.next('session.created');
    expect(created.session).toMatchObject({ instructions: 'Speak like a pirate.' });
    expect(local.calls).toBe(1);

    browser.send({
      type: 'conversation.item.create',
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hello' }] },
    });
    browser.send({ type: 'response.create', response: { output_modalities: ['text'] } });
    const done = await browser.next('response.done');
    expect(done.response).toMatchObject({ status: 'completed' });
    expect(JSON.stringify(done)).toContain('Hi there, caller.');
  });

  it('takes the server’s multipart offer with a session, and a ?call_id= socket that can drive the call', async () => {
    const local = await server({ requireAuth: 'sk-local' });
    const browser = await browserPeer();
    const form = new FormData();
    form.set('sdp', browser.offer);
    form.set(
      'session',
      JSON.stringify({ type: 'realtime', instructions: 'From the server.', output_modalities: ['text'] }),
    );
    const unauthorised = await postOffer(`${local.httpUrl}/realtime/calls`, form, {});
    expect(unauthorised.status).toBe(401);
    const answer = await postOffer(`${local.httpUrl}/realtime/calls`, form, {
      authorization: 'Bearer sk-local',
    });
    expect(answer.status).toBe(201);
    await browser.answer(answer.text);
    expect((await browser.next('session.created')).session).toMatchObject({
      instructions: 'From the server.',
    });

    const callId = answer.location?.split('/').pop();
    const sideband = new WebSocket(`${local.url}?call_id=${callId}`, {
      headers: { authorization: 'Bearer sk-local' },
    });
    const sidebandEvents: Record<string, unknown>[] = [];
    sideband.on('message', (data) => sidebandEvents.push(JSON.parse(String(data))));
    await new Promise((resolve) => sideband.once('open', resolve));
    sideband.send(
      JSON.stringify({
        type: 'conversation.item.create',
        item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hello' }] },
      }),
    );
    sideband.send(JSON.stringify({ type: 'response.create' }));
    await browser.next('response.done');
    await expect.poll(() => sidebandEvents.some((event) => event.type === 'response.done')).toBe(true);

    const missing = new WebSocket(`${local.url}?call_id=rtc_nope`, {
      headers: { authorization: 'Bearer sk-local' },
    });
    const status = await new Promise<number>((resolve) =>
      missing.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
    );
    expect(status).toBe(404);

    const closed = new Promise((resolve) => sideband.once('close', resolve));
    const hangup = await fetch(`${local.httpUrl}/realtime/calls/${callId}/hangup`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-local' },
    });
    expect(hangup.status).toBe(200);
    await closed;
    expect(local.calls).toBe(0);
  });

  it('hears the peer’s Opus through server VAD, and answers on the track with output_audio_buffer events', async () => {
    const local = await server();
    const browser = await browserPeer();
    const answer = await postOffer(`${local.httpUrl}/realtime/calls`, browser.offer, {
      'content-type': 'application/sdp',
    });
    await browser.answer(answer.text);
    await browser.next('session.created');
    await browser.speak(
      concatPcm([silence(200), generateTone({ durationMs: 600, amplitude: 0.3 }), silence(700)]),
    );
    for (const type of [
      'input_audio_buffer.speech_started',
      'input_audio_buffer.speech_stopped',
      'input_audio_buffer.committed',
    ]) {
      await browser.next(type);
    }
    const started = await browser.next('output_audio_buffer.started');
    const stopped = await browser.next('output_audio_buffer.stopped');
    expect(stopped.response_id).toBe(started.response_id);
    expect(browser.events.some((event) => event.type === 'response.output_audio.delta')).toBe(false);
    expect(browser.heard.loudFrames).toBeGreaterThan(10);

    // output_audio_buffer.clear cuts a reply that is playing.
    const from = browser.events.length;
    browser.send({
      type: 'conversation.item.create',
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hello' }] },
    });
    browser.send({ type: 'response.create' });
    const playing = await browser.next('output_audio_buffer.started', from);
    browser.send({ type: 'output_audio_buffer.clear' });
    expect(await browser.next('output_audio_buffer.cleared', from)).toMatchObject({
      response_id: playing.response_id,
    });
  });

  it('speaks beta on the data channel of a call made with the beta SDP form', async () => {
    const local = await server();
    const minted = await fetch(`${local.httpUrl}/realtime/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ modalities: ['text'], instructions: 'Beta call.' }),
    }).then((r) => r.json() as Promise<{ client_secret: { value: string } }>);
    const browser = await browserPeer();
    const answer = await postOffer(`${local.httpUrl}/realtime?model=gpt-4o-realtime-preview`, browser.offer, {
      'content-type': 'application/sdp',
      authorization: `Bearer ${minted.client_secret.value}`,
    });
    expect(answer.status).toBe(201);
    await browser.answer(answer.text);
    expect((await browser.next('session.created')).session).toMatchObject({
      modalities: ['text'],
      instructions: 'Beta call.',
    });
    browser.send({
      type: 'conversation.item.create',
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hello' }] },
    });
    browser.send({ type: 'response.create' });
    await browser.next('response.done');
    const types = browser.events.map((event) => event.type);
    expect(types).toContain('conversation.item.created');
    expect(types).toContain('response.text.delta');
    expect(types).not.toContain('conversation.item.added');
  });

  it('refuses offers it cannot answer', async () => {
    const local = await server();
    const url = `${local.httpUrl}/realtime/calls`;
    expect((await postOffer(url, 'not sdp', { 'content-type': 'application/sdp' })).status).toBe(400);
    expect((await postOffer(url, '{}', { 'content-type': 'application/json' })).status).toBe(400);
    const form = new FormData();
    form.set('sdp', (await browserPeer()).offer);
    form.set('session', JSON.stringify({ output_modalities: 'loud' }));
    const invalid = await postOffer(url, form, {});
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.text)).toMatchObject({ error: { param: expect.stringMatching(/^session/) } });
    expect((await fetch(`${url}/rtc_missing/hangup`, { method: 'POST' })).status).toBe(404);
    expect(local.calls).toBe(0);
  });
});

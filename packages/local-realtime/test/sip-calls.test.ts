import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type LocalRealtimeServer, scriptedBrain, startLocalRealtime } from '../src/index.js';

const SECRET = `whsec_${Buffer.from('local-test-secret').toString('base64')}`;

/** An app's webhook endpoint that records each delivery and answers 200. */
async function webhookSink() {
  const deliveries: { headers: IncomingMessage['headers']; body: string }[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += String(chunk);
    });
    request.on('end', () => {
      deliveries.push({ headers: request.headers, body });
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
  return { url, deliveries, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Opens a `?call_id=` control socket and collects the event types it receives. */
async function attach(server: LocalRealtimeServer, callId: string) {
  const socket = new WebSocket(`${server.url}?call_id=${callId}`, {
    headers: { Authorization: 'Bearer sk-local' },
  });
  const events: { type: string; [key: string]: unknown }[] = [];
  socket.on('message', (data) => events.push(JSON.parse(String(data))));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return { socket, events, closed };
}

const until = async (check: () => boolean, timeoutMs = 15_000) => {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('the simulated SIP carrier and the calls API', () => {
  let server: LocalRealtimeServer;
  let sink: Awaited<ReturnType<typeof webhookSink>>;
  let client: OpenAI;

  beforeEach(async () => {
    server = await startLocalRealtime({
      audio: { voice: 'tone' },
      brain: scriptedBrain({
        rules: [{ user: /refund/i, say: 'I can help with that refund.' }],
        fallback: 'Hello.',
      }),
    });
    sink = await webhookSink();
    client = new OpenAI({
      apiKey: 'sk-local',
      baseURL: server.httpUrl,
      webhookSecret: SECRET,
      maxRetries: 0,
    });
  });
  afterEach(async () => {
    await server.close();
    await sink.close();
  });

  it('posts a realtime.call.incoming that the official SDK verifies, with From and To', async () => {
    const call = await server.placeCall({
      webhookUrl: sink.url,
      secret: SECRET,
      from: '+15551234',
      to: '+15559876',
    });
    const delivery = sink.deliveries[0];
    if (!delivery) throw new Error('no webhook delivered');
    const event = await client.webhooks.unwrap(delivery.body, delivery.headers as Record<string, string>);
    expect(event.type).toBe('realtime.call.incoming');
    if (event.type !== 'realtime.call.incoming') return;
    expect(event.data.call_id).toBe(call.callId);
    const headers = Object.fromEntries(event.data.sip_headers.map((header) => [header.name, header.value]));
    expect(headers.From).toContain('sip:+15551234@');
    expect(headers.To).toContain('sip:+15559876@');
    expect(call.record.webhook.status).toBe(200);
    // A wrong secret does not verify.
    await expect(
      client.webhooks.unwrap(delivery.body, delivery.headers as Record<string, string>, 'whsec_d3Jvbmc='),
    ).rejects.toThrow(/signature/);
  });

  it('accepted with a config, the caller is heard by its caption, the agent answers, a refer ends the call', async () => {
    const call = await server.placeCall({ webhookUrl: sink.url, secret: SECRET });
    await client.realtime.calls.accept(call.callId, { type: 'realtime', instructions: 'You answer phones.' });
    const control = await attach(server, call.callId);
    await until(() => control.events.some((event) => event.type === 'session.created'));
    expect(control.events[0]).toMatchObject({
      type: 'session.created',
      session: { instructions: 'You answer phones.' },
    });

    await call.say('I would like a refund please.');
    await call.agentDone();
    expect(call.record.callerSaid).toEqual(['I would like a refund please.']);
    expect(call.record.agentSaid.map((said) => said.transcript)).toEqual(['I can help with that refund.']);
    expect(call.record.agentSaid[0]?.audio.length).toBeGreaterThan(0);

    await client.realtime.calls.refer(call.callId, { target_uri: 'tel:+14155550123' });
    expect(await control.closed).toEqual({ code: 1000, reason: 'the call was transferred' });
    expect(call.record).toMatchObject({
      status: 'transferred',
      referredTo: 'tel:+14155550123',
      endedBy: 'transfer',
    });
  });

  it("answers the API's errors: unknown call, already accepted, not accepted yet, ended, bad input", async () => {
    await expect(client.realtime.calls.accept('rtc_nope', { type: 'realtime' })).rejects.toMatchObject({
      status: 404,
      code: 'call_not_found',
    });
    const call = await server.placeCall({ webhookUrl: sink.url, secret: SECRET });
    await expect(client.realtime.calls.refer(call.callId, { target_uri: 'tel:+1555' })).rejects.toMatchObject(
      {
        status: 400,
        code: 'call_not_accepted',
      },
    );
    await client.realtime.calls.accept(call.callId, { type: 'realtime' });
    await expect(client.realtime.calls.accept(call.callId, { type: 'realtime' })).rejects.toMatchObject({
      status: 400,
      code: 'call_already_accepted',
    });
    await expect(client.realtime.calls.reject(call.callId)).rejects.toMatchObject({
      code: 'call_already_accepted',
    });
    await expect(client.realtime.calls.refer(call.callId, { target_uri: 'not a uri' })).rejects.toMatchObject(
      {
        status: 400,
        param: 'target_uri',
      },
    );
    await client.realtime.calls.hangup(call.callId);
    expect(call.record).toMatchObject({ status: 'ended', endedBy: 'app' });
    await expect(client.realtime.calls.hangup(call.callId)).rejects.toMatchObject({
      status: 400,
      code: 'call_ended',
    });

    const rejected = await server.placeCall({ webhookUrl: sink.url, secret: SECRET });
    await client.realtime.calls.reject(rejected.callId, { status_code: 486 });
    expect((await rejected.ended).rejectedWith).toBe(486);
    await expect(client.realtime.calls.accept(rejected.callId, { type: 'realtime' })).rejects.toMatchObject({
      code: 'call_ended',
    });
  });

  it('keys the caller presses reach the control socket as dtmf_event_received; the caller can hang up', async () => {
    const call = await server.placeCall({ webhookUrl: sink.url, secret: SECRET });
    await client.realtime.calls.accept(call.callId, { type: 'realtime' });
    const control = await attach(server, call.callId);
    call.press('1#');
    await until(
      () =>
        control.events.filter((event) => event.type === 'input_audio_buffer.dtmf_event_received').length ===
        2,
    );
    expect(
      control.events.filter((event) => event.type.startsWith('input_audio_buffer.dtmf')).map((e) => e.event),
    ).toEqual(['1', '#']);
    call.hangUp();
    expect(await control.closed).toEqual({ code: 1000, reason: 'the caller hung up' });
    expect(server.calls).toBe(0);
  });
});

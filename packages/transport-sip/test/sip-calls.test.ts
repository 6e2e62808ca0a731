import { parseRecording, recordTransport } from '@switchboard/core';
import { signWebhook } from '@switchboard/local-realtime';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { sipTransport } from '../src/index.js';
import { HUMAN, SECRET, startPhoneApp, until } from './helpers.js';

let app: Awaited<ReturnType<typeof startPhoneApp>> | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('SIP calls through the Realtime calls API, end to end on loopback', () => {
  it('an incoming call is accepted, runs a tool, hands off, and is transferred to a human (refer recorded)', async () => {
    app = await startPhoneApp();
    const call = await app.realtime.placeCall({
      webhookUrl: app.webhookUrl,
      secret: SECRET,
      from: '+15550100',
      to: '+15550199',
      audio: ['What is on my invoice?', 'Put me through to billing please.', 'I want to talk to a person.'],
    });
    const record = await call.ended;

    expect(app.routed.map(({ from, to }) => ({ from, to }))).toEqual([
      { from: '+15550100', to: '+15550199' },
    ]);
    expect(record.acceptedWith).toMatchObject({
      type: 'realtime',
      model: 'gpt-realtime',
      instructions: 'You answer the phone.',
      audio: { output: { voice: 'marin' } },
      tools: [{ name: 'lookup_invoice' }, { name: 'transfer_to_billing' }],
    });
    expect(app.toolEvents.filter((event) => event.type === 'tool_end')).toMatchObject([
      { name: 'lookup_invoice', outcome: 'success', outputSent: true },
      { name: 'transfer_to_billing', outcome: 'success' },
      { name: 'transfer_to_human', outcome: 'success', output: JSON.stringify({ transferred_to: 'Human' }) },
    ]);
    expect(app.handoffs).toEqual(['Triage → Billing', 'Billing → Human']);
    expect(record.agentSaid.map((said) => said.transcript)).toEqual(
      expect.arrayContaining(['Invoice INV-1001 is 49 euros.', 'Billing here, how can I help?']),
    );
    expect(record).toMatchObject({ status: 'transferred', referredTo: HUMAN, endedBy: 'transfer' });
    // The call left: the session ended by itself, with no error, and nothing stays open.
    await until(() => app?.calls.sessions.size === 0);
    expect(app.errors).toEqual([]);
    await until(() => app?.realtime.connections === 0 && app.realtime.calls === 0);
  });

  it('session.hangup() ends the call with calls.hangup', async () => {
    app = await startPhoneApp();
    const call = await app.realtime.placeCall({ webhookUrl: app.webhookUrl, secret: SECRET });
    await call.answered;
    await until(() => app?.calls.sessions.get(call.callId)?.state === 'open');
    const session = app.calls.sessions.get(call.callId);
    await session?.hangup();
    const record = await call.ended;
    expect(record).toMatchObject({ status: 'ended', endedBy: 'app' });
    expect(session?.state).toBe('closed');
    expect(app.errors).toEqual([]);
  });

  it('wrapTransport records a call: the session runs over the wrapper, hangs up through it, and every event is in the recording', async () => {
    const lines: string[] = [];
    const wrapped: string[] = [];
    app = await startPhoneApp(undefined, {
      wrapTransport: (transport, call) => {
        wrapped.push(call.callId);
        return recordTransport(transport, (line) => lines.push(line));
      },
    });
    const call = await app.realtime.placeCall({
      webhookUrl: app.webhookUrl,
      secret: SECRET,
      audio: ['What is on my invoice?'],
      hangUpAfter: false,
    });
    await call.answered;
    await until(() => app?.toolEvents.some((event) => event.type === 'tool_end') === true);
    await until(() => lines.some((line) => line.includes('"response.done"') && line.includes('Invoice INV')));
    await app.calls.sessions.get(call.callId)?.hangup();
    const record = await call.ended;

    expect(wrapped).toEqual([call.callId]);
    expect(record).toMatchObject({ status: 'ended', endedBy: 'app' });
    const types = parseRecording(lines.join('')).map(
      (entry) => `${entry.direction} ${(entry.event as { type: string }).type}`,
    );
    expect(types).toEqual(
      expect.arrayContaining([
        'client session.update',
        'server input_audio_buffer.speech_started',
        'server response.function_call_arguments.done',
        'client conversation.item.create',
        'server response.done',
      ]),
    );
  });

  it('a wrapTransport that throws is reported and the call goes on unwrapped', async () => {
    app = await startPhoneApp(undefined, {
      wrapTransport: () => {
        throw new Error('no disk');
      },
    });
    const call = await app.realtime.placeCall({ webhookUrl: app.webhookUrl, secret: SECRET });
    await call.answered;
    await until(() => app?.calls.sessions.get(call.callId)?.state === 'open');
    expect(app.sipErrors.map((error) => `${error.operation}: ${String(error.cause)}`)).toEqual([
      'connect: Error: no disk',
    ]);
    await app.calls.sessions.get(call.callId)?.hangup();
    expect(await call.ended).toMatchObject({ status: 'ended', endedBy: 'app' });
  });

  it('handOver takes an accepted call instead of a session here; a keepCallOnClose socket leaves it on when closed', async () => {
    const handed: string[] = [];
    app = await startPhoneApp(undefined, { handOver: (call) => void handed.push(call.callId) });
    const call = await app.realtime.placeCall({ webhookUrl: app.webhookUrl, secret: SECRET });
    expect(await call.answered).toMatchObject({ status: 'accepted' });
    await until(() => handed.length === 1);
    expect(handed).toEqual([call.callId]);
    expect(app.calls.sessions.size).toBe(0);

    // Another process attaches by call id; closing its control socket does not end the call.
    const client = new OpenAI({ apiKey: 'sk-local', baseURL: app.realtime.httpUrl, maxRetries: 0 });
    const first = sipTransport({ callId: call.callId, client, keepCallOnClose: true });
    await first.connect();
    await first.close();
    expect(call.record.status).toBe('accepted');
    const next = sipTransport({ callId: call.callId, client });
    await next.connect();
    await next.close();
    expect(await call.ended).toMatchObject({ status: 'ended', endedBy: 'app' });
  });

  it('a handOver that throws is reported as a connect error', async () => {
    app = await startPhoneApp(undefined, {
      handOver: () => {
        throw new Error('queue down');
      },
    });
    const call = await app.realtime.placeCall({ webhookUrl: app.webhookUrl, secret: SECRET });
    await call.answered;
    await until(() => (app?.sipErrors.length ?? 0) > 0);
    expect(app.sipErrors.map((error) => `${error.operation}: ${String(error.cause)}`)).toEqual([
      'connect: Error: queue down',
    ]);
    call.hangUp();
  });

  it('a call the route refuses is rejected with its SIP status, and no session starts', async () => {
    app = await startPhoneApp((call) => (call.from === '+15550666' ? { reject: 486 } : { reject: 403 }));
    const call = await app.realtime.placeCall({
      webhookUrl: app.webhookUrl,
      secret: SECRET,
      from: '+15550666',
    });
    const record = await call.ended;
    expect(record).toMatchObject({ status: 'rejected', rejectedWith: 486, webhook: { status: 200 } });
    expect(app.calls.sessions.size).toBe(0);
  });

  it('a forged or stale webhook gets 400 and nothing else happens', async () => {
    app = await startPhoneApp();
    const call = await app.realtime.placeCall({
      webhookUrl: app.webhookUrl,
      secret: 'whsec_d3Jvbmcgc2VjcmV0',
    });
    expect(call.record.webhook.status).toBe(400);

    const body = JSON.stringify({
      object: 'event',
      id: 'evt_stale',
      type: 'realtime.call.incoming',
      created_at: 1,
      data: { call_id: call.callId, sip_headers: [] },
    });
    const stale = signWebhook(SECRET, body, { timestampSeconds: Math.floor(Date.now() / 1000) - 600 });
    const unsigned = { 'webhook-id': 'wh_1', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)) };
    for (const headers of [stale, unsigned]) {
      const response = await fetch(app.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
      expect(response.status).toBe(400);
    }
    expect(app.routed).toEqual([]);
    expect(call.record.status).toBe('ringing');
    expect(app.calls.sessions.size).toBe(0);
    call.hangUp();
  });

  it('a retried delivery of the same webhook is answered once', async () => {
    app = await startPhoneApp();
    const call = await app.realtime.placeCall({ webhookUrl: app.webhookUrl, secret: SECRET });
    await call.answered;
    const body = JSON.stringify({
      object: 'event',
      id: 'evt_retry',
      type: 'realtime.call.incoming',
      created_at: 1,
      data: { call_id: call.callId, sip_headers: [] },
    });
    const headers = { 'content-type': 'application/json', ...signWebhook(SECRET, body, { id: 'wh_same' }) };
    const first = await fetch(app.webhookUrl, { method: 'POST', headers, body });
    const again = await fetch(app.webhookUrl, { method: 'POST', headers, body });
    expect([first.status, await again.text()]).toEqual([200, 'already handled']);
    // The first delivery of this id tried to accept a call that was already accepted: reported, not thrown.
    expect(app.routed).toHaveLength(2);
  });
});

import { type AgentSessionOverrides, defineAgent, defineSwarm } from '@switchboard/core';
import { createServerScript } from '@switchboard/core/testing';
import { filter, firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { type RelayViolationError, webrtcRelayTransport } from '../src/index.js';
import { hangupNotice } from '../src/server/hangup.js';
import { TokenBucket } from '../src/server/rate-limit.js';
import { startHttpServer } from './helpers/fixtures.js';
import { closeRelayCalls, ORIGIN, relayCall, relayer } from './helpers/relay-call.js';

/* Issue 10: relay numbering (point 10), what the browser is told (11), the trust declaration (12, 13). */

afterEach(closeRelayCalls);

const textOnly: AgentSessionOverrides = {
  output_modalities: ['text'],
  audio: { input: { turn_detection: null } },
};

describe('relay numbering', () => {
  it('a 300 KiB session.updated echoing long instructions gets through, and so does what follows', async () => {
    const instructions = 'Be thorough. '.repeat(24_000); // ~300 KiB
    const agent = defineAgent<object>({ name: 'Verbose', instructions, session: textOnly });
    const swarm = defineSwarm({ agents: [agent], start: agent, context: {} as object });
    const { browser, session, errors } = await relayCall({ swarm });
    const bootstrap = await browser.next('bootstrap');
    const update = bootstrap.mode === 'relay' ? bootstrap.events[0] : undefined;
    const relay = relayer(browser);
    const script = createServerScript();
    const seen = firstValueFrom(session.events$.pipe(filter((event) => event.type === 'response.done')));
    relay(script.sessionCreated());
    relay({
      type: 'session.updated',
      event_id: 'evt_echo',
      session: { ...(update?.session as object), id: 'sess_1' },
    });
    for (const event of script.textResponse('Done.').events) relay(event);
    await seen;
    expect(errors).toEqual([]);
    expect(browser.received.filter((message) => message.type === 'notice')).toEqual([]);
  });

  it('one message dropped for size leaves a reported gap, not a desync: later events arrive, the call stays up', async () => {
    const { browser, session, errors, transport } = await relayCall();
    await browser.next('bootstrap');
    const relay = relayer(browser);
    const script = createServerScript();
    relay(script.sessionCreated());
    // Far above any limit (and any echo of what the server sent): dropped unread, its id with it.
    relay({ type: 'conversation.item.added', padding: 'x'.repeat(1_500_000) });
    expect(await browser.next('notice')).toMatchObject({ code: 'too_large' });
    const done = firstValueFrom(session.events$.pipe(filter((event) => event.type === 'response.done')));
    for (const event of script.textResponse('Still here.').events) relay(event);
    await done;
    expect(errors.map((error) => (error as RelayViolationError).kind)).toEqual(['too_large', 'out_of_order']);
    expect(errors[1]?.message).toMatch(/1 server event\(s\) before 3 never arrived/);
    expect(transport.status).toEqual({ state: 'open', generation: 1 });
  });

  it('a replayed event is refused', async () => {
    const { browser, errors } = await relayCall();
    await browser.next('bootstrap');
    const relay = relayer(browser);
    relay(createServerScript().sessionCreated());
    browser.send({ type: 'server_event', id: 1, event: '{"type":"session.created"}' });
    expect(await browser.next('notice')).toMatchObject({ code: 'out_of_order' });
    expect(errors.map((error) => (error as RelayViolationError).kind)).toEqual(['out_of_order']);
  });

  it('a charge beyond the tokens puts the bucket in debt and says how long until it is repaid', () => {
    let now = 0;
    const bucket = new TokenBucket(100, 200, () => now);
    expect(bucket.charge(150)).toBe(0);
    expect(bucket.charge(500)).toBe(4500); // 450 tokens owed at 100 per second
    now = 4500;
    expect(bucket.charge(1)).toBe(10);
    now = 60_000; // refilled to the burst, no further
    expect(bucket.charge(200)).toBe(0);
    expect(bucket.charge(1)).toBe(10);
  });
});

describe('what the browser is told', () => {
  it.each([
    [{ kind: 'client' } as const, 'ended'],
    [
      { kind: 'auth_failed', status: 401, message: 'Incorrect API key provided: sk-pr*****abcd.' } as const,
      'refused',
    ],
    [
      { kind: 'session_expired', message: 'Your session hit the maximum duration of 60 minutes.' } as const,
      'expired',
    ],
    [
      { kind: 'network_error', message: 'mint client secret failed (HTTP 500): upstream detail' } as const,
      'failed',
    ],
    [{ kind: 'server_closed', code: 1011, reason: 'internal detail' } as const, 'failed'],
  ])('%j → %s, with no detail of the reason', (reason, code) => {
    const notice = hangupNotice(reason);
    expect(notice.code).toBe(code);
    for (const detail of ['sk-', 'maximum duration', 'upstream detail', 'internal detail'])
      expect(notice.reason).not.toContain(detail);
  });
});

describe('trust declaration', () => {
  it('relay mode declares its model events relayed; sideband mode, direct; both share session control', async () => {
    const http = await startHttpServer();
    const options = { endpoint: http.server, allowedOrigins: [ORIGIN] } as const;
    const relay = webrtcRelayTransport({ ...options, mode: 'relay' });
    const sideband = webrtcRelayTransport({ ...options, mode: 'sideband' });
    expect([relay.modelEvents, relay.sessionControl]).toEqual(['relayed', 'shared']);
    expect([sideband.modelEvents, sideband.sessionControl]).toEqual(['direct', 'shared']);
    await Promise.all([relay.close(), sideband.close()]);
    await http.close();
  });
});

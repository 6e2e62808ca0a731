import type { TransportStatus } from '@switchboard/core';
import { createServerScript } from '@switchboard/core/testing';
import { filter, firstValueFrom, take, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { RelayViolationError } from '../src/index.js';
import type { ServerToBrowser } from '../src/relay-protocol.js';
import { closeRelayCalls, relayCall, relayer } from './helpers/relay-call.js';

afterEach(closeRelayCalls);

describe('relay mode', () => {
  it('bootstraps the browser with a client secret minted with the active agent’s config; the key stays on the server', async () => {
    const { browser, api } = await relayCall();
    const bootstrap = await browser.next('bootstrap');
    expect(api.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/realtime/client_secrets',
      authorization: 'Bearer sk-server-only',
      body: { expires_after: { anchor: 'created_at', seconds: 60 } },
    });
    const minted = (api.requests[0]?.body as { session: Record<string, unknown> } | undefined)?.session ?? {};
    expect(minted).toMatchObject({
      type: 'realtime',
      model: 'gpt-realtime',
      instructions: 'Route the caller.',
    });
    expect((minted.tools as { name: string }[]).map((t) => t.name)).toEqual([
      'lookup_invoice',
      'transfer_to_billing',
    ]);
    expect(bootstrap).toMatchObject({
      mode: 'relay',
      call: { url: 'http://api.test/v1/realtime/calls', clientSecret: 'ek_fake_1', expiresAt: 2_000_000_000 },
    });
    expect(bootstrap.mode === 'relay' && bootstrap.events.map((e) => e.type)).toEqual(['session.update']);
    expect(JSON.stringify(browser.received) + JSON.stringify(bootstrap)).not.toContain('sk-server-only');
  });

  it('runs a relayed function call and a handoff; outputs go back as numbered client events', async () => {
    const { browser, session, calls } = await relayCall();
    await browser.next('bootstrap');
    const relay = relayer(browser);
    const script = createServerScript();
    relay(script.sessionCreated());
    const handoffs = firstValueFrom(session.handoffs$);
    for (const event of script.functionCallResponse([
      { name: 'lookup_invoice', arguments: { invoiceId: 'INV-1' } },
    ]).events) {
      relay(event);
    }
    const output = await browser.next('client_event');
    const follow = await browser.next('client_event');
    expect(calls).toEqual(['lookup_invoice:INV-1']);
    expect(output).toMatchObject({
      id: 1,
      event: { type: 'conversation.item.create', item: { type: 'function_call_output' } },
    });
    expect(follow).toMatchObject({ id: 2, event: { type: 'response.create' } });

    for (const event of script.functionCallResponse([{ name: 'transfer_to_billing', arguments: {} }]).events)
      relay(event);
    expect(await handoffs).toMatchObject({ from: 'Desk', to: 'Billing' });
    const update = await browser.next('client_event');
    expect(update.event).toMatchObject({
      type: 'session.update',
      session: { instructions: 'Handle invoices.' },
    });
  });

  it('refuses forged and malformed events, answering each with a notice, and runs nothing', async () => {
    const { browser, calls, errors } = await relayCall();
    await browser.next('bootstrap');
    const relay = relayer(browser);
    const script = createServerScript();
    // A tool no agent of this call declared.
    for (const event of script.functionCallResponse([{ name: 'delete_everything', arguments: {} }]).events)
      relay(event);
    relay({ type: 'response.done' }); // no response: malformed
    browser.send({ type: 'server_event', id: 1, event: '{}' }); // a replay
    browser.send('not json');
    browser.send({ type: 'launch_missiles' });
    browser.send({ type: 'offer', sdp: 'v=0' }); // relay mode dials the API itself
    const notices: string[] = [];
    while (notices.length < 7) notices.push((await browser.next('notice')).code);
    expect(notices.sort()).toEqual(
      [
        'bad_message',
        'forbidden_tool',
        'forbidden_tool',
        'malformed_event',
        'not_allowed',
        'not_json',
        'out_of_order',
      ].sort(),
    );
    expect(calls).toEqual([]);
    expect(errors.every((error) => error instanceof RelayViolationError)).toBe(true);
    expect(errors).toHaveLength(7);
  });

  it('enforces the size limit, and closes with 1008 after too many violations', async () => {
    const { browser, transport } = await relayCall({ limits: { maxMessageBytes: 2000, maxViolations: 4 } });
    await browser.next('bootstrap');
    const statuses = firstValueFrom(transport.status$.pipe(filter((s) => s.state === 'closed')));
    // Above maxMessageBytes and above twice the largest message the server sent (its echo allowance).
    browser.send({ type: 'server_event', id: 1, event: 'x'.repeat(200_000) });
    expect(await browser.next('notice')).toMatchObject({ code: 'too_large' });
    for (let i = 0; i < 3; i++) browser.send('not json');
    const closed = await browser.closed;
    expect(closed.code).toBe(1008);
    const status = (await statuses) as Extract<TransportStatus, { state: 'closed' }>;
    expect(status.reason).toMatchObject({ kind: 'server_closed', code: 1008 });
  });

  it('slows a browser that relays faster than the rate limit instead of dropping its events', async () => {
    // 20 messages a second, bursts of 40: 100 events in one go take at least (100 − 40) / 20 = 3 s.
    const { browser, session, errors } = await relayCall({ limits: { messagesPerSecond: 20 } });
    await browser.next('bootstrap');
    const relay = relayer(browser);
    const script = createServerScript();
    relay(script.sessionCreated());
    const deltas = session.events$.pipe(
      filter((event) => event.type === 'response.output_text.delta'),
      take(99),
      toArray(),
    );
    const started = performance.now();
    const received = firstValueFrom(deltas);
    for (let i = 0; i < 99; i++)
      relay({
        type: 'response.output_text.delta',
        event_id: `event_${i}`,
        response_id: 'resp_1',
        item_id: 'item_1',
        output_index: 0,
        content_index: 0,
        delta: `${i} `,
      });
    const events = await received;
    expect(performance.now() - started).toBeGreaterThanOrEqual(2900);
    expect(events.map((event) => ('delta' in event ? event.delta : ''))).toEqual(
      Array.from({ length: 99 }, (_, i) => `${i} `),
    );
    expect(errors).toEqual([]);
    expect(browser.received.filter((message) => message.type === 'notice')).toEqual([]);
  }, 20_000);

  it('ends with a typed reason when the browser hangs up, and tells the browser when the server does', async () => {
    const first = await relayCall();
    await first.browser.next('bootstrap');
    const closed = firstValueFrom(first.transport.status$.pipe(filter((s) => s.state === 'closed')));
    first.browser.send({ type: 'hangup' });
    expect(await closed).toMatchObject({
      reason: { kind: 'server_closed', code: 1000, reason: 'the browser hung up' },
    });

    const second = await relayCall();
    await second.browser.next('bootstrap');
    const received = (async () => (await second.browser.next('hangup')) as ServerToBrowser)();
    await second.session.close();
    expect(await received).toMatchObject({ type: 'hangup' });
    expect((await second.browser.closed).code).toBe(1000);
  });

  it('closes with auth_failed when the API refuses to mint a client secret', async () => {
    const { browser, transport } = await relayCall({ status: 401 });
    const statuses = transport.status$.pipe(take(10), toArray());
    const hangup = await browser.next('hangup');
    // The browser gets a code and a generic reason; the API's own words stay on the server.
    expect(hangup).toEqual({
      type: 'hangup',
      code: 'refused',
      reason: 'the realtime service refused the call',
    });
    expect((await firstValueFrom(statuses)).at(-1)).toMatchObject({
      state: 'closed',
      reason: { kind: 'auth_failed', status: 401, message: expect.stringContaining('refused by the fake') },
    });
  });

  it('hands out a fresh client secret when the first one expired before the offer, a few times at most', async () => {
    const { browser, api } = await relayCall();
    await browser.next('bootstrap');
    browser.send({ type: 'refresh_secret' });
    expect(await browser.next('secret')).toMatchObject({ call: { clientSecret: 'ek_fake_2' } });
    expect(api.requests.filter((r) => r.path === '/v1/realtime/client_secrets')).toHaveLength(2);
    for (let i = 0; i < 2; i++) {
      browser.send({ type: 'refresh_secret' });
      await browser.next('secret');
    }
    browser.send({ type: 'refresh_secret' });
    expect(await browser.next('notice')).toMatchObject({ code: 'not_allowed' });
  });

  it('speaks beta with a beta endpoint: flat session, /realtime/sessions, events mapped both ways', async () => {
    const { browser, api, session } = await relayCall({ dialect: 'beta' });
    const bootstrap = await browser.next('bootstrap');
    expect(api.requests[0]).toMatchObject({
      path: '/v1/realtime/sessions',
      body: { model: 'gpt-4o-realtime-preview', instructions: 'Route the caller.', modalities: ['text'] },
    });
    expect(bootstrap).toMatchObject({
      call: { url: 'http://api.test/v1/realtime?model=gpt-4o-realtime-preview', clientSecret: 'ek_beta_1' },
    });
    const update = bootstrap.mode === 'relay' ? bootstrap.events[0] : undefined;
    expect(update).toMatchObject({ type: 'session.update', session: { modalities: ['text'] } });
    const delta = firstValueFrom(
      session.events$.pipe(filter((event) => event.type === 'response.output_text.delta')),
    );
    relayer(browser)({
      type: 'response.text.delta',
      event_id: 'event_1',
      response_id: 'resp_1',
      item_id: 'item_1',
      output_index: 0,
      content_index: 0,
      delta: 'Hi',
    });
    expect(await delta).toMatchObject({ type: 'response.output_text.delta', delta: 'Hi' });
  });
});

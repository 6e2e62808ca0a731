import {
  buildSessionConfig,
  ConnectionClosedError,
  createTransport,
  RealtimeSession,
  SessionStateError,
  TransportConnectError,
  type TransportStatus,
} from '@switchboard/core';
import '@switchboard/local-realtime/transport';
import { startLocalRealtime } from '@switchboard/local-realtime';
import { websocketTransport } from '@switchboard/transport-websocket';
import { filter, firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createBackOffice } from '../src/backend.js';
import { type CallerLine, DEMO_SCRIPT, runConversation, type TranscriptEntry } from '../src/conversation.js';
import { supportSwarm } from '../src/swarm.js';
import { startDroppingProxy } from './dropping-proxy.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function demoSession(transport: ConstructorParameters<typeof RealtimeSession>[0]['transport']) {
  const swarm = supportSwarm(createBackOffice());
  const session = new RealtimeSession({ swarm, transport });
  cleanups.push(() => session.close());
  return { swarm, session };
}

const run = (
  session: RealtimeSession<never> | RealtimeSession<ReturnType<typeof supportSwarm>['context']>,
  lines: readonly CallerLine[],
) => runConversation(session, lines, { approve: (name) => name === 'issue_refund', turnTimeoutMs: 10_000 });

/** The tool calls and handoffs of a transcript, in order, as short strings. */
const actions = (entries: readonly TranscriptEntry[]) =>
  entries.flatMap((entry) => {
    if (entry.kind === 'tool') {
      const despite = entry.interruptedBy ? ` (went on: ${entry.interruptedBy})` : '';
      return [`${entry.agent}: ${entry.name} ${entry.arguments} → ${entry.outcome}${despite}`];
    }
    if (entry.kind === 'handoff') return [`handoff ${entry.from} → ${entry.to}`];
    if (entry.kind === 'approval') return [`approved ${entry.name}`];
    if (entry.kind === 'barge_in') return [`barge-in during ${entry.during}`];
    if (entry.kind === 'filler') return [`filler by ${entry.agent}: ${entry.text}`];
    return [];
  });

/** Polls until `condition` holds (frames cross the proxy asynchronously). */
async function until(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const statusOf = (session: RealtimeSession<unknown>, predicate: (status: TransportStatus) => boolean) =>
  firstValueFrom(session.status$.pipe(filter(predicate)));

describe.each(['ga', 'beta'] as const)(
  'the demo conversation over the websocket transport (%s dialect)',
  (dialect) => {
    it('runs every tool call and handoff in order, a filler during the slow outage check, a refund that finishes through a barge-in', async () => {
      const { swarm, session } = demoSession(
        await createTransport({ type: 'local', dialect, audio: { pace: 'fast' } }),
      );
      await session.connect();
      const entries = await run(session, DEMO_SCRIPT);
      expect(actions(entries)).toEqual([
        'handoff Triage → Billing',
        'Billing: lookup_invoice {"invoiceId":"INV-1001"} → success',
        'approved issue_refund',
        'barge-in during issue_refund',
        'Billing: issue_refund {"invoiceId":"INV-1001","reason":"duplicate_charge"} → success (went on: interrupted)',
        'handoff Billing → Triage',
        'handoff Triage → Tech Support',
        'filler by Tech Support: One moment, still checking.',
        'Tech Support: check_outage {"service":"internet"} → success',
        expect.stringMatching(
          /^Tech Support: create_ticket \{"service":"internet","summary":".+"\} → success$/,
        ),
      ]);
      // The model read the refund's real outcome on the next turn (the caller's question).
      const said = entries.flatMap((entry) => (entry.kind === 'say' ? [entry.text] : []));
      expect(said[1]).toBe('Issue refund: invoice id INV-1001, refunded 49, currency EUR.');
      expect(swarm.context.refundedInvoices).toEqual(['INV-1001']);
      expect(swarm.context.ticketIds).toEqual(['T-502']);
      // Every line gets an answer but the one the caller talked over.
      expect(said).toHaveLength(DEMO_SCRIPT.length - 1);
    });
  },
);

describe('connection failures', () => {
  it('a socket dropped mid-response reconnects and restores the active agent and the history', async () => {
    const server = await startLocalRealtime({ port: 0, audio: { pace: 'fast' } });
    cleanups.push(() => server.close());
    const proxy = await startDroppingProxy(server.url);
    cleanups.push(() => proxy.close());
    const { session, swarm } = demoSession(
      websocketTransport({ dialect: 'ga', url: proxy.url, reconnect: { retries: 3, backoffMs: 20 } }),
    );
    await session.connect();
    await run(session, [DEMO_SCRIPT[0] as string]);
    expect(session.agent.name).toBe('Billing');

    proxy.dropOn((event) => event.type === 'response.output_text.delta');
    session.sendText('Can you tell me more about invoice INV-1001?');
    await statusOf(session, (status) => status.state === 'open' && status.generation === 2);

    await until(() => (proxy.connections[1]?.sent.length ?? 0) > 1);
    const restored = proxy.connections[1]?.sent ?? [];
    expect(session.agent.name).toBe('Billing');
    expect(restored[0]).toEqual({
      type: 'session.update',
      session: buildSessionConfig(session.agent, swarm.context),
    });
    const restoredIds = restored.slice(1).map((event) => (event as { item?: { id?: string } }).item?.id);
    const historyIds = session.history.items.map((item) => item.id);
    expect(restoredIds).toEqual(historyIds.slice(0, restoredIds.length));
    expect(restored.slice(1).every((event) => event.type === 'conversation.item.create')).toBe(true);
    expect(restored.slice(1).map((event) => (event as { item: { type: string } }).item.type)).toEqual(
      expect.arrayContaining(['message', 'function_call', 'function_call_output']),
    );

    // The restored conversation goes on where it was.
    const after = await run(session, [DEMO_SCRIPT[1] as string]);
    expect(actions(after)).toEqual([
      'approved issue_refund',
      'Billing: issue_refund {"invoiceId":"INV-1001","reason":"duplicate_charge"} → success',
    ]);
  });

  it('an auth failure rejects connect() with a typed, readable reason', async () => {
    const server = await startLocalRealtime({ port: 0, requireAuth: 'sk-local-right' });
    cleanups.push(() => server.close());
    const { session } = demoSession(
      websocketTransport({ dialect: 'ga', url: server.url, apiKey: 'sk-wrong' }),
    );
    const error = await session.connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportConnectError);
    expect((error as TransportConnectError).reason).toMatchObject({ kind: 'auth_failed', status: 401 });
    expect((error as Error).message).toMatch(/^could not connect: authentication failed \(HTTP 401\)/);
    expect(session.state).toBe('closed');
  });

  it('a send while reconnecting is queued and delivered on the new connection', async () => {
    const server = await startLocalRealtime({ port: 0, audio: { pace: 'fast' } });
    cleanups.push(() => server.close());
    const proxy = await startDroppingProxy(server.url);
    cleanups.push(() => proxy.close());
    const { session } = demoSession(
      websocketTransport({ dialect: 'ga', url: proxy.url, reconnect: { retries: 3, backoffMs: 100 } }),
    );
    await session.connect();
    const reconnecting = statusOf(session, (status) => status.state === 'reconnecting');
    proxy.dropAll();
    await reconnecting;
    const reply = run(session, ['Hi, I think I was charged twice on invoice INV-1001.']);
    const entries = await reply;
    expect(actions(entries)[0]).toBe('handoff Triage → Billing');
    const second = proxy.connections[1]?.sent ?? [];
    expect(second.map((event) => event.type)).toEqual(
      expect.arrayContaining(['session.update', 'conversation.item.create', 'response.create']),
    );
  });

  it('a send after the connection is gone for good fails loudly, never silently', async () => {
    const server = await startLocalRealtime({ port: 0 });
    cleanups.push(() => server.close());
    const proxy = await startDroppingProxy(server.url);
    cleanups.push(() => proxy.close());
    const { session } = demoSession(websocketTransport({ dialect: 'ga', url: proxy.url }));
    const errors: Error[] = [];
    session.errors$.subscribe((error) => errors.push(error));
    await session.connect();
    const closed = statusOf(session, (status) => status.state === 'closed');
    proxy.dropAll();
    await closed;
    expect(errors.find((error) => error instanceof ConnectionClosedError)?.message).toMatch(
      /^the connection closed: /,
    );
    expect(() => session.sendText('hello?')).toThrow(SessionStateError);
  });
});

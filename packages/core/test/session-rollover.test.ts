import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineAgent, RealtimeSession, type RolloverEvent, SessionOptionError } from '../src/index.js';
import { createScriptedTransport, createServerScript } from '../src/testing/index.js';

/*
 * Session rollover (issue 16, point 3), in core with fake timers: when it is due, what it waits for,
 * and the options it refuses. End to end against local-realtime: packages/local-realtime/test/rollover.test.ts.
 */

const agent = defineAgent({
  name: 'Assistant',
  instructions: 'Be brief.',
  session: { output_modalities: ['text'] },
});

/** A scripted transport that can renew: each renew() drops and reopens it as a new generation. */
function renewable(maxSessionMs?: number) {
  const server = createScriptedTransport();
  let renewals = 0;
  const transport = {
    ...server.transport,
    ...(maxSessionMs === undefined ? {} : { maxSessionMs }),
    renew: () => {
      renewals += 1;
      server.drop({ kind: 'rollover' }, { reconnect: true });
      server.reopen();
    },
  };
  return { server, transport, renewals: () => renewals };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('rollover options', () => {
  it('refuses rollover options on a transport that cannot renew()', () => {
    const { transport } = createScriptedTransport();
    expect(() => new RealtimeSession({ agent, context: {}, transport, rollover: { capMs: 60_000 } })).toThrow(
      expect.objectContaining({
        name: 'SessionOptionError',
        option: 'rollover',
        code: 'invalid_session_option',
      }),
    );
  });

  it.each([
    [{ capMs: 0 }, 'rollover.capMs'],
    [{ capMs: 2 ** 31 }, 'rollover.capMs'],
    [{ capMs: 1_000, beforeCapMs: 1_000 }, 'rollover.beforeCapMs'],
    [{ capMs: 1_000, beforeCapMs: -1 }, 'rollover.beforeCapMs'],
    [{ summary: { summarize: 'not a function' } } as never, 'rollover.summary.summarize'],
    [{ summary: { summarize: () => 'text', keepItems: 0 } }, 'rollover.summary.keepItems'],
  ])('refuses %j naming %s', (rollover, option) => {
    const { transport } = renewable();
    let thrown: unknown;
    try {
      new RealtimeSession({ agent, context: {}, transport, rollover });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SessionOptionError);
    expect(thrown).toMatchObject({ option });
  });

  it('session.rollover() says false where the transport cannot renew', async () => {
    const { transport } = createScriptedTransport();
    const session = new RealtimeSession({ agent, context: {}, transport });
    await session.connect();
    expect(session.rollover()).toBe(false);
    await session.close();
  });
});

describe('rollover timing (fake timers)', () => {
  it('rolls over once the window before the transport cap opens, and restarts the clock on the new connection', async () => {
    vi.useFakeTimers();
    const { server, transport, renewals } = renewable(40_000);
    const session = new RealtimeSession({ agent, context: {}, transport });
    const events: RolloverEvent[] = [];
    session.rollovers$.subscribe((event) => events.push(event));
    await session.connect();
    // Default window: a quarter of the cap (10 s) before it.
    await vi.advanceTimersByTimeAsync(29_999);
    expect(renewals()).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(renewals()).toBe(1);
    expect(events).toEqual([
      { type: 'rollover_started', cause: 'time_cap' },
      { type: 'rollover_done', cause: 'time_cap', restoredItems: 0, summarized: false, agent: 'Assistant' },
    ]);
    // The new connection is a new server session: its own 30 s.
    await vi.advanceTimersByTimeAsync(29_999);
    expect(renewals()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(renewals()).toBe(2);
    expect(server.sent.filter((event) => event.type === 'session.update')).toHaveLength(3);
    await session.close();
  });

  it('waits while a response is active and rolls over when it is done', async () => {
    vi.useFakeTimers();
    const { server, transport, renewals } = renewable();
    const script = createServerScript();
    const session = new RealtimeSession({
      agent,
      context: {},
      transport,
      rollover: { capMs: 10_000, beforeCapMs: 5_000 },
    });
    await session.connect();
    const turn = session.sendText('Tell me a long story');
    const response = script.textResponse('Once upon a time.').events;
    server.emit(...response.slice(0, 2));
    await vi.advanceTimersByTimeAsync(6_000);
    expect(renewals()).toBe(0);
    server.emit(...response.slice(2));
    expect((await turn.done).status).toBe('completed');
    await vi.advanceTimersByTimeAsync(0);
    expect(renewals()).toBe(1);
    await session.close();
  });

  it('rollover: false never rolls over, not even on session_expired', async () => {
    vi.useFakeTimers();
    const { server, transport, renewals } = renewable(1_000);
    const session = new RealtimeSession({ agent, context: {}, transport, rollover: false });
    await session.connect();
    await vi.advanceTimersByTimeAsync(5_000);
    server.emit(
      createServerScript().error('session_expired', 'Your session hit the maximum duration of 60 minutes.'),
    );
    expect(renewals()).toBe(0);
    await session.close();
  });
});

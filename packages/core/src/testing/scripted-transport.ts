import { TransportSendError } from '../errors/transport-errors.js';
import { type ClientEvent, type DialectName, getDialect } from '../protocol/index.js';
import { isRecord } from '../protocol/is-record.js';
import type { CloseReason, RealtimeTransport } from '../transport/transport.js';
import { TransportLifecycle } from '../transport/transport-lifecycle.js';

/** Options of {@link ScriptedServer.waitForSent}. */
export interface WaitForSentOptions {
  /** Look at `sent[since]` and later only (default 0: every event sent so far counts). */
  readonly since?: number;
  /** @deprecated Use `since: afterIndex + 1`: the old name read as "after the event at this index". */
  readonly afterIndex?: number;
  /** How long to wait (default 2 s). */
  readonly timeoutMs?: number;
}

/** The server side of an in-memory transport: a test plays server events and reads what the client sent. */
export interface ScriptedServer {
  /** The transport to hand to a session. */
  readonly transport: RealtimeTransport;
  /** Every client event sent so far, in order, in canonical (GA) form. */
  readonly sent: readonly ClientEvent[];
  /** The same events as they went on the wire, in the transport's dialect. */
  readonly wire: readonly Record<string, unknown>[];
  /**
   * Plays server events, written in the transport's dialect (anything goes: malformed and unknown
   * events are the point of some tests).
   */
  emit(...events: readonly unknown[]): void;
  /**
   * Resolves with the first client event of `type` among `sent`, from position `since` on: events
   * already sent count, so pass `since: server.sent.length` (taken before an action) to wait for
   * what the action sends. Rejects after `timeoutMs` (default 2 s) with the types sent so far.
   */
  waitForSent<T extends ClientEvent['type']>(
    type: T,
    options?: WaitForSentOptions,
  ): Promise<Extract<ClientEvent, { type: T }>>;
  /** Resolves after pending microtasks and timers of zero delay have run. */
  settle(): Promise<void>;
  /** Simulates a dropped connection; with `reconnect` the transport is `reconnecting` until {@link reopen}. */
  drop(reason: CloseReason, options?: { reconnect?: boolean }): void;
  /** Completes a reconnect: the transport is open again, as a new generation. */
  reopen(): void;
}

/**
 * An in-memory `RealtimeTransport` for tests: no sockets, no timers, every event observable. The
 * test plays the server (`emit`, in the transport's dialect) and reads what the client sent
 * (`sent`, canonical GA form; `wire`, as on the wire). Its streams, statuses and `connect()` are
 * the {@link TransportLifecycle} every real transport uses.
 *
 * @example
 * ```ts
 * import { defineAgent, RealtimeSession } from '@switchboard/core';
 * import { createScriptedTransport, createServerScript } from '@switchboard/core/testing';
 *
 * const server = createScriptedTransport();
 * const script = createServerScript();
 * const agent = defineAgent({ name: 'Assistant', instructions: 'Be brief.' });
 * const session = new RealtimeSession({ agent, context: {}, transport: server.transport });
 * await session.connect();
 * const turn = session.sendText('Hello');
 * server.emit(...script.textResponse('Hi!').events);
 * console.log((await turn.done).text, server.sent.map((event) => event.type));
 * // Hi! ['session.update', 'conversation.item.create', 'response.create']
 * ```
 */
export function createScriptedTransport(
  options: {
    dialect?: DialectName;
    playback?: 'client' | 'server';
    /** Declared as the transport's `modelEvents` (`relayed`: a browser forwards them). */
    modelEvents?: 'direct' | 'relayed';
    /** Declared as the transport's `sessionControl` (`shared`: a browser can `session.update` too). */
    sessionControl?: 'exclusive' | 'shared';
  } = {},
): ScriptedServer {
  const dialect = getDialect(options.dialect ?? 'ga');
  const lifecycle = new TransportLifecycle();
  const sent: ClientEvent[] = [];
  const wire: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();

  const transport: RealtimeTransport = {
    ...(options.playback ? { playback: options.playback } : {}),
    ...(options.modelEvents ? { modelEvents: options.modelEvents } : {}),
    ...(options.sessionControl ? { sessionControl: options.sessionControl } : {}),
    events$: lifecycle.events$,
    status$: lifecycle.status$,
    errors$: lifecycle.errors$,
    connect: () =>
      lifecycle.connect(() => {
        lifecycle.connecting(1);
        lifecycle.open();
      }),
    send(event) {
      if (lifecycle.refuseIfClosed(event)) return;
      const { state } = lifecycle.status;
      if (state !== 'open') {
        // No queue here: a test sees at once what a session sends before it is connected.
        lifecycle.error(new TransportSendError(event, `transport is ${state}`));
        return;
      }
      sent.push(event);
      wire.push(dialect.clientEventFromCanonical(event as unknown as Record<string, unknown>));
      for (const wake of waiters) wake();
    },
    async close() {
      // A real close handshake takes a moment; events can still arrive meanwhile.
      await Promise.resolve();
      lifecycle.finish({ kind: 'client' });
    },
  };

  return {
    transport,
    sent,
    wire,
    emit(...events) {
      for (const event of events)
        lifecycle.emit(isEvent(event) ? dialect.serverEventToCanonical(event) : event);
    },
    waitForSent(type, options = {}) {
      const { timeoutMs = 2_000 } = options;
      const since = options.since ?? (options.afterIndex === undefined ? 0 : options.afterIndex + 1);
      type Wanted = Extract<ClientEvent, { type: typeof type }>;
      const find = () =>
        sent.find((event, index) => index >= since && event.type === type) as Wanted | undefined;
      return new Promise<Wanted>((resolve, reject) => {
        const found = find();
        if (found) return resolve(found);
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(
            new Error(
              `no "${type}" was sent from position ${since} within ${timeoutMs} ms; sent: ${sent.map((e, i) => `${i}:${e.type}`).join(', ')}`,
            ),
          );
        }, timeoutMs);
        const wake = () => {
          const match = find();
          if (!match) return;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(match);
        };
        waiters.add(wake);
      });
    },
    settle: () => new Promise((resolve) => setTimeout(resolve, 0)),
    reopen: () => lifecycle.open(),
    drop(reason, { reconnect = false } = {}) {
      if (reconnect) lifecycle.reconnecting(1, reason);
      else lifecycle.finish(reason);
    },
  };
}

function isEvent(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && typeof value.type === 'string';
}

import { BehaviorSubject, Subject } from 'rxjs';
import { type ClientEvent, type DialectName, getDialect } from '../protocol/index.js';
import {
  type CloseReason,
  type RealtimeTransport,
  TransportSendError,
  type TransportStatus,
} from '../transport/transport.js';

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
 * (`sent`, canonical GA form; `wire`, as on the wire).
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
  const events$ = new Subject<unknown>();
  const status$ = new BehaviorSubject<TransportStatus>({ state: 'idle' });
  const errors$ = new Subject<Error>();
  const sent: ClientEvent[] = [];
  const wire: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  let generation = 0;

  const open = () => {
    generation += 1;
    status$.next({ state: 'open', generation });
  };

  const transport: RealtimeTransport = {
    ...(options.playback ? { playback: options.playback } : {}),
    ...(options.modelEvents ? { modelEvents: options.modelEvents } : {}),
    ...(options.sessionControl ? { sessionControl: options.sessionControl } : {}),
    events$: events$.asObservable(),
    status$: status$.asObservable(),
    errors$: errors$.asObservable(),
    async connect() {
      status$.next({ state: 'connecting', attempt: 1 });
      open();
    },
    send(event) {
      if (status$.value.state !== 'open') {
        errors$.next(new TransportSendError(event, `transport is ${status$.value.state}`));
        return;
      }
      sent.push(event);
      wire.push(dialect.clientEventFromCanonical(event as unknown as Record<string, unknown>));
      for (const wake of waiters) wake();
    },
    async close() {
      // A real close handshake takes a moment; events can still arrive meanwhile.
      await Promise.resolve();
      if (status$.value.state === 'closed') return;
      status$.next({ state: 'closed', reason: { kind: 'client' } });
      status$.complete();
      events$.complete();
      errors$.complete();
    },
  };

  return {
    transport,
    sent,
    wire,
    emit(...events) {
      for (const event of events)
        events$.next(isEvent(event) ? dialect.serverEventToCanonical(event) : event);
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
    reopen: open,
    drop(reason, { reconnect = false } = {}) {
      if (reconnect) {
        status$.next({ state: 'reconnecting', attempt: 1, reason });
      } else {
        status$.next({ state: 'closed', reason });
      }
    },
  };
}

function isEvent(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { type?: unknown }).type === 'string'
  );
}

import { BehaviorSubject, Subject } from 'rxjs';
import { type TransportError, TransportSendError } from '../errors/transport-errors.js';
import { type ClientEvent, type DialectName, getDialect } from '../protocol/index.js';
import { isRecord } from '../protocol/is-record.js';
import type { CloseReason, RealtimeTransport, TransportStatus } from '../transport/transport.js';

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
  /** Resolves with the next client event of `type` sent after `afterIndex` (default: already sent ones count). */
  waitForSent<T extends ClientEvent['type']>(
    type: T,
    options?: { afterIndex?: number; timeoutMs?: number },
  ): Promise<Extract<ClientEvent, { type: T }>>;
  /** Resolves after pending microtasks and timers of zero delay have run. */
  settle(): Promise<void>;
  /** Simulates a dropped connection; with `reconnect` the transport is `reconnecting` until {@link reopen}. */
  drop(reason: CloseReason, options?: { reconnect?: boolean }): void;
  /** Completes a reconnect: the transport is open again, as a new generation. */
  reopen(): void;
}

/**
 * An in-memory `RealtimeTransport` for tests: no sockets, no timers, every event observable.
 *
 * @example
 * ```ts
 * const server = createScriptedTransport();
 * const session = new RealtimeSession({ agent, transport: server.transport });
 * await session.connect();
 * server.emit(...script.textResponse('Hello'));
 * expect(server.sent.map((e) => e.type)).toEqual(['session.update']);
 * ```
 */
export function createScriptedTransport(
  options: { dialect?: DialectName; playback?: 'client' | 'server' } = {},
): ScriptedServer {
  const dialect = getDialect(options.dialect ?? 'ga');
  const events$ = new Subject<unknown>();
  const status$ = new BehaviorSubject<TransportStatus>({ state: 'idle' });
  const errors$ = new Subject<TransportError>();
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
      const { afterIndex = -1, timeoutMs = 2_000 } = options;
      type Wanted = Extract<ClientEvent, { type: typeof type }>;
      const find = () =>
        sent.find((event, index) => index > afterIndex && event.type === type) as Wanted | undefined;
      return new Promise<Wanted>((resolve, reject) => {
        const found = find();
        if (found) return resolve(found);
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(
            new Error(
              `no "${type}" was sent within ${timeoutMs} ms; sent: ${sent.map((e) => e.type).join(', ')}`,
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
  return isRecord(value) && typeof value.type === 'string';
}

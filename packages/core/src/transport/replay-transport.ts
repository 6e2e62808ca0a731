import { BehaviorSubject, Subject } from 'rxjs';
import type { TransportError } from '../errors/transport-errors.js';
import type { ClientEvent } from '../protocol/index.js';
import { parseRecording, type RecordedEntry } from './record-transport.js';
import type { RealtimeTransport, TransportStatus } from './transport.js';

/** A client event that differs from the recording. */
export class ReplayMismatchError extends Error {
  override readonly name = 'ReplayMismatchError';
  readonly code = 'replay_mismatch';
  constructor(
    /** Position of the expected event among the recording's client events (0-based). */
    readonly index: number,
    readonly expected: ClientEvent | undefined,
    readonly actual: ClientEvent,
  ) {
    super(
      expected
        ? `client event #${index}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`
        : `client event #${index}: the recording has no more client events, got ${JSON.stringify(actual)}`,
    );
  }
}

/** How a replay went: every client event compared, and the differences. */
export interface ReplayResult {
  readonly clientEventsCompared: number;
  readonly mismatches: readonly ReplayMismatchError[];
}

/** A transport that plays a recording back, with a promise that settles when it has played it all. */
export interface ReplayTransport extends RealtimeTransport {
  /** Resolves once every recorded event has been played and every recorded client event was received. */
  readonly finished: Promise<ReplayResult>;
}

/** Options of {@link replayTransport}. */
export interface ReplayOptions {
  /** Fields left out of the comparison (default `['event_id']`: generated ids differ between runs). */
  readonly ignoreFields?: readonly string[];
}

/**
 * Plays a recording (from {@link recordTransport}) back as a transport: server events are emitted in
 * order, and at each recorded client event the replay waits for the client to send its own and checks
 * that it matches. Use it to pin a session's exact behaviour in a test without a server.
 *
 * @example
 * ```ts
 * const replay = replayTransport(readFileSync('fixtures/refund.jsonl', 'utf8'));
 * const session = new RealtimeSession({ swarm, transport: replay });
 * await session.connect();
 * expect((await replay.finished).mismatches).toEqual([]);
 * ```
 */
export function replayTransport(
  recording: string | readonly RecordedEntry[],
  options: ReplayOptions = {},
): ReplayTransport {
  const entries = typeof recording === 'string' ? parseRecording(recording) : recording;
  const ignore = new Set(options.ignoreFields ?? ['event_id']);
  const events$ = new Subject<unknown>();
  const status$ = new BehaviorSubject<TransportStatus>({ state: 'idle' });
  const errors$ = new Subject<TransportError>();
  const received: ClientEvent[] = [];
  const mismatches: ReplayMismatchError[] = [];
  let position = 0;
  let compared = 0;
  let resolveFinished: (result: ReplayResult) => void = () => {};
  const finished = new Promise<ReplayResult>((resolve) => {
    resolveFinished = resolve;
  });

  const pump = () => {
    while (position < entries.length && status$.value.state === 'open') {
      const entry = entries[position] as RecordedEntry;
      if (entry.direction === 'server') {
        position += 1;
        events$.next(entry.event);
        continue;
      }
      const actual = received.shift();
      if (!actual) return; // wait for the client
      if (!sameEvent(entry.event, actual, ignore)) {
        const mismatch = new ReplayMismatchError(compared, entry.event, actual);
        mismatches.push(mismatch);
        errors$.next(mismatch);
      }
      compared += 1;
      position += 1;
    }
    if (position >= entries.length) resolveFinished({ clientEventsCompared: compared, mismatches });
  };

  return {
    events$: events$.asObservable(),
    status$: status$.asObservable(),
    errors$: errors$.asObservable(),
    finished,
    async connect() {
      status$.next({ state: 'open', generation: 1 });
      // Let the session subscribe and send its opening events before the first server event plays.
      queueMicrotask(pump);
    },
    send(event) {
      if (position >= entries.length) {
        const extra = new ReplayMismatchError(compared, undefined, event);
        mismatches.push(extra);
        errors$.next(extra);
        return;
      }
      received.push(event);
      queueMicrotask(pump);
    },
    async close() {
      if (status$.value.state === 'closed') return;
      status$.next({ state: 'closed', reason: { kind: 'client' } });
      for (const subject of [status$, events$, errors$]) subject.complete();
      resolveFinished({ clientEventsCompared: compared, mismatches });
    },
  };
}

function sameEvent(expected: unknown, actual: unknown, ignore: ReadonlySet<string>): boolean {
  return JSON.stringify(strip(expected, ignore)) === JSON.stringify(strip(actual, ignore));
}

/** A copy without the ignored fields, with object keys sorted so key order does not matter. */
function strip(value: unknown, ignore: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((item) => strip(item, ignore));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    if (!ignore.has(key)) out[key] = strip((value as Record<string, unknown>)[key], ignore);
  }
  return out;
}

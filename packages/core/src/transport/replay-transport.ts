import { BehaviorSubject, Subject } from 'rxjs';
import type { TransportError } from '../errors/transport-errors.js';
import type { ClientEvent } from '../protocol/index.js';
import { type JsonDifference, jsonDifferences } from './json-diff.js';
import { parseRecording, type RecordedEntry } from './record-transport.js';
import type { RealtimeTransport, TransportStatus } from './transport.js';

/** How many differences a mismatch's message lists (all of them are in `differences`). */
const LISTED_DIFFERENCES = 10;
/** Values longer than this are cut in the message (audio, long instructions). */
const SHOWN_VALUE_LENGTH = 80;

/**
 * A client event that differs from the recording. The message lists the differences field by
 * field (`item.output: expected "found", got "NOT FOUND"`); `differences` holds them all.
 */
export class ReplayMismatchError extends Error {
  override readonly name = 'ReplayMismatchError';
  readonly code = 'replay_mismatch';
  constructor(
    /** Position of the expected event among the recording's client events (0-based). */
    readonly index: number,
    readonly expected: ClientEvent | undefined,
    readonly actual: ClientEvent,
    /** Where `actual` differs from `expected` (fields left out of the comparison excluded). */
    readonly differences: readonly JsonDifference[] = [],
  ) {
    super(
      expected
        ? `client event #${index} (${actual.type}) differs from the recording:\n${describe(differences)}`
        : `client event #${index}: the recording has no more client events, got ${actual.type}`,
    );
  }
}

function describe(differences: readonly JsonDifference[]): string {
  const lines = differences.slice(0, LISTED_DIFFERENCES).map(({ path, expected, actual }) => {
    const where = path === '' ? '(the event)' : path;
    if (actual === undefined) return `  ${where}: missing, expected ${show(expected)}`;
    if (expected === undefined) return `  ${where}: not in the recording, got ${show(actual)}`;
    return `  ${where}: expected ${show(expected)}, got ${show(actual)}`;
  });
  const more = differences.length - LISTED_DIFFERENCES;
  return more > 0 ? `${lines.join('\n')}\n  … and ${more} more` : lines.join('\n');
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > SHOWN_VALUE_LENGTH ? `${text.slice(0, SHOWN_VALUE_LENGTH - 1)}…` : text;
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
 * import { readFileSync } from 'node:fs';
 * import { defineAgent, RealtimeSession, replayTransport } from '@switchboard/core';
 *
 * const agent = defineAgent({ name: 'Assistant', instructions: 'Be brief.' });
 * const replay = replayTransport(readFileSync('fixtures/refund.jsonl', 'utf8'));
 * const session = new RealtimeSession({ agent, context: {}, transport: replay });
 * await session.connect();
 * const { mismatches } = await replay.finished;
 * for (const mismatch of mismatches) console.error(mismatch.message); // item.output: expected "found", got …
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
      const differences = jsonDifferences(entry.event, actual, ignore);
      if (differences.length > 0) {
        const mismatch = new ReplayMismatchError(compared, entry.event, actual, differences);
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

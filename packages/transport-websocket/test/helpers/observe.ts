import type { TransportStatus } from '@switchboard/core';
import { filter, firstValueFrom, type Observable } from 'rxjs';
import { GREETING } from './server.js';

/** Everything an observable emits, and whether it completed. */
export interface Recording<T> {
  readonly values: T[];
  readonly completed: () => boolean;
}

/** Subscribes and records, so a test can assert the whole sequence afterwards. */
export function record<T>(source: Observable<T>): Recording<T> {
  const values: T[] = [];
  let completed = false;
  source.subscribe({
    next: (value) => values.push(value),
    complete: () => {
      completed = true;
    },
  });
  return { values, completed: () => completed };
}

/** Records a transport's events, without the server's greeting (`session.created`). */
export function recordEvents(events$: Observable<unknown>): Recording<unknown> {
  return record(
    events$.pipe(filter((event) => (event as { event_id?: unknown })?.event_id !== GREETING.event_id)),
  );
}

/** Resolves with the first status (the current one included) that matches. */
export function statusWhere(
  status$: Observable<TransportStatus>,
  match: (status: TransportStatus) => boolean,
): Promise<TransportStatus> {
  return firstValueFrom(status$.pipe(filter(match)));
}

/** A status as a short string, for asserting whole sequences: `open#2`, `reconnecting#1:network_error`. */
export function describeStatus(status: TransportStatus): string {
  switch (status.state) {
    case 'idle':
      return 'idle';
    case 'connecting':
      return `connecting#${status.attempt}`;
    case 'open':
      return `open#${status.generation}`;
    case 'reconnecting':
      return `reconnecting#${status.attempt}:${status.reason.kind}`;
    case 'closed':
      return `closed:${status.reason.kind}`;
  }
}

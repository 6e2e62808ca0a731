import type { TransportStatus } from '@switchboard/core';
import { filter, firstValueFrom, type Observable } from 'rxjs';

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

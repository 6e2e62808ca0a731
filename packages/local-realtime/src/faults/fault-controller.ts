import type { ConnectionFaults } from './connection-faults.js';
import {
  checkFault,
  type Fault,
  type FaultConfigError,
  type FaultKind,
  type FaultScope,
  type FiredFault,
} from './fault-types.js';

/**
 * The server's fault injection (`server.faults`): arms faults on connections and records the ones
 * that fired. See `docs/testing.md`.
 *
 * @example
 * ```ts
 * import type { LocalRealtimeServer } from '@switchboard/local-realtime';
 *
 * declare const server: LocalRealtimeServer;
 * server.faults.inject({ kind: 'expire', at: { afterEvent: 'response.done' } }, { scope: 'next' });
 * const fired = await server.faults.whenFired('expire');
 * console.log(fired.sessionId, fired.event); // sess_… response.done
 * ```
 */
export interface LocalFaults {
  /**
   * Arms `fault` on the connections of `scope` (default `open`: every connection open now).
   * Throws a {@link FaultConfigError} naming the field of a fault it cannot use.
   */
  inject(fault: Fault, options?: { readonly scope?: FaultScope }): void;
  /** Disarms the faults waiting for a connection (`next`, `every`); armed ones stay armed. */
  clear(): void;
  /** The faults that fired, in order. */
  readonly fired: readonly FiredFault[];
  /** Resolves with the first fault of that kind (any kind when absent) to fire: at once when one already did. */
  whenFired(kind?: FaultKind): Promise<FiredFault>;
}

/** {@link LocalFaults} plus what the server's connections need. */
export class FaultController implements LocalFaults {
  readonly #open = new Set<ConnectionFaults>();
  #next: Fault[] = [];
  #every: Fault[] = [];
  readonly #fired: FiredFault[] = [];
  #waiters: { kind: FaultKind | undefined; resolve: (fired: FiredFault) => void }[] = [];

  /** `faults` from the server's options are armed on every connection. */
  constructor(every: readonly Fault[] = []) {
    for (const fault of every) checkFault(fault);
    this.#every = [...every];
  }

  inject(fault: Fault, options: { readonly scope?: FaultScope } = {}): void {
    checkFault(fault);
    const scope = options.scope ?? 'open';
    if (scope === 'open') for (const connection of this.#open) connection.arm(fault);
    else if (scope === 'next') this.#next.push(fault);
    else this.#every.push(fault);
  }

  clear(): void {
    this.#next = [];
    this.#every = [];
  }

  get fired(): readonly FiredFault[] {
    return [...this.#fired];
  }

  whenFired(kind?: FaultKind): Promise<FiredFault> {
    const already = this.#fired.find((fired) => kind === undefined || fired.fault.kind === kind);
    if (already) return Promise.resolve(already);
    return new Promise((resolve) => this.#waiters.push({ kind, resolve }));
  }

  /** A connection opened: it gets the faults for every connection and those for the next one. */
  attach(connection: ConnectionFaults): void {
    this.#open.add(connection);
    const next = this.#next;
    this.#next = [];
    for (const fault of [...this.#every, ...next]) connection.arm(fault);
  }

  detach(connection: ConnectionFaults): void {
    this.#open.delete(connection);
  }

  /** Called by a connection's faults when one fires. */
  record(fired: FiredFault): void {
    this.#fired.push(fired);
    const waiting = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiting) {
      if (waiter.kind === undefined || waiter.kind === fired.fault.kind) waiter.resolve(fired);
      else this.#waiters.push(waiter);
    }
  }
}

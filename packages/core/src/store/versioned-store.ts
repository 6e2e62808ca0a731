import { StoreConflictError } from '../errors/store-errors.js';

/** A value with the version it was written at (1 for the first write, +1 for each after). */
export interface Versioned<T = unknown> {
  readonly value: T;
  readonly version: number;
}

/** Options of {@link VersionedStore.set}. */
export interface StoreSetOptions {
  /**
   * Compare-and-set: write only when the key is at this version now; `0` means "only if the key does
   * not exist". Without it the write is unconditional.
   */
  readonly ifVersion?: number;
  /** The key expires this many milliseconds after the write (without it, it never expires). */
  readonly ttlMs?: number;
}

/** How a {@link VersionedStore.set} ended: the new version, or the value that made a compare-and-set fail. */
export type StoreSetResult =
  | { readonly ok: true; readonly version: number }
  | { readonly ok: false; readonly current: Versioned | undefined };

/**
 * Keys holding JSON values, each with a version that every write increments, and compare-and-set
 * on that version: the optimistic concurrency several processes need to share state without locks
 * (read a value and its version, compute, write back only if nobody wrote in between). `memoryStore()`
 * is the one-process default; `@switchboard/cluster`'s `redisStore()` shares the keys between
 * processes. Values go through JSON: what JSON cannot carry is not stored.
 *
 * @example
 * ```ts
 * import { memoryStore } from '@switchboard/core';
 *
 * const store = memoryStore();
 * const first = await store.set('greeting', 'hello', { ifVersion: 0 }); // { ok: true, version: 1 }
 * const stale = await store.set('greeting', 'hi', { ifVersion: 0 }); // { ok: false, current: { value: 'hello', version: 1 } }
 * ```
 */
export interface VersionedStore {
  /** The value and version of `key`, or `undefined` when it does not exist (or expired). */
  get<T = unknown>(key: string): Promise<Versioned<T> | undefined>;
  /** Writes `value` (JSON) under `key`; with `ifVersion`, only if the key is at that version now. */
  set(key: string, value: unknown, options?: StoreSetOptions): Promise<StoreSetResult>;
  /** Removes `key` (nothing happens when it does not exist). */
  delete(key: string): Promise<void>;
}

/** How often {@link updateVersioned} reads and tries again before it gives up (default 16). */
const DEFAULT_ATTEMPTS = 16;
/** The longest random pause between two attempts. */
const MAX_BACKOFF_MS = 50;

/**
 * Read-modify-write with optimistic concurrency: reads `key`, computes the new value with `update`,
 * writes it only if nobody wrote in between, and starts over when somebody did. `update` may run
 * several times, so keep it free of side effects; writers that lost a race pause a random few
 * milliseconds before they read again. Throws a {@link StoreConflictError} when every
 * attempt lost the race.
 *
 * @example
 * ```ts
 * import { memoryStore, updateVersioned } from '@switchboard/core';
 *
 * const store = memoryStore();
 * const { value } = await updateVersioned<number>(store, 'refunds:C-42', (count = 0) => count + 1);
 * ```
 */
export async function updateVersioned<T>(
  store: VersionedStore,
  key: string,
  update: (current: T | undefined) => T,
  options: { readonly attempts?: number; readonly ttlMs?: number } = {},
): Promise<Versioned<T>> {
  const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const current = await store.get<T>(key);
    const value = update(current?.value);
    const written = await store.set(key, value, {
      ifVersion: current?.version ?? 0,
      ...(options.ttlMs === undefined ? {} : { ttlMs: options.ttlMs }),
    });
    if (written.ok) return { value, version: written.version };
    // Writers that lost together would meet again on the next attempt: a random pause spreads them.
    await new Promise((resolve) =>
      setTimeout(resolve, Math.random() * Math.min(MAX_BACKOFF_MS, 2 ** attempt)),
    );
  }
  throw new StoreConflictError(key, attempts);
}

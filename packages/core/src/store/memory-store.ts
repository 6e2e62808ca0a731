import type { StoreSetOptions, StoreSetResult, Versioned, VersionedStore } from './versioned-store.js';

interface Entry {
  /** The value as JSON text, so what is read is a copy, as it would be from a shared store. */
  readonly json: string;
  readonly version: number;
  readonly expiresAt: number | undefined;
}

/**
 * The one-process {@link VersionedStore}: a `Map` in memory. It is the default where nothing is
 * shared between processes, and what tests use. Values are stored as JSON, so what is read back is
 * a copy, exactly as from `@switchboard/cluster`'s Redis store.
 *
 * @example
 * ```ts
 * import { memoryStore, toolOutcomesIn } from '@switchboard/core';
 *
 * const toolOutcomes = toolOutcomesIn(memoryStore());
 * ```
 */
export function memoryStore(): VersionedStore {
  const entries = new Map<string, Entry>();
  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  return {
    async get<T>(key: string): Promise<Versioned<T> | undefined> {
      const entry = live(key);
      return entry ? { value: JSON.parse(entry.json) as T, version: entry.version } : undefined;
    },
    async set(key: string, value: unknown, options: StoreSetOptions = {}): Promise<StoreSetResult> {
      const json = JSON.stringify(value);
      if (json === undefined) throw new TypeError(`store key "${key}": the value has no JSON form`);
      const entry = live(key);
      const version = entry?.version ?? 0;
      if (options.ifVersion !== undefined && options.ifVersion !== version)
        return { ok: false, current: entry ? { value: JSON.parse(entry.json), version } : undefined };
      const expiresAt = options.ttlMs === undefined ? undefined : Date.now() + options.ttlMs;
      entries.set(key, { json, version: version + 1, expiresAt });
      return { ok: true, version: version + 1 };
    },
    async delete(key: string): Promise<void> {
      entries.delete(key);
    },
  };
}

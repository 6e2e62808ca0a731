import { randomUUID } from 'node:crypto';
import type { StoreSetOptions, StoreSetResult, Versioned, VersionedStore } from '@switchboard/core';
import type { Redis } from 'ioredis';
import { type ClusterScripts, clusterScripts } from './scripts.js';

/**
 * The {@link VersionedStore} of core on Redis: each key a hash of its version and its JSON value,
 * written by a Lua script so that compare-and-set is atomic across every process sharing the Redis.
 * Each write carries an id of its own: one that ioredis sends again after a dropped connection (Redis
 * ran it, the reply was lost) finds its id and counts as written, not as a conflict.
 *
 * @example
 * ```ts
 * import { updateVersioned } from '@switchboard/core';
 * import { redisStore } from '@switchboard/cluster';
 * import { Redis } from 'ioredis';
 *
 * const store = redisStore(new Redis('redis://127.0.0.1:6379'), { prefix: 'app:' });
 * await updateVersioned<number>(store, 'refunds:C-42', (count = 0) => count + 1);
 * ```
 */
export function redisStore(redis: Redis, options: { readonly prefix?: string } = {}): VersionedStore {
  return storeOn(redis, clusterScripts(redis), options.prefix ?? '');
}

/** The store on a connection whose scripts are loaded already. @internal */
export function storeOn(redis: Redis, scripts: ClusterScripts, prefix: string): VersionedStore {
  return {
    async get<T>(key: string): Promise<Versioned<T> | undefined> {
      const [version, json] = await redis.hmget(prefix + key, 'v', 'd');
      if (version == null || json == null) return undefined;
      return { value: JSON.parse(json) as T, version: Number(version) };
    },
    async set(key: string, value: unknown, options: StoreSetOptions = {}): Promise<StoreSetResult> {
      const json = JSON.stringify(value);
      if (json === undefined) throw new TypeError(`store key "${key}": the value has no JSON form`);
      const [ok, version, current] = await scripts.storeSet(
        prefix + key,
        json,
        options.ifVersion,
        options.ttlMs,
        randomUUID(),
      );
      if (ok === 1) return { ok: true, version };
      return {
        ok: false,
        current: version === 0 || !current ? undefined : { value: JSON.parse(current), version },
      };
    },
    async delete(key: string): Promise<void> {
      await redis.del(prefix + key);
    },
  };
}

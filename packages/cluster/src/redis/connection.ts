import { Redis, type RedisOptions } from 'ioredis';

/** Where Redis (or Valkey) is: a `redis://` URL, or ioredis options. */
export type RedisTarget = string | RedisOptions;

/** The longest pause between two reconnection attempts. */
const MAX_RECONNECT_DELAY_MS = 1_000;

/**
 * A connection that rides out a Redis restart: commands wait while it reconnects
 * (`maxRetriesPerRequest: null`, the offline queue on) and reconnection is retried forever, at most a
 * second apart. `connectionName` shows in `CLIENT LIST`.
 */
export function connectRedis(target: RedisTarget, connectionName: string): Redis {
  const options: RedisOptions = {
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    connectionName,
    retryStrategy: (attempt) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
  };
  return typeof target === 'string' ? new Redis(target, options) : new Redis({ ...target, ...options });
}

/** Ends a connection; one that is already closed is fine. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}

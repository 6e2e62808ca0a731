import type { Redis } from 'ioredis';
import type { ClusterKeys } from '../keys.js';

/** Creates the calls stream and the workers' group if they do not exist (from the stream's start). */
export async function ensureGroup(redis: Redis, keys: ClusterKeys): Promise<void> {
  try {
    await redis.xgroup('CREATE', keys.calls, keys.group, '0', 'MKSTREAM');
  } catch (error) {
    if (!String((error as Error).message).includes('BUSYGROUP')) throw error;
  }
}

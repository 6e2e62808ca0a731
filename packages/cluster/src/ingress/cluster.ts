import { randomUUID } from 'node:crypto';
import type { VersionedStore } from '@switchboard/core';
import type { Redis } from 'ioredis';
import { type CallAttach, type CallRecord, checkedAttach } from '../call-record.js';
import { ClusterOptionError, DispatchError } from '../errors.js';
import { clusterKeys } from '../keys.js';
import { closeRedis, connectRedis, type RedisTarget } from '../redis/connection.js';
import { storeOn } from '../redis/redis-store.js';
import { clusterScripts } from '../redis/scripts.js';
import { ensureGroup } from '../redis/streams.js';
import { type ClusterStatus, readStatus } from '../status.js';
import { type ClusterSwarms, checkedContext, DEFAULT_MAX_CONTEXT_BYTES } from '../swarms.js';
import { ClusterCall } from './cluster-call.js';

/** How long a call id counts as dispatched: a second dispatch within it queues nothing. */
const DISPATCHED_FOR_MS = 24 * 60 * 60 * 1000;
/** Call ids name Redis keys: letters, digits and `_ . : -`. */
const CALL_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

/** Options of {@link createCluster}. */
export interface ClusterOptions {
  /** Redis (or Valkey): a `redis://` URL or ioredis options. */
  readonly redis: RedisTarget;
  /** Prefix of every key (default `sb`); the workers must use the same. */
  readonly prefix?: string;
  /** The swarms calls may name, with their context schemas (the same registry as the workers'). */
  readonly swarms: ClusterSwarms;
  /** The largest context, as JSON bytes (default 64 KiB). */
  readonly maxContextBytes?: number;
  /**
   * How many tries a dispatch gets while Redis is out of reach before it fails with a
   * {@link DispatchError} (default 3, about 300 ms apart).
   */
  readonly dispatchRetries?: number;
}

/** What {@link Cluster.dispatch} takes. */
export interface DispatchRequest {
  /** A swarm the cluster registers. */
  readonly swarm: string;
  /** The call's shared context (JSON), checked with the swarm's schema. */
  readonly context?: unknown;
  /** How workers reach the conversation (default `{ type: 'websocket' }`). */
  readonly attach?: CallAttach;
  /**
   * The call's id (default a random UUID; for a SIP call, its call id is a good one). A call id is
   * dispatched once: dispatching it again within a day (a retried webhook) queues nothing and returns
   * a handle on the call queued first.
   */
  readonly callId?: string;
}

/**
 * The ingress of a cluster: `dispatch` checks a call and appends it to the calls stream, where a
 * worker with room claims it. Called from the SIP webhook, the browser-call endpoint or the app.
 *
 * @example
 * ```ts
 * import { type ClusterSwarms, createCluster } from '@switchboard/cluster';
 *
 * declare const swarms: ClusterSwarms;
 * const cluster = await createCluster({ redis: 'redis://127.0.0.1:6379', swarms });
 * const call = await cluster.dispatch({ swarm: 'support', context: { customerId: 'C-42' } });
 * ```
 */
export interface Cluster {
  /**
   * Queues a call. Rejects, before anything is written, with an `UnknownSwarmError`, an
   * `InvalidContextError` (the zod issues), a `ContextTooLargeError` or an `InvalidAttachError`; with a
   * `DispatchError` when Redis does not take it.
   */
  dispatch(request: DispatchRequest): Promise<ClusterCall>;
  /** The swarms calls may name. */
  readonly swarms: ClusterSwarms;
  /** Checks a context as `dispatch` does (throws its typed errors); returns it as JSON. */
  check(swarm: string, context: unknown): string;
  /** A handle on a call dispatched before (by this process or another). */
  call(callId: string): ClusterCall;
  /** Workers, calls per worker, pending calls and lag. */
  status(): Promise<ClusterStatus>;
  /** Versioned keys every worker's tools share (`updateVersioned` of core for read-modify-write). */
  readonly store: VersionedStore;
  /** Closes the connection. */
  close(): Promise<void>;
}

/**
 * Connects an ingress to the cluster's Redis (see {@link Cluster}).
 *
 * @example
 * ```ts
 * import { type ClusterSwarms, createCluster } from '@switchboard/cluster';
 *
 * declare const swarms: ClusterSwarms;
 * const cluster = await createCluster({ redis: process.env.SWITCHBOARD_CLUSTER!, swarms });
 * ```
 */
export async function createCluster(options: ClusterOptions): Promise<Cluster> {
  const maxContextBytes = options.maxContextBytes ?? DEFAULT_MAX_CONTEXT_BYTES;
  if (!Number.isInteger(maxContextBytes) || maxContextBytes < 2)
    throw new ClusterOptionError('maxContextBytes', maxContextBytes, 'a whole number of bytes, at least 2');
  const keys = clusterKeys(options.prefix);
  const redis: Redis = connectRedis(options.redis, 'switchboard:ingress');
  redis.options.maxRetriesPerRequest = options.dispatchRetries ?? 3;
  redis.on('error', () => {});
  const scripts = clusterScripts(redis);
  await ensureGroup(redis, keys);
  return {
    async dispatch(request) {
      const context = checkedContext(options.swarms, request.swarm, request.context, maxContextBytes);
      const attach = checkedAttach(request.attach);
      const id = request.callId ?? randomUUID();
      if (!CALL_ID.test(id)) throw new ClusterOptionError('callId', id, `an id matching ${CALL_ID}`);
      const record: CallRecord = { id, swarm: request.swarm, context, attach, dispatchedAt: Date.now() };
      try {
        await scripts.dispatch(keys.calls, keys.dispatched(id), JSON.stringify(record), DISPATCHED_FOR_MS);
      } catch (error) {
        throw new DispatchError(request.swarm, error);
      }
      return new ClusterCall(redis, keys, id);
    },
    swarms: options.swarms,
    check: (swarm, context) => checkedContext(options.swarms, swarm, context, maxContextBytes),
    call: (callId) => new ClusterCall(redis, keys, callId),
    status: () => readStatus(redis, keys),
    store: storeOn(redis, scripts, keys.shared('')),
    close: () => closeRedis(redis),
  };
}

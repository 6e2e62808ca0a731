import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { ClusterKeys } from '../keys.js';
import type { ClusterScripts } from '../redis/scripts.js';
import type { CallRunner } from './call-runner.js';
import type { MetricsBoard } from './metrics.js';

/**
 * What a worker's heartbeat says (the `status` command reads it): written every third of its lease,
 * so its load is as of then.
 */
export interface WorkerHeartbeat {
  readonly id: string;
  readonly host: string;
  readonly pid: number;
  readonly capacity: number;
  readonly active: number;
  readonly draining: boolean;
  /** The calls it holds. */
  readonly calls: readonly string[];
  /** When it was written (ms since the epoch). */
  readonly seenAt: number;
  /** Its lease: a worker not seen for this long is presumed dead. */
  readonly leaseMs: number;
}

/** What keeping leases needs. */
export interface LeaseKeeperOptions {
  readonly redis: Redis;
  readonly scripts: ClusterScripts;
  readonly keys: ClusterKeys;
  readonly worker: string;
  readonly leaseMs: number;
  readonly capacity: number;
  readonly calls: ReadonlyMap<string, CallRunner>;
  readonly metrics: MetricsBoard;
  readonly error: (error: Error) => void;
}

/**
 * Keeps a worker's calls its own: every third of the lease it resets the idle time of their stream
 * entries (only those still pending for it: a call another worker took is dropped here at once) and
 * writes its heartbeat. A worker that has not renewed for a whole lease (Redis out of reach, the
 * process stalled) stops acting for all its calls, since another worker may be taking them over: the
 * lease rule that keeps two workers from driving one call.
 */
export class LeaseKeeper {
  readonly #options: LeaseKeeperOptions;
  #timer: ReturnType<typeof setInterval> | undefined;
  #renewing = false;
  #renewedAt = Date.now();

  constructor(options: LeaseKeeperOptions) {
    this.#options = options;
  }

  start(): void {
    const period = Math.max(30, Math.floor(this.#options.leaseMs / 3));
    this.#timer = setInterval(() => this.#tick(), period);
    this.#timer.unref();
    this.#tick();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** Writes the heartbeat now. */
  async heartbeat(draining: boolean): Promise<void> {
    const { redis, keys, worker, capacity, calls, leaseMs } = this.#options;
    const beat: WorkerHeartbeat = {
      id: worker,
      host: hostname(),
      pid: process.pid,
      capacity,
      active: calls.size,
      draining,
      calls: [...calls.keys()],
      seenAt: Date.now(),
      leaseMs,
    };
    await redis.hset(keys.workers, worker, JSON.stringify(beat));
  }

  /** The worker leaves: its heartbeat is removed, and its consumer when it holds no entry. */
  async leave(): Promise<void> {
    const { redis, keys, worker } = this.#options;
    await redis.hdel(keys.workers, worker).catch(this.#options.error);
    const pending = (await redis
      .xpending(keys.calls, keys.group, '-', '+', 1, worker)
      .catch(() => [1])) as unknown[];
    if (pending.length === 0)
      await redis.xgroup('DELCONSUMER', keys.calls, keys.group, worker).catch(() => {});
  }

  #tick(): void {
    const { leaseMs, calls, metrics } = this.#options;
    if (Date.now() - this.#renewedAt > leaseMs && calls.size > 0) {
      // Not renewed for a whole lease: another worker may hold these calls now.
      for (const call of [...calls.values()]) call.lose();
    }
    if (this.#renewing) return;
    this.#renewing = true;
    this.#renew(metrics.value.draining)
      .then(() => {
        this.#renewedAt = Date.now();
      })
      .catch(this.#options.error)
      .finally(() => {
        this.#renewing = false;
      });
  }

  async #renew(draining: boolean): Promise<void> {
    const { scripts, keys, worker, calls } = this.#options;
    const held = [...calls.values()];
    if (held.length > 0) {
      const kept = new Set(
        await scripts.renew(
          keys.calls,
          keys.group,
          worker,
          held.map((call) => call.owner.entryId),
        ),
      );
      for (const call of held) if (!kept.has(call.owner.entryId)) call.lose();
    }
    await this.heartbeat(draining);
  }
}

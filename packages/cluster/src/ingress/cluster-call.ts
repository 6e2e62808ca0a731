import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ClusterKeys } from '../keys.js';
import { type ClusterScripts, clusterScripts } from '../redis/scripts.js';
import type { CallEvent, CallInput } from '../worker/call-state.js';

/** How long one blocking read of a call's events waits before it checks the signal again. */
const EVENTS_BLOCK_MS = 1_000;

/**
 * A dispatched call, from any process: what it tells (`events()`), and, for a `websocket` call, what
 * the app says to it. Inputs are queued in Redis: the worker that holds the call takes them in order,
 * and after a failover the next worker goes on from the last one handled.
 *
 * @example
 * ```ts
 * import type { Cluster } from '@switchboard/cluster';
 *
 * declare const cluster: Cluster;
 * const call = await cluster.dispatch({ swarm: 'support', context: { customerId: 'C-42' } });
 * await call.sendText('I was charged twice on invoice INV-1001.');
 * for await (const event of call.events()) {
 *   if (event.type === 'response' && event.toolCalls === 0) break; // the agents' answer
 * }
 * ```
 */
export class ClusterCall {
  readonly #redis: Redis;
  readonly #keys: ClusterKeys;
  readonly #scripts: ClusterScripts;

  constructor(
    redis: Redis,
    keys: ClusterKeys,
    /** The cluster's id of the call. */
    readonly id: string,
  ) {
    this.#redis = redis;
    this.#keys = keys;
    this.#scripts = clusterScripts(redis);
  }

  /** Adds a user message to the conversation and asks for a response (websocket calls). */
  sendText(text: string): Promise<void> {
    return this.#send({ type: 'text', text });
  }

  /** Lets a tool call waiting for approval run (see the `approval` event). */
  approve(toolCallId: string): Promise<void> {
    return this.#send({ type: 'approve', callId: toolCallId });
  }

  /** Refuses a tool call waiting for approval; the model is told, with `reason`. */
  reject(toolCallId: string, reason?: string): Promise<void> {
    return this.#send({ type: 'reject', callId: toolCallId, ...(reason === undefined ? {} : { reason }) });
  }

  /** Ends the call (the worker hangs up and acknowledges it). */
  hangup(): Promise<void> {
    return this.#send({ type: 'hangup' });
  }

  /**
   * The call's events from its start (or after the event id `after`), as they come, until the call
   * ends or `signal` fires. Each read blocks on its own connection, closed when iteration stops.
   */
  async *events(
    options: { readonly signal?: AbortSignal; readonly after?: string } = {},
  ): AsyncGenerator<CallEvent & { readonly id: string }> {
    // Its own connection (a blocking read would hold up everything else), waiting through a Redis restart.
    const reader = this.#redis.duplicate({ maxRetriesPerRequest: null });
    reader.on('error', () => {});
    let cursor = options.after ?? '0';
    try {
      while (!options.signal?.aborted) {
        const result = (await reader.xread(
          'BLOCK',
          EVENTS_BLOCK_MS,
          'STREAMS',
          this.#keys.output(this.id),
          cursor,
        )) as [string, [string, string[]][]][] | null;
        for (const [id, fields] of result?.[0]?.[1] ?? []) {
          cursor = id;
          const event = JSON.parse(fields[fields.indexOf('event') + 1] as string) as CallEvent;
          yield { ...event, id };
          if (event.type === 'ended') return;
        }
      }
    } finally {
      reader.disconnect();
    }
  }

  /**
   * Appends an input under an id of its own: when Redis goes away before it answers, ioredis sends
   * the append again, and the script appends it once (the worker must not hear "charge 500" twice).
   */
  async #send(input: CallInput): Promise<void> {
    const keys = { input: this.#keys.input(this.id), inputIds: this.#keys.inputIds(this.id) };
    await this.#scripts.appendInput(keys, randomUUID(), JSON.stringify(input));
  }
}

import type { ToolCallErrorCode } from '../errors/tool-errors.js';
import type { VersionedStore } from '../store/versioned-store.js';

/** A function call as a {@link ToolOutcomeStore} keeps it: enough for another process to settle it. */
export interface JournaledCall {
  readonly callId: string;
  readonly name: string;
  /** The arguments as the model sent them (a JSON string). */
  readonly arguments: string;
  /** The response that made the call. */
  readonly responseId: string;
  /** The agent whose tool it is. */
  readonly agent: string;
}

/** The outcome of a call as recorded: exactly the output the model is sent, and how it ended. */
export interface RecordedToolOutcome {
  readonly ok: boolean;
  readonly output: string;
  /** The failure's code, when `ok` is false. */
  readonly code?: ToolCallErrorCode;
}

/** What a {@link ToolOutcomeStore} knows of a call claimed before. */
export type ToolCallRecord =
  /** Its tool started and no outcome was recorded: it may have taken effect, so it is not run again. */
  | {
      readonly state: 'started';
      readonly call: JournaledCall;
      /**
       * A token of the one claim that started it (new for every claim), so a claim a store runs twice
       * (a client sending a command again after a reconnect) knows the record it finds is its own.
       */
      readonly claim?: string;
    }
  /** Its outcome was recorded: that output is sent again instead of running the tool. */
  | { readonly state: 'done'; readonly call: JournaledCall; readonly outcome: RecordedToolOutcome };

/**
 * Where a session journals its tool calls so that a tool runs at most once for a `call_id`, even
 * when another process takes the conversation over (`@switchboard/cluster`). Before a call's tool
 * runs, {@link claim} is asked: `undefined` means the call is new (it is now marked started and the
 * tool runs); a record means it ran before, and the tool does not run again. A call's outcome is
 * {@link record}ed before its output is sent. Either method may return a promise; the pipeline
 * bounds it with the tool's timeout. A store whose client may send a claim twice (ioredis sends a
 * command again when the connection dropped before its reply) must answer the second run as the
 * first: a `started` record with this claim's own token was not claimed before.
 *
 * @example
 * ```ts
 * import { memoryStore, type RealtimeTransport, RealtimeSession, type Swarm, toolOutcomesIn } from '@switchboard/core';
 *
 * declare const swarm: Swarm<unknown>;
 * declare const transport: RealtimeTransport;
 * const session = new RealtimeSession({ swarm, transport, toolOutcomes: toolOutcomesIn(memoryStore()) });
 * ```
 */
export interface ToolOutcomeStore {
  /** Marks the call started and returns `undefined`, or returns what is known of it when it was claimed before. */
  claim(call: JournaledCall): ToolCallRecord | undefined | PromiseLike<ToolCallRecord | undefined>;
  /** Records the call's outcome (called before its output is sent). */
  record(call: JournaledCall, outcome: RecordedToolOutcome): void | PromiseLike<void>;
}

/**
 * A {@link ToolOutcomeStore} on a {@link VersionedStore}: one key per call (`prefix` + `call_id`),
 * claimed with a compare-and-set on "does not exist yet", so of two processes claiming the same call
 * exactly one runs it.
 *
 * @example
 * ```ts
 * import { memoryStore, toolOutcomesIn } from '@switchboard/core';
 *
 * const toolOutcomes = toolOutcomesIn(memoryStore(), { prefix: 'call-42:tool:' });
 * ```
 */
export function toolOutcomesIn(
  store: VersionedStore,
  options: { readonly prefix?: string; readonly ttlMs?: number } = {},
): ToolOutcomeStore {
  const prefix = options.prefix ?? 'tool:';
  const ttl = options.ttlMs === undefined ? {} : { ttlMs: options.ttlMs };
  return {
    async claim(call) {
      const started = { state: 'started', call, claim: globalThis.crypto.randomUUID() } as const;
      const claimed = await store.set(prefix + call.callId, started, { ifVersion: 0, ...ttl });
      if (claimed.ok) return undefined;
      const known = claimed.current?.value as ToolCallRecord | undefined;
      // This very claim, run twice by the store's client: it is ours.
      return known?.state === 'started' && known.claim === started.claim ? undefined : known;
    },
    async record(call, outcome) {
      const done: ToolCallRecord = { state: 'done', call, outcome };
      await store.set(prefix + call.callId, done, ttl);
    },
  };
}

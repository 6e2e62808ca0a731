import type { Redis } from 'ioredis';
import type { ClusterKeys } from '../keys.js';
import type { CallInput } from './call-state.js';

/** A call whose app input this reader follows. */
export interface InputTarget {
  readonly id: string;
  /** The last input entry handled. */
  readonly cursor: string;
  input(entryId: string, input: CallInput): void;
}

/** How long one blocking read waits (it also returns at once when a call joins, through the wake stream). */
const BLOCK_MS = 1_000;

/**
 * Reads the app's input to every websocket call of a worker with one blocking `XREAD` over all their
 * streams (one connection per worker, not per call). A call joining wakes the read through the
 * worker's wake stream, so its first input is not held up.
 */
export class InputReader {
  readonly #targets = new Map<string, InputTarget>();
  #wakeCursor = '$';
  #stopped = false;

  readonly #redis: Redis;
  readonly #nudge: Redis;
  readonly #keys: ClusterKeys;
  readonly #worker: string;
  readonly #error: (error: Error) => void;

  constructor(redis: Redis, nudge: Redis, keys: ClusterKeys, worker: string, error: (error: Error) => void) {
    this.#redis = redis;
    this.#nudge = nudge;
    this.#keys = keys;
    this.#worker = worker;
    this.#error = error;
  }

  add(target: InputTarget): void {
    this.#targets.set(this.#keys.input(target.id), target);
    this.#nudge.xadd(this.#keys.wake(this.#worker), 'MAXLEN', '~', 16, '*', 'w', '1').catch(() => {});
  }

  remove(id: string): void {
    this.#targets.delete(this.#keys.input(id));
  }

  /** Runs until {@link stop}. */
  async run(): Promise<void> {
    while (!this.#stopped) {
      try {
        await this.#readOnce();
      } catch (error) {
        if (this.#stopped) return;
        this.#error(error as Error);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  stop(): void {
    this.#stopped = true;
  }

  async #readOnce(): Promise<void> {
    const wake = this.#keys.wake(this.#worker);
    const targets = [...this.#targets.entries()];
    const streams = [wake, ...targets.map(([key]) => key)];
    const cursors = [this.#wakeCursor, ...targets.map(([, target]) => target.cursor)];
    const result = (await this.#redis.xread('BLOCK', BLOCK_MS, 'STREAMS', ...streams, ...cursors)) as
      | [string, [string, string[]][]][]
      | null;
    for (const [stream, entries] of result ?? []) {
      if (stream === wake) {
        this.#wakeCursor = entries.at(-1)?.[0] ?? this.#wakeCursor;
        continue;
      }
      const target = this.#targets.get(stream);
      for (const [id, fields] of entries) {
        const input = parseInput(fields);
        if (target && input) target.input(id, input);
      }
    }
  }
}

function parseInput(fields: readonly string[]): CallInput | undefined {
  const at = fields.indexOf('input');
  if (at < 0) return undefined;
  try {
    const value = JSON.parse(fields[at + 1] as string) as CallInput;
    return typeof value?.type === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

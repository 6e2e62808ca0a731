import { FILLER_DELAY_EXPECTED, isFillerDelay } from '../definitions/timeouts.js';
import { SessionOptionError } from '../errors/config-errors.js';
import type { ServerEvent } from '../protocol/index.js';
import type { ToolCallEvent, ToolStartEvent } from './session-events.js';
import { SpokenLine, type SpokenLineHost } from './spoken-line.js';

/**
 * What the caller hears while tools run (the session's `filler` option). A call's delay is its
 * tool's `fillerAfterMs`, else its agent's, else `afterMs` here.
 *
 * @example
 * ```ts
 * import type { FillerOptions } from '@switchboard/core';
 *
 * const filler: FillerOptions = { afterMs: 1_500, maxPerWait: 2, kind: 'spoken' };
 * ```
 */
export interface FillerOptions {
  /**
   * Milliseconds a response's tools may run before the caller hears something; `false`: never.
   * Default: {@link DEFAULT_FILLER_AFTER_MS} while the session speaks (audio output), never in text.
   */
  readonly afterMs?: number | false;
  /** How many fillers one wait for tools may get (default 1): the next comes after `afterMs` more. */
  readonly maxPerWait?: number;
  /**
   * `spoken` (default): the model says a short line in an out-of-band response, which never enters
   * the conversation. `hold`: `fillers$` tells the app to play its own hold audio, and when to stop.
   */
  readonly kind?: 'spoken' | 'hold';
  /** What the spoken filler's response is told (default {@link FILLER_INSTRUCTIONS}). */
  readonly instructions?: string;
}

/** The default delay before a filler, while the session speaks. */
export const DEFAULT_FILLER_AFTER_MS = 2_000;

/** What the model is told for a spoken filler. */
export const FILLER_INSTRUCTIONS =
  'Tell the caller in a few words, naturally, that you are still working on their request (for ' +
  'example: "One moment, still checking."). Do not answer it, ask nothing, say nothing else.';

/** The `metadata` key that marks a filler's out-of-band response. */
const FILLER_METADATA_KEY = 'switchboard_filler';

/** A filler began or ended: what `fillers$` reports. */
export type FillerEvent =
  | {
      readonly type: 'filler_started';
      readonly kind: 'spoken' | 'hold';
      /** The response whose tool calls the caller waits for. */
      readonly responseId: string;
      /** 1 for the first filler of this wait, 2 for the next… */
      readonly count: number;
    }
  | {
      readonly type: 'filler_ended';
      readonly kind: 'spoken' | 'hold';
      readonly responseId: string;
      /**
       * What the caller heard, for a spoken filler whose response completed: its text (or audio
       * transcript), e.g. to show it in captions. Absent for hold audio and a cancelled filler.
       */
      readonly text?: string;
    };

/** What the filler needs from the session. */
export interface DeadAirHost extends SpokenLineHost {
  /** Whether the model is still answering in the conversation (then there is no dead air). */
  responseActive(): boolean;
  /** The call's own delay (its tool's, else its agent's), `undefined` for the session's. */
  delayOf(call: ToolStartEvent): number | false | undefined;
  event(event: FillerEvent): void;
}

/** A response whose calls the caller is waiting for. */
interface Wait {
  readonly responseId: string;
  readonly startedAt: number;
  readonly running: Set<string>;
  delayMs: number | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
  count: number;
  holding: boolean;
}

/** Checks the session's `filler` option; throws a {@link SessionOptionError} naming the field. */
export function checkFillerOptions(options: FillerOptions | false | undefined): void {
  if (options === undefined || options === false) return;
  if (options.afterMs !== undefined && !isFillerDelay(options.afterMs))
    throw new SessionOptionError('filler.afterMs', options.afterMs, FILLER_DELAY_EXPECTED);
  const max = options.maxPerWait;
  if (max !== undefined && (!Number.isInteger(max) || max < 1))
    throw new SessionOptionError('filler.maxPerWait', max, 'a whole number ≥ 1');
  if (options.kind !== undefined && options.kind !== 'spoken' && options.kind !== 'hold')
    throw new SessionOptionError('filler.kind', options.kind, "'spoken' or 'hold'");
  if (options.instructions !== undefined && typeof options.instructions !== 'string')
    throw new SessionOptionError('filler.instructions', options.instructions, 'a string');
}

/**
 * No dead air: when a conversation response's tool calls still run after their delay, the caller
 * hears a filler — a short line the model says out of band (never in the history), or the app's
 * hold audio — at most `maxPerWait` times. The follow-up `response.create` waits for a spoken
 * filler to end; an interruption cancels it.
 */
export class DeadAir {
  /** Made at the first call a wait starts with. */
  #waits: Map<string, Wait> | undefined;
  readonly #options: FillerOptions;
  readonly #spoken: SpokenLine;
  #fillers = 0;

  readonly #host: DeadAirHost;

  constructor(options: FillerOptions | false | undefined, host: DeadAirHost) {
    this.#host = host;
    this.#options = options === false ? { afterMs: false } : (options ?? {});
    this.#spoken = new SpokenLine(FILLER_METADATA_KEY, host);
  }

  /** Follows the calls: a wait starts with a response's first call and ends with its last. */
  toolEvent(event: ToolCallEvent): void {
    if (event.type === 'tool_start' && event.kind === 'function' && !event.outOfBand) this.#started(event);
    if (event.type === 'tool_end') this.#ended(event.responseId, event.callId);
  }

  /** Reads whether the session speaks, and follows the spoken filler's response. */
  observe(event: ServerEvent): void {
    this.#spoken.observe(event);
  }

  /**
   * The caller spoke over it: every wait stops, a spoken filler is cancelled (one the server has
   * not created yet, as soon as it is).
   */
  interrupt(): void {
    this.#spoken.cancel();
    for (const wait of [...(this.#waits?.values() ?? [])]) this.#stop(wait);
  }

  /** The connection went away (its filler with it), or the session closes. */
  reset(): void {
    this.#spoken.reset();
    for (const wait of [...(this.#waits?.values() ?? [])]) this.#stop(wait);
  }

  #started(call: ToolStartEvent): void {
    this.#waits ??= new Map();
    let wait = this.#waits.get(call.responseId);
    if (!wait) {
      wait = {
        responseId: call.responseId,
        startedAt: Date.now(),
        running: new Set(),
        delayMs: undefined,
        timer: undefined,
        count: 0,
        holding: false,
      };
      this.#waits.set(call.responseId, wait);
    }
    wait.running.add(call.callId);
    const delay =
      this.#host.delayOf(call) ??
      this.#options.afterMs ??
      (this.#spoken.speaks ? DEFAULT_FILLER_AFTER_MS : false);
    if (delay === false || (wait.delayMs !== undefined && wait.delayMs <= delay)) return;
    wait.delayMs = delay;
    this.#schedule(wait, Math.max(0, wait.startedAt + delay - Date.now()));
  }

  #ended(responseId: string, callId: string): void {
    const wait = this.#waits?.get(responseId);
    if (!wait) return;
    wait.running.delete(callId);
    if (wait.running.size === 0) this.#stop(wait);
  }

  #schedule(wait: Wait, afterMs: number): void {
    clearTimeout(wait.timer);
    wait.timer = setTimeout(() => this.#fire(wait), afterMs);
  }

  #fire(wait: Wait): void {
    wait.timer = undefined;
    if (this.#waits?.get(wait.responseId) !== wait || wait.delayMs === undefined) return;
    const max = this.#options.maxPerWait ?? 1;
    // The model is still talking, or its filler is: no dead air yet; look again later.
    if (this.#host.responseActive() || this.#spoken.saying) {
      this.#schedule(wait, wait.delayMs);
      return;
    }
    if (wait.count >= max || wait.holding) return;
    wait.count += 1;
    const kind = this.#options.kind ?? 'spoken';
    if (kind === 'hold') wait.holding = true;
    else this.#speak(wait);
    this.#host.event({ type: 'filler_started', kind, responseId: wait.responseId, count: wait.count });
    if (wait.count < max && kind === 'spoken') this.#schedule(wait, wait.delayMs);
  }

  #speak(wait: Wait): void {
    const { responseId } = wait;
    this.#spoken.say(
      `sb_filler_${++this.#fillers}`,
      this.#options.instructions ?? FILLER_INSTRUCTIONS,
      (text) =>
        this.#host.event({ type: 'filler_ended', kind: 'spoken', responseId, ...(text ? { text } : {}) }),
    );
  }

  #stop(wait: Wait): void {
    clearTimeout(wait.timer);
    this.#waits?.delete(wait.responseId);
    if (wait.holding) this.#host.event({ type: 'filler_ended', kind: 'hold', responseId: wait.responseId });
  }
}

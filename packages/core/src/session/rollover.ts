import { isValidTimeoutMs, TIMEOUT_EXPECTED } from '../definitions/timeouts.js';
import { SessionOptionError } from '../errors/config-errors.js';
import type { RealtimeTransport, RenewOptions } from '../transport/transport.js';
import { checkSummaryOptions, type RolloverSummaryOptions } from './rollover-summary.js';

/**
 * When a session rolls over to a new connection before the server's time cap. The session
 * starts looking for a quiet moment (no turn open, nothing in the tool pipeline) `beforeCapMs`
 * before the cap, and rolls over at the first one.
 *
 * @example
 * ```ts
 * import type { RolloverOptions } from '@switchboard/core';
 *
 * const rollover: RolloverOptions = { capMs: 60 * 60_000, beforeCapMs: 5 * 60_000 };
 * ```
 */
export interface RolloverOptions {
  /** The server's maximum session duration (default: the transport's `maxSessionMs`). */
  readonly capMs?: number;
  /** How long before the cap the session may roll over (default: a quarter of the cap, at most 5 minutes). */
  readonly beforeCapMs?: number;
  /**
   * Restore a long conversation as a summary plus its latest items, at planned rollovers (a
   * `session_expired` one has no time to summarize: it restores what the last summary left, or all).
   */
  readonly summary?: RolloverSummaryOptions;
}

/**
 * Why a session rolled over: the time cap was near (`time_cap`), the server ended the session
 * (`session_expired`), the app asked (`session.rollover()`), or a budget switched the model
 * (`budget`, see `BudgetOptions`).
 */
export type RolloverCause = 'time_cap' | 'session_expired' | 'app' | 'budget';

/**
 * A session rollover, on `session.rollovers$`: `rollover_started` when the old connection is
 * given up, `rollover_done` once the new one has the active agent's config and the restored
 * conversation (`restoredItems` items: text messages, function calls and their outputs).
 */
export type RolloverEvent =
  | {
      readonly type: 'rollover_started';
      readonly cause: RolloverCause;
      /** The model the new connection asks for, when it changes (a budget's `switch_model`). */
      readonly model?: string;
    }
  | {
      readonly type: 'rollover_done';
      readonly cause: RolloverCause;
      readonly restoredItems: number;
      /** The first restored item is the summary of the older ones (see `rollover.summary`). */
      readonly summarized: boolean;
      /** The active agent whose config the new connection got. */
      readonly agent: string;
    };

/** What the rollover needs from its session. */
export interface RolloverHost {
  /** Nothing is going on that a new connection would cut: no turn open, nothing in the pipeline. */
  quiet(): boolean;
  /** Runs before a planned rollover, while the old connection is still up (the summary). */
  prepare(signal: AbortSignal): Promise<void>;
  agentName(): string;
  event(event: RolloverEvent): void;
}

/** Default share of the cap during which a rollover may happen, and its most. */
const BEFORE_CAP_SHARE = 0.25;
const MAX_BEFORE_CAP_MS = 5 * 60_000;

/** The resolved schedule: roll over from `afterMs` after a connection opens. */
interface Schedule {
  readonly afterMs: number;
}

function schedule(
  options: RolloverOptions | false | undefined,
  transport: Pick<RealtimeTransport, 'maxSessionMs' | 'renew'>,
): Schedule | undefined {
  if (options === false) return undefined;
  if (options !== undefined && !transport.renew)
    throw new SessionOptionError('rollover', options, 'no rollover (false): this transport cannot renew()');
  checkSummaryOptions(options?.summary);
  const capMs = options?.capMs ?? transport.maxSessionMs;
  if (capMs === undefined) return undefined;
  if (!isValidTimeoutMs(capMs)) throw new SessionOptionError('rollover.capMs', capMs, TIMEOUT_EXPECTED);
  const beforeCapMs = options?.beforeCapMs ?? Math.min(MAX_BEFORE_CAP_MS, capMs * BEFORE_CAP_SHARE);
  if (!isValidTimeoutMs(beforeCapMs) || beforeCapMs >= capMs)
    throw new SessionOptionError(
      'rollover.beforeCapMs',
      beforeCapMs,
      `a number of milliseconds above 0 and below rollover.capMs (${capMs})`,
    );
  return { afterMs: capMs - beforeCapMs };
}

/**
 * A session's rollovers: before the server's time cap (at the first quiet moment once the window
 * opens), when the server reports `session_expired` (at once), or when the app asks. Each asks the
 * transport to `renew()`; the session's link then restores the agent and the conversation on the
 * new connection exactly as after a reconnect, and reports it here ({@link restored}).
 */
export class Rollover {
  readonly #schedule: Schedule | undefined;
  readonly #renew: ((options?: RenewOptions) => void) | undefined;
  readonly #host: RolloverHost;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** The window before the cap is open on this connection. */
  #due = false;
  /** A rollover asked for (by the app, or a budget with its model) at the next quiet moment. */
  #requested: { readonly cause: 'app' | 'budget'; readonly model?: string } | undefined;
  /** A rollover asked for and not restored yet. */
  #pending: RolloverCause | undefined;
  /** A planned rollover's preparation (the summary) is running. */
  #preparing = false;
  readonly #stop = new AbortController();
  #closed = false;

  /** Throws a {@link SessionOptionError} for options it cannot use. */
  constructor(
    options: RolloverOptions | false | undefined,
    transport: Pick<RealtimeTransport, 'maxSessionMs' | 'renew'>,
    host: RolloverHost,
  ) {
    this.#schedule = schedule(options, transport);
    this.#renew = options === false || !transport.renew ? undefined : (renew) => transport.renew?.(renew);
    this.#host = host;
  }

  /** Whether the transport can open a new session (`renew()`), so a rollover can happen. */
  get possible(): boolean {
    return this.#renew !== undefined;
  }

  /** A new connection opened: a new server session, so the cap's clock starts again. */
  opened(): void {
    clearTimeout(this.#timer);
    this.#due = false;
    const plan = this.#schedule;
    if (!plan || this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#due = true;
      this.check();
    }, plan.afterMs);
    // A Node timer would otherwise keep the process alive for up to an hour.
    (this.#timer as { unref?: () => void }).unref?.();
  }

  /** Rolls over now if one is due (the window is open, or the app asked) and the session is quiet. */
  check(): void {
    if (!(this.#due || this.#requested) || this.#pending !== undefined || this.#preparing || this.#closed)
      return;
    if (this.#host.quiet()) this.#prepareThenStart();
  }

  /** The server ended the session (`session_expired`): roll over at once. Returns false when it cannot. */
  expired(): boolean {
    return this.#start('session_expired');
  }

  /**
   * The app (or a budget, with the model the new connection asks for) wants a rollover at the next
   * quiet moment. Returns false when the transport cannot renew.
   */
  request(cause: 'app' | 'budget' = 'app', model?: string): boolean {
    if (!this.#renew || this.#closed) return false;
    // A model switch asked for stays asked for, whatever the app asks meanwhile.
    if (this.#requested?.model === undefined)
      this.#requested = model === undefined ? { cause } : { cause, model };
    this.check();
    return true;
  }

  /** The new connection has the agent's config and `items` restored items (the first a summary, when `summarized`). */
  restored(items: number, summarized: boolean): void {
    const cause = this.#pending;
    if (cause === undefined) return;
    this.#pending = undefined;
    this.#host.event({
      type: 'rollover_done',
      cause,
      restoredItems: items,
      summarized,
      agent: this.#host.agentName(),
    });
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#stop.abort('session_closed');
  }

  /** A planned rollover: the summary first (on the old connection), then, if still quiet, the switch. */
  #prepareThenStart(): void {
    this.#preparing = true;
    const finish = () => {
      this.#preparing = false;
      // Input may have come meanwhile: then the next quiet moment rolls over.
      if (this.#host.quiet()) this.#start(this.#requested?.cause ?? 'time_cap');
    };
    this.#host.prepare(this.#stop.signal).then(finish, finish);
  }

  #start(cause: RolloverCause): boolean {
    const renew = this.#renew;
    if (!renew || this.#closed) return false;
    if (this.#pending !== undefined) return true;
    if (!(this.#due || this.#requested) && cause !== 'session_expired') return true;
    const model = this.#requested?.model;
    clearTimeout(this.#timer);
    this.#due = false;
    this.#requested = undefined;
    this.#pending = cause;
    this.#host.event(
      model === undefined ? { type: 'rollover_started', cause } : { type: 'rollover_started', cause, model },
    );
    renew(model === undefined ? undefined : { model });
    return true;
  }
}

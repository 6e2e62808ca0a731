import { BudgetError, costUnknown } from '../errors/budget-error.js';
import { baseModel } from '../observability/pricing.js';
import type { ResponseUsage } from '../observability/usage-meter.js';
import type { ResponseCreateParams, ServerEvent } from '../protocol/index.js';
import { Goodbye, type GoodbyeOutcome } from './budget-goodbye.js';
import type { BudgetEvent, BudgetLimit, ResolvedBudget } from './budget-options.js';
import type { RolloverEvent } from './rollover.js';

/** What a budget needs from its session. */
export interface BudgetHost {
  /** Adds a system message to the conversation, asking for no response. */
  note(text: string): void;
  /** Drops the follow-up responses waiting to be sent: the call is ending. */
  stopResponses(): void;
  /** Asks for a conversation response after the active one. */
  respond(params: ResponseCreateParams): void;
  receivedAudioMs(): number;
  /** Ends the call (`session.hangup()`); never throws. */
  hangup(): void;
  /** Rolls over to a new connection with `model` at the next quiet moment; false when it cannot. */
  switchModel(model: string): boolean;
  event(event: BudgetEvent): void;
  error(error: BudgetError): void;
}

/** The limit used the largest share of its maximum, with that share. */
interface Reading {
  readonly limit: BudgetLimit;
  readonly used: number;
  readonly max: number;
}

const MS_PER_MINUTE = 60_000;

/**
 * A call's budget: reads each response's usage as it arrives and the wall clock (a timer, so a
 * call the server reports no usage for still ends), warns the agent once at `warnAt` of a limit,
 * and runs the end step once when a limit is reached. The numbers come from the session's usage
 * meter, which counts anything but a finite number ≥ 0 as 0: nothing a model sends can stop it.
 */
export class Budget {
  readonly #options: ResolvedBudget;
  readonly #host: BudgetHost;
  readonly #timers: ReturnType<typeof setTimeout>[] = [];
  readonly #unpriced = new Set<string | undefined>();
  #startedAt: number | undefined;
  /** How far the minutes timers have run: at least this share of `maxMinutes` is used (float-safe). */
  #minutesShare = 0;
  #tokens = 0;
  #costUsd = 0;
  #warned = false;
  #exceeded = false;
  #goodbye: Goodbye | undefined;
  /** The switch's rollover started: the next `session.created` is the new connection's. */
  #switching = false;
  #closed = false;

  constructor(options: ResolvedBudget, host: BudgetHost) {
    this.#options = options;
    this.#host = host;
  }

  /** The end step has begun hanging up: follow-up responses are no longer asked for. */
  get ending(): boolean {
    return this.#exceeded && this.#options.end.type === 'hangup';
  }

  /** The call is connected: the minutes start. */
  start(): void {
    const minutes = this.#options.max.minutes;
    if (this.#startedAt !== undefined || this.#closed) return;
    this.#startedAt = Date.now();
    if (minutes === undefined) return;
    const { warnAt } = this.#options;
    const at = (share: number) =>
      setTimeout(
        () => {
          this.#minutesShare = share;
          this.#check();
        },
        minutes * MS_PER_MINUTE * share,
      );
    if (warnAt !== false) this.#timers.push(at(warnAt));
    this.#timers.push(at(1));
    // A Node timer would otherwise keep the process alive for the whole budget.
    for (const timer of this.#timers) (timer as { unref?: () => void }).unref?.();
  }

  /** One response's usage, with the session's totals after it. */
  used(usage: ResponseUsage): void {
    if (this.#closed) return;
    const { tokens, costUsd } = usage.session;
    this.#tokens = tokens.input + tokens.output;
    this.#costUsd = costUsd;
    if (
      usage.costUsd === undefined &&
      this.#options.max.cost !== undefined &&
      !this.#unpriced.has(usage.model)
    ) {
      this.#unpriced.add(usage.model);
      this.#host.error(costUnknown(usage.model));
    }
    this.#check();
  }

  observe(event: ServerEvent): void {
    this.#goodbye?.observe(event);
    if (event.type === 'session.created' && this.#switching) this.#switched(event.session.model);
  }

  /** Follows the rollover the `switch_model` step asked for. */
  rollover(event: RolloverEvent): void {
    // A session_expired rollover may carry the switch too: what matters is the model it asks for.
    if (event.type === 'rollover_started' && event.model !== undefined) this.#switching = true;
  }

  close(): void {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#goodbye?.cancel();
  }

  #check(): void {
    if (this.#closed || this.#exceeded) return;
    const reading = this.#reading();
    if (!reading) return;
    const { warnAt } = this.#options;
    if (reading.used >= reading.max) this.#exceed(reading);
    else if (warnAt !== false && reading.used >= reading.max * warnAt && !this.#warned) {
      this.#warned = true;
      this.#host.note(this.#options.warning);
      this.#host.event({ type: 'budget_warning', ...reading });
    }
  }

  /** The limit nearest its maximum. */
  #reading(): Reading | undefined {
    const { max } = this.#options;
    const elapsed = this.#startedAt === undefined ? 0 : (Date.now() - this.#startedAt) / MS_PER_MINUTE;
    const minutes = Math.max(elapsed, (max.minutes ?? 0) * this.#minutesShare);
    const used: Record<BudgetLimit, number> = { minutes, tokens: this.#tokens, cost: this.#costUsd };
    let best: Reading | undefined;
    for (const limit of ['minutes', 'tokens', 'cost'] as const) {
      const limitMax = max[limit];
      if (limitMax === undefined) continue;
      if (!best || used[limit] / limitMax > best.used / best.max)
        best = { limit, used: used[limit], max: limitMax };
    }
    return best;
  }

  #exceed(reading: Reading): void {
    this.#exceeded = true;
    for (const timer of this.#timers) clearTimeout(timer);
    const { end } = this.#options;
    this.#host.event({ type: 'budget_exceeded', ...reading, step: end.type });
    if (end.type === 'switch_model') {
      if (!this.#host.switchModel(end.model))
        this.#host.error(
          new BudgetError('model_not_switched', end.model, 'the session cannot roll over any more'),
        );
      return;
    }
    this.#host.stopResponses();
    if (end.goodbye === false) this.#hangUp('none');
    else
      this.#goodbye = new Goodbye(end.goodbye, end.goodbyeTimeoutMs, {
        request: (params) => this.#host.respond(params),
        receivedAudioMs: () => this.#host.receivedAudioMs(),
        ended: (outcome) => this.#hangUp(outcome),
      });
  }

  #hangUp(goodbye: GoodbyeOutcome | 'none'): void {
    if (this.#closed) return;
    this.#host.event({ type: 'budget_call_ended', goodbye });
    this.#host.hangup();
  }

  #switched(model: string | undefined): void {
    this.#switching = false;
    const { end } = this.#options;
    if (end.type !== 'switch_model') return;
    if (model !== undefined && (model === end.model || baseModel(model) === end.model))
      this.#host.event({ type: 'budget_model_switched', model });
    else
      this.#host.error(
        new BudgetError(
          'model_not_switched',
          end.model,
          `the new connection reports model ${model === undefined ? 'none' : `"${model}"`}, not "${end.model}" (does the transport's renew() take a model?)`,
        ),
      );
  }
}

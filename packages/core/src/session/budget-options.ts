import { isValidTimeoutMs, MAX_TIMEOUT_MS, TIMEOUT_EXPECTED } from '../definitions/timeouts.js';
import { SessionOptionError } from '../errors/config-errors.js';
import { isRecord } from '../protocol/is-record.js';

/** What a budget limits: wall-clock minutes of the call, tokens (input + output), or cost in US dollars. */
export type BudgetLimit = 'minutes' | 'tokens' | 'cost';

/**
 * What happens when a limit is reached. `hangup`: the agent says a short goodbye (a response told
 * `goodbye`, no tools), then the call ends with `session.hangup()` (a phone transport hangs up; any
 * other closes). `switch_model`: the call goes on with a cheaper `model`; the API cannot change the
 * model of a live session, so the session rolls over to a new connection with it (the active agent
 * and the conversation restored, as before the time cap). Only where the transport can `renew()`.
 */
export type BudgetEndStep =
  | {
      readonly type: 'hangup';
      /** What the goodbye response is told (default {@link BUDGET_GOODBYE}); `false`: hang up at once. */
      readonly goodbye?: string | false;
      /** The longest the goodbye may take, played out included, before the call ends anyway (default 15 s). */
      readonly goodbyeTimeoutMs?: number;
    }
  | { readonly type: 'switch_model'; readonly model: string };

/**
 * A per-call budget (the session's `budget` option): at most `maxMinutes` of wall clock,
 * `maxTokens` or `maxCostUsd` (from each `response.done`'s usage and the session's price table),
 * any of them. When a limit reaches `warnAt` of its maximum the agent gets a system note telling it
 * to wrap up (once); when one is reached the `end` step runs (once).
 *
 * @example
 * ```ts
 * import type { BudgetOptions } from '@switchboard/core';
 *
 * const budget: BudgetOptions = {
 *   maxMinutes: 15,
 *   maxCostUsd: 0.5,
 *   warnAt: 0.8,
 *   end: { type: 'switch_model', model: 'gpt-realtime-mini' },
 * };
 * ```
 */
export interface BudgetOptions {
  /** Wall-clock minutes from `connect()`, enforced by a timer even when no usage arrives. */
  readonly maxMinutes?: number;
  /** Input plus output tokens of every response (out-of-band ones included), as the server reports them. */
  readonly maxTokens?: number;
  /** US dollars, priced with the session's `prices`; a model missing there is reported, not guessed. */
  readonly maxCostUsd?: number;
  /** The share of a limit at which the agent is warned (default 0.8, above 0 and below 1); `false`: no warning. */
  readonly warnAt?: number | false;
  /** The system note the agent gets at `warnAt` (default {@link BUDGET_WARNING}). */
  readonly warning?: string;
  /** What happens at the limit (default `{ type: 'hangup' }`). */
  readonly end?: BudgetEndStep;
}

/** The system note an agent gets when its call nears a budget limit. */
export const BUDGET_WARNING =
  'This call is close to its time and cost limit. Help the caller finish what they need now, ' +
  'briefly; do not start anything new.';

/** What the goodbye response is told when a budget limit ends the call. */
export const BUDGET_GOODBYE =
  'This call has reached its limit and ends now. Tell the caller so in one short, friendly sentence ' +
  'and say goodbye. Ask nothing and call no tools.';

/**
 * A budget step, on `session.budget$`: the warning note was sent, a limit was reached and its end
 * step started, the cheaper model answers on the new connection, the call ended after its goodbye
 * (`said`: it was said in full; `cut`: it ended early, e.g. the caller spoke; `timed_out`: it did not
 * end within `goodbyeTimeoutMs`; `none`: no goodbye was asked for). `used` and `max` are in the
 * limit's unit (minutes, tokens, US dollars).
 */
export type BudgetEvent =
  | {
      readonly type: 'budget_warning';
      readonly limit: BudgetLimit;
      readonly used: number;
      readonly max: number;
    }
  | {
      readonly type: 'budget_exceeded';
      readonly limit: BudgetLimit;
      readonly used: number;
      readonly max: number;
      readonly step: BudgetEndStep['type'];
    }
  | { readonly type: 'budget_model_switched'; readonly model: string }
  | { readonly type: 'budget_call_ended'; readonly goodbye: 'said' | 'cut' | 'timed_out' | 'none' };

/** A budget checked and filled with its defaults. */
export interface ResolvedBudget {
  readonly max: Readonly<Partial<Record<BudgetLimit, number>>>;
  readonly warnAt: number | false;
  readonly warning: string;
  readonly end:
    | { readonly type: 'hangup'; readonly goodbye: string | false; readonly goodbyeTimeoutMs: number }
    | { readonly type: 'switch_model'; readonly model: string };
}

const DEFAULT_WARN_AT = 0.8;
const DEFAULT_GOODBYE_TIMEOUT_MS = 15_000;
/** The most minutes a timer can wait for (setTimeout's 2^31−1 ms). */
const MAX_MINUTES = Math.floor(MAX_TIMEOUT_MS / 60_000);
const OPTION_NAMES = ['maxMinutes', 'maxTokens', 'maxCostUsd', 'warnAt', 'warning', 'end'];
const LIMIT_OPTIONS = { minutes: 'maxMinutes', tokens: 'maxTokens', cost: 'maxCostUsd' } as const;

function isPositive(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/**
 * The session's `budget`, checked: throws a {@link SessionOptionError} naming the field (an unknown
 * field, a limit that is not a number above 0, no limit at all, a `switch_model` on a transport that
 * cannot roll over, …). `canRollOver`: whether the session can open a new connection.
 */
export function resolveBudget(
  budget: BudgetOptions | undefined,
  canRollOver: boolean,
): ResolvedBudget | undefined {
  if (budget === undefined) return undefined;
  // Typed options may still come from JavaScript or a config file: every field is checked.
  const fields: unknown = budget;
  if (!isRecord(fields))
    throw new SessionOptionError('budget', fields, 'an object with maxMinutes, maxTokens or maxCostUsd');
  for (const key of Object.keys(fields))
    if (!OPTION_NAMES.includes(key))
      throw new SessionOptionError(
        `budget.${key}`,
        fields[key],
        `no such option (known: ${OPTION_NAMES.join(', ')})`,
      );
  const max: Partial<Record<BudgetLimit, number>> = {};
  for (const [limit, option] of Object.entries(LIMIT_OPTIONS) as [BudgetLimit, string][]) {
    const value = fields[option];
    if (value === undefined) continue;
    if (!isPositive(value))
      throw new SessionOptionError(`budget.${option}`, value, 'a finite number above 0');
    max[limit] = value;
  }
  if (max.minutes !== undefined && max.minutes > MAX_MINUTES)
    throw new SessionOptionError(
      'budget.maxMinutes',
      max.minutes,
      `at most ${MAX_MINUTES} (a timer's longest wait)`,
    );
  if (Object.keys(max).length === 0)
    throw new SessionOptionError('budget', fields, 'at least one of maxMinutes, maxTokens, maxCostUsd');
  const { warnAt = DEFAULT_WARN_AT, warning = BUDGET_WARNING } = fields;
  if (warnAt !== false && !(isPositive(warnAt) && warnAt < 1))
    throw new SessionOptionError(
      'budget.warnAt',
      warnAt,
      'a share of the limit above 0 and below 1, or false',
    );
  if (!isText(warning)) throw new SessionOptionError('budget.warning', warning, 'a non-empty string');
  return { max, warnAt, warning, end: resolveEnd(fields.end, canRollOver) };
}

function resolveEnd(end: unknown, canRollOver: boolean): ResolvedBudget['end'] {
  if (end === undefined)
    return { type: 'hangup', goodbye: BUDGET_GOODBYE, goodbyeTimeoutMs: DEFAULT_GOODBYE_TIMEOUT_MS };
  if (!isRecord(end))
    throw new SessionOptionError('budget.end', end, "{ type: 'hangup' } or { type: 'switch_model', model }");
  if (end.type === 'hangup') {
    const { goodbye = BUDGET_GOODBYE, goodbyeTimeoutMs = DEFAULT_GOODBYE_TIMEOUT_MS } = end;
    if (goodbye !== false && !isText(goodbye))
      throw new SessionOptionError(
        'budget.end.goodbye',
        goodbye,
        'a non-empty string, or false (no goodbye)',
      );
    if (!isValidTimeoutMs(goodbyeTimeoutMs))
      throw new SessionOptionError('budget.end.goodbyeTimeoutMs', goodbyeTimeoutMs, TIMEOUT_EXPECTED);
    return { type: 'hangup', goodbye, goodbyeTimeoutMs };
  }
  if (end.type === 'switch_model') {
    if (!isText(end.model)) throw new SessionOptionError('budget.end.model', end.model, 'a model name');
    if (!canRollOver)
      throw new SessionOptionError(
        'budget.end',
        end,
        "{ type: 'hangup' }: switching the model needs a new connection, and this transport cannot renew() (or rollover is false)",
      );
    return { type: 'switch_model', model: end.model };
  }
  throw new SessionOptionError('budget.end.type', end.type, "'hangup' or 'switch_model'");
}

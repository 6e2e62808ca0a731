import { type AgentGuardrails, type GuardrailSide, guardrailsProblem } from '../definitions/guardrail.js';
import { isValidTimeoutMs, MAX_TIMEOUT_MS, TIMEOUT_EXPECTED } from '../definitions/timeouts.js';
import { SessionOptionError } from '../errors/config-errors.js';

/**
 * The session's `guardrails` option: checks over what the user and the model say (every agent's,
 * with each agent's own `guardrails` added while it is active), the line said instead, and how the
 * checks run.
 *
 * @example
 * ```ts
 * import type { GuardrailOptions } from '@switchboard/core';
 *
 * declare const player: { playedMs(): number }; // the app's audio player (WebSocket transports)
 * const guardrails: GuardrailOptions = {
 *   output: [{ name: 'no_vault_codes', check: (text) => /vault code/i.test(text) }],
 *   input: [{ name: 'no_card_numbers', check: (text) => /\b(?:\d[ -]?){13,16}\b/.test(text) }],
 *   safeLine: 'Sorry, I cannot talk about that.',
 *   onCheckError: 'trip',
 *   playedMs: () => player.playedMs(),
 * };
 * ```
 */
export interface GuardrailOptions<Ctx = unknown> extends AgentGuardrails<Ctx> {
  /** Quiet time after the latest transcript delta before the text is checked (default {@link DEFAULT_GUARDRAIL_DEBOUNCE_MS}). */
  readonly debounceMs?: number;
  /** The longest text waits for its check while deltas keep coming (default {@link DEFAULT_GUARDRAIL_MAX_WAIT_MS}). */
  readonly maxWaitMs?: number;
  /** How long one check may take before it counts as failed (default {@link DEFAULT_GUARDRAIL_TIMEOUT_MS}). */
  readonly timeoutMs?: number;
  /**
   * What a check that throws, hangs past `timeoutMs` or returns no verdict means: `'trip'` (the
   * default: fail closed) stops the text as if it had tripped, `'pass'` (fail open) lets it go on.
   * Either way a `GuardrailError` goes on `errors$`. Closed by default because a guardrail stands for
   * something that must not be said: a check that cannot answer cannot vouch for the text. Choose
   * `'pass'` for advisory checks whose outage should not silence the agent.
   */
  readonly onCheckError?: 'trip' | 'pass';
  /**
   * Where the app's player is when the app plays the audio (WebSocket transports): milliseconds of
   * the latest assistant audio item played so far. A tripped output guardrail truncates the item
   * there. Absent (or not a finite number ≥ 0) it truncates at 0: nothing is known to have been
   * heard, so none of the item stays in the model's context. Unused when the server plays the audio
   * (WebRTC, SIP, Twilio), which knows what was heard.
   */
  readonly playedMs?: () => number;
}

/** The default quiet time after a transcript delta before a check. */
export const DEFAULT_GUARDRAIL_DEBOUNCE_MS = 150;
/** The default longest wait of a transcript delta for its check while deltas keep coming. */
export const DEFAULT_GUARDRAIL_MAX_WAIT_MS = 500;
/** The default time one check may take. */
export const DEFAULT_GUARDRAIL_TIMEOUT_MS = 5_000;
/** What the agent says by default once a guardrail trips. */
export const DEFAULT_SAFE_LINE = "Sorry, I can't help with that.";

/** What was done about a tripped guardrail. */
export interface GuardrailAction {
  /** The response cancelled (`response.cancel`) because it was still being generated. */
  readonly cancelledResponseId: string | undefined;
  /**
   * Who drops the audio not played yet: `server` (`output_audio_buffer.clear` was sent), `app`
   * (the app plays the audio: drop what your player has queued now), or `undefined` (no audio).
   */
  readonly flush: 'server' | 'app' | undefined;
  /** Where the audio item was truncated (`conversation.item.truncate`), when it was. */
  readonly truncatedAtMs: number | undefined;
  /** The item removed from the conversation (`conversation.item.delete`): a text answer, or the user's input. */
  readonly removedItemId: string | undefined;
  /** The line the agent says instead, if any. */
  readonly safeLine: string | undefined;
}

/**
 * What `guardrails$` reports: a guardrail tripped (or failed with `onCheckError: 'trip'`), and
 * what was done about it.
 *
 * @example
 * ```ts
 * import type { GuardrailTrippedEvent, RealtimeSession } from '@switchboard/core';
 *
 * declare const session: RealtimeSession;
 * declare const player: { flush(): void };
 * session.guardrails$.subscribe((event: GuardrailTrippedEvent) => {
 *   if (event.action.flush === 'app') player.flush(); // drop the audio not played yet
 *   console.warn(event.side, event.guardrail, event.reason, event.action.safeLine);
 * });
 * ```
 */
export interface GuardrailTrippedEvent {
  readonly type: 'guardrail_tripped';
  readonly side: GuardrailSide;
  /** The guardrail's `name`. */
  readonly guardrail: string;
  /** The agent active when it tripped. */
  readonly agent: string;
  /** The text it tripped on: the item's whole text as checked. */
  readonly text: string;
  /** The guardrail's `reason`, or what failed. */
  readonly reason: string | undefined;
  /** True when the check failed and counted as tripped (its `GuardrailError` is on `errors$`). */
  readonly failed: boolean;
  /** The item the text belongs to: the model's message, or the user's. */
  readonly itemId: string;
  /** The response the model's text belongs to (output). */
  readonly responseId: string | undefined;
  readonly action: GuardrailAction;
}

/** An event of `guardrails$`. */
export type GuardrailEvent = GuardrailTrippedEvent;

/** The session's `guardrails` option with its defaults. */
export interface GuardrailSettings<Ctx> {
  readonly options: GuardrailOptions<Ctx>;
  readonly debounceMs: number;
  readonly maxWaitMs: number;
  readonly timeoutMs: number;
  readonly onCheckError: 'trip' | 'pass';
}

/** The session's `guardrails` option, checked; throws a {@link SessionOptionError} naming the field. */
export function guardrailSettings<Ctx>(options: GuardrailOptions<Ctx> | undefined): GuardrailSettings<Ctx> {
  const problem = guardrailsProblem(options, 'guardrails');
  if (problem) throw new SessionOptionError(problem.field, problem.value, problem.detail);
  const {
    debounceMs = DEFAULT_GUARDRAIL_DEBOUNCE_MS,
    maxWaitMs = DEFAULT_GUARDRAIL_MAX_WAIT_MS,
    timeoutMs = DEFAULT_GUARDRAIL_TIMEOUT_MS,
    onCheckError = 'trip',
    playedMs,
  } = options ?? {};
  const isDelay = (value: unknown) =>
    typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_TIMEOUT_MS;
  if (!isDelay(debounceMs))
    throw new SessionOptionError('guardrails.debounceMs', debounceMs, `0 to ${MAX_TIMEOUT_MS} milliseconds`);
  if (!isDelay(maxWaitMs) || maxWaitMs < debounceMs)
    throw new SessionOptionError(
      'guardrails.maxWaitMs',
      maxWaitMs,
      `debounceMs to ${MAX_TIMEOUT_MS} milliseconds`,
    );
  if (!isValidTimeoutMs(timeoutMs))
    throw new SessionOptionError('guardrails.timeoutMs', timeoutMs, TIMEOUT_EXPECTED);
  if (onCheckError !== 'trip' && onCheckError !== 'pass')
    throw new SessionOptionError('guardrails.onCheckError', onCheckError, "'trip' or 'pass'");
  if (playedMs !== undefined && typeof playedMs !== 'function')
    throw new SessionOptionError('guardrails.playedMs', playedMs, 'a function returning milliseconds');
  return { options: options ?? {}, debounceMs, maxWaitMs, timeoutMs, onCheckError };
}

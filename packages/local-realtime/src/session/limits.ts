import { API_MAX_SESSION_MS } from '@switchboard/core/protocol';

/**
 * Per-session limits of the local server. The API documents no numbers for these; the defaults are
 * generous for any real client and small enough that one connection cannot exhaust the process
 * (issue 10: an uncapped input buffer held 840 MiB; 2,000 out-of-band responses from one socket
 * took 0.7–2 GiB and made other sessions wait 20 s).
 *
 * @example
 * ```ts
 * import { type SessionLimits } from '@switchboard/local-realtime';
 *
 * const limits: SessionLimits = { inputAudioBufferMs: 60_000, activeResponses: 4 };
 * ```
 */
export interface SessionLimits {
  /**
   * Most audio the input buffer holds, in milliseconds (default 15 minutes: 43 MB of PCM16 at
   * 24 kHz). An `input_audio_buffer.append` that would go beyond it is refused with an
   * `input_audio_buffer_full` error and not added; what is buffered stays.
   */
  readonly inputAudioBufferMs?: number;
  /**
   * Most responses in progress at once (default 16: the default conversation's one plus out-of-band
   * ones). A `response.create` beyond it is refused with a `too_many_active_responses` error.
   */
  readonly activeResponses?: number;
  /**
   * How long a WebSocket session lives, in milliseconds (default: the API's cap, 60 minutes for GA
   * and 30 for beta; see {@link DEFAULT_MAX_SESSION_MS}). At the cap the server ends it as the API
   * does: an `error` event with code `session_expired`, then close code 1001. Tests set seconds.
   */
  readonly maxSessionMs?: number;
}

/** {@link SessionLimits} with every default filled in (`maxSessionMs` depends on the dialect). */
export type ResolvedSessionLimits = Required<Omit<SessionLimits, 'maxSessionMs'>> &
  Pick<SessionLimits, 'maxSessionMs'>;

/** The limits when none are given. */
export const DEFAULT_SESSION_LIMITS: ResolvedSessionLimits = {
  inputAudioBufferMs: 15 * 60_000,
  activeResponses: 16,
};

/** The longest delay a Node timer takes. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The API's maximum session duration per dialect, local-realtime's default `maxSessionMs`. */
export const DEFAULT_MAX_SESSION_MS = API_MAX_SESSION_MS;

/**
 * The message of the `session_expired` error for a cap of `maxSessionMs`, worded as the API's
 * ("Your session hit the maximum duration of 60 minutes.").
 *
 * @example
 * ```ts
 * import { sessionExpiredMessage } from '@switchboard/local-realtime';
 *
 * sessionExpiredMessage(2_000); // 'Your session hit the maximum duration of 2 seconds.'
 * ```
 */
export function sessionExpiredMessage(maxSessionMs: number): string {
  const minutes = maxSessionMs / 60_000;
  const span = Number.isInteger(minutes)
    ? `${minutes} minute${minutes === 1 ? '' : 's'}`
    : `${maxSessionMs / 1000} second${maxSessionMs === 1000 ? '' : 's'}`;
  return `Your session hit the maximum duration of ${span}.`;
}

/** Fills in the defaults; throws a `RangeError` naming the field for a value that is not a positive number. */
export function resolveSessionLimits(limits: SessionLimits | undefined): ResolvedSessionLimits {
  const resolved: ResolvedSessionLimits = {
    inputAudioBufferMs: limits?.inputAudioBufferMs ?? DEFAULT_SESSION_LIMITS.inputAudioBufferMs,
    activeResponses: limits?.activeResponses ?? DEFAULT_SESSION_LIMITS.activeResponses,
    ...(limits?.maxSessionMs === undefined ? {} : { maxSessionMs: limits.maxSessionMs }),
  };
  for (const [field, value] of Object.entries(resolved)) {
    if (typeof value !== 'number' || !(value > 0)) {
      throw new RangeError(`limits.${field}: expected a positive number, got ${String(value)}`);
    }
  }
  if ((resolved.maxSessionMs ?? 0) > MAX_TIMER_MS)
    throw new RangeError(
      `limits.maxSessionMs: expected at most ${MAX_TIMER_MS}, got ${resolved.maxSessionMs}`,
    );
  return resolved;
}

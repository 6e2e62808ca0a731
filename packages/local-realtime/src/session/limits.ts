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
}

/** {@link SessionLimits} with every default filled in. */
export type ResolvedSessionLimits = Required<SessionLimits>;

/** The limits when none are given. */
export const DEFAULT_SESSION_LIMITS: ResolvedSessionLimits = {
  inputAudioBufferMs: 15 * 60_000,
  activeResponses: 16,
};

/** Fills in the defaults; throws a `RangeError` naming the field for a value that is not a positive number. */
export function resolveSessionLimits(limits: SessionLimits | undefined): ResolvedSessionLimits {
  const resolved: ResolvedSessionLimits = {
    inputAudioBufferMs: limits?.inputAudioBufferMs ?? DEFAULT_SESSION_LIMITS.inputAudioBufferMs,
    activeResponses: limits?.activeResponses ?? DEFAULT_SESSION_LIMITS.activeResponses,
  };
  for (const [field, value] of Object.entries(resolved)) {
    if (typeof value !== 'number' || !(value > 0)) {
      throw new RangeError(`limits.${field}: expected a positive number, got ${String(value)}`);
    }
  }
  return resolved;
}

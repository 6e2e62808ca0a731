import type { SessionConfig } from '../protocol/index.js';

type SessionAudio = NonNullable<SessionConfig['audio']>;
type SessionAudioInput = NonNullable<SessionAudio['input']>;
type SessionAudioOutput = NonNullable<SessionAudio['output']>;

/**
 * Per-agent audio settings, merged key by key into the session's `audio`. The voice is not here:
 * it is the agent's `voice` option.
 */
export interface AgentAudioOverrides {
  /** Input format, transcription, noise reduction, `turn_detection` (`null` turns it off). */
  readonly input?: Partial<SessionAudioInput>;
  /** Output format and speed. */
  readonly output?: Partial<Omit<SessionAudioOutput, 'voice'>>;
}

/** Top-level session fields an agent may set; the rest (`type`, `model`, `instructions`, `tools`) are computed or fixed. */
export type OverridableSessionField =
  | 'output_modalities'
  | 'tool_choice'
  | 'max_output_tokens'
  | 'tracing'
  | 'truncation'
  | 'prompt'
  | 'include';

/**
 * Session settings an agent applies while it is active, typed from the protocol's `SessionConfig`.
 *
 * @example
 * ```ts
 * import { type AgentSessionOverrides } from '@switchboard/core';
 *
 * const overrides: AgentSessionOverrides = {
 *   output_modalities: ['text'],
 *   tool_choice: 'required',
 *   max_output_tokens: 400,
 *   audio: { input: { turn_detection: { type: 'semantic_vad', eagerness: 'low' } } },
 * };
 * ```
 */
export type AgentSessionOverrides = Partial<Pick<SessionConfig, OverridableSessionField>> & {
  readonly audio?: AgentAudioOverrides;
};

/** Session keys an agent must not set: they are computed from the agent, or fixed for the session. */
const RESERVED_KEYS = ['type', 'model', 'instructions', 'tools', 'voice'] as const;

/** A problem with an agent's `session` option, or `undefined` when it is usable. */
export function checkSessionOverrides(
  session: unknown,
): { readonly field: string; readonly value: unknown; readonly detail: string } | undefined {
  if (session === undefined) return undefined;
  if (!isPlainObject(session))
    return { field: 'session', value: session, detail: 'must be an object of session settings' };
  for (const key of RESERVED_KEYS) {
    if (key in session) {
      return {
        field: `session.${key}`,
        value: session[key],
        detail: 'is set from the agent or the session; remove it from `session`',
      };
    }
  }
  const audio = session.audio;
  if (audio === undefined) return undefined;
  if (!isPlainObject(audio)) return { field: 'session.audio', value: audio, detail: 'must be an object' };
  for (const side of ['input', 'output'] as const) {
    const part = audio[side];
    if (part !== undefined && !isPlainObject(part))
      return { field: `session.audio.${side}`, value: part, detail: 'must be an object' };
  }
  const output = audio.output;
  if (isPlainObject(output) && 'voice' in output) {
    return {
      field: 'session.audio.output.voice',
      value: output.voice,
      detail: "is the agent's `voice` option; set it there",
    };
  }
  return undefined;
}

/**
 * `base` with `overrides` merged in, recursively for plain objects; `null` in `overrides` is kept
 * (it turns a setting off), `undefined` is skipped. Returns fresh objects; inputs are not changed.
 */
export function mergeAudio(
  base: Record<string, unknown> | undefined,
  overrides: AgentAudioOverrides | undefined,
): SessionAudio | undefined {
  if (!overrides) return base ? (deepMerge({}, base) as SessionAudio) : undefined;
  return deepMerge(deepMerge({}, base ?? {}), overrides as Record<string, unknown>) as SessionAudio;
}

function deepMerge(
  target: Record<string, unknown>,
  source: Record<string, unknown>,
): Record<string, unknown> {
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined) continue;
    const current = target[key];
    if (isPlainObject(value)) target[key] = deepMerge(isPlainObject(current) ? current : {}, value);
    else target[key] = Array.isArray(value) ? [...value] : value;
  }
  return target;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

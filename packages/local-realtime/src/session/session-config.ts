import type { SessionConfig, TurnDetection } from '@switchboard/core/protocol';
import { isRecord } from '@switchboard/core/protocol';

type Loose = Record<string, unknown>;

/** The instructions the server starts with, as the API does, visible in `session.created`. */
export const DEFAULT_INSTRUCTIONS =
  'You are a helpful, witty, and friendly AI running on a local Realtime-compatible server. Keep answers short.';

/** Server VAD defaults of the API (threshold 0.5, 300 ms padding, 500 ms silence). */
export function serverVadDefaults(): TurnDetection {
  return {
    type: 'server_vad',
    threshold: 0.5,
    prefix_padding_ms: 300,
    silence_duration_ms: 500,
    idle_timeout_ms: null,
    create_response: true,
    interrupt_response: true,
  };
}

/** Fills a turn detection object with the API's defaults for its type. */
export function withTurnDetectionDefaults(detection: Loose): Loose {
  if (detection.type === 'semantic_vad') {
    return { eagerness: 'auto', create_response: true, interrupt_response: true, ...detection };
  }
  return { ...serverVadDefaults(), ...detection };
}

/**
 * Fills the transcription settings the way the API reports them: `language` and `prompt` a client
 * left out come back as `null` (a recorded `session.updated` shows `{ model: 'whisper-1', language:
 * 'en', prompt: null }`), though the SDK types, and `session.update`, allow only strings there.
 */
function withTranscriptionDefaults(transcription: Loose): Loose {
  return { ...transcription, language: transcription.language ?? null, prompt: transcription.prompt ?? null };
}

/**
 * The session a new connection starts with (what `session.created` shows): audio out in `marin`,
 * PCM16 24 kHz both ways, server VAD on, no tools. `overrides` (from the server options or a minted
 * client secret) are merged over it with the `session.update` rules.
 */
export function defaultSessionConfig(model: string, overrides?: Loose): SessionConfig {
  const base: SessionConfig = {
    type: 'realtime',
    object: 'realtime.session',
    model,
    output_modalities: ['audio'],
    instructions: DEFAULT_INSTRUCTIONS,
    tools: [],
    tool_choice: 'auto',
    max_output_tokens: 'inf',
    tracing: null,
    truncation: 'auto',
    prompt: null,
    include: null,
    audio: {
      input: {
        format: { type: 'audio/pcm', rate: 24000 },
        transcription: null,
        noise_reduction: null,
        turn_detection: serverVadDefaults(),
      },
      output: { format: { type: 'audio/pcm', rate: 24000 }, voice: 'marin', speed: 1 },
    },
  };
  return overrides ? mergeSessionUpdate(base, overrides) : base;
}

/** `audio.input` / `audio.output` settings the server completes the way the API does. */
const FILLED_IN: ReadonlyMap<string, (value: Loose) => Loose> = new Map([
  ['turn_detection', withTurnDetectionDefaults],
  ['transcription', withTranscriptionDefaults],
]);

/** Fields the server owns: a client cannot set them through `session.update`. */
const SERVER_OWNED = new Set(['id', 'object', 'expires_at']);

/**
 * Applies a `session.update` payload: only the fields present change; `audio`, `audio.input` and
 * `audio.output` merge field by field; `null` turns `turn_detection`, `transcription` or
 * `noise_reduction` off; an empty string clears `instructions`, an empty array clears `tools`. A new
 * `turn_detection` object gets the API's defaults for the fields it leaves out, a new `transcription`
 * the API's `null`s. Pure.
 */
export function mergeSessionUpdate(current: SessionConfig, update: Loose): SessionConfig {
  const next: Loose = { ...current };
  for (const [key, value] of Object.entries(update)) {
    if (SERVER_OWNED.has(key) || value === undefined) continue;
    if (key === 'audio' && isRecord(value))
      next.audio = mergeAudio(isRecord(current.audio) ? current.audio : {}, value);
    else next[key] = value;
  }
  return next as SessionConfig;
}

function mergeAudio(current: Loose, update: Loose): Loose {
  const next: Loose = { ...current };
  for (const [key, value] of Object.entries(update)) {
    if (value === undefined) continue;
    if ((key === 'input' || key === 'output') && isRecord(value)) {
      const previous = isRecord(current[key]) ? current[key] : {};
      const merged: Loose = { ...previous };
      for (const [field, fieldValue] of Object.entries(value)) {
        if (fieldValue === undefined) continue;
        const fill = FILLED_IN.get(field);
        merged[field] = fill && isRecord(fieldValue) ? fill(fieldValue) : fieldValue;
      }
      next[key] = merged;
    } else {
      next[key] = value;
    }
  }
  return next;
}

/** The voice in effect: a name, or the id of a custom voice. */
export function voiceOf(session: SessionConfig): string {
  const voice = session.audio?.output?.voice;
  if (typeof voice === 'string') return voice;
  if (isRecord(voice) && typeof voice.id === 'string') return voice.id;
  return 'marin';
}

/** The turn detection in effect, or null when it is off. */
export function turnDetectionOf(session: SessionConfig): TurnDetection | null {
  return session.audio?.input?.turn_detection ?? null;
}

import { isRecord } from '../is-record.js';
import { formatFromBeta, formatToBeta, modalitiesFromBeta, modalitiesToBeta } from './beta-audio.js';
import { assignDefined, nonEmpty } from './shape.js';

/**
 * Moves GA `audio.output` fields to their flat beta twins (`voice`, `output_audio_format`, and
 * `speed` when `withSpeed`), leaving behind what has no twin (a custom `{ id }` voice, a format of
 * another rate, unknown fields). Returns the flat fields and the leftover `audio` block (or undefined).
 */
export function audioOutputToBeta(
  audio: unknown,
  withSpeed: boolean,
): { flat: Record<string, unknown>; audio: unknown } {
  if (!isRecord(audio)) return { flat: {}, audio };
  const flat: Record<string, unknown> = {};
  const { output, ...audioRest } = audio;
  if (!isRecord(output)) return { flat, audio };
  const { voice, format, speed, ...outputRest } = output;
  const left: Record<string, unknown> = { ...outputRest };
  if (typeof voice === 'string') flat.voice = voice;
  else if (voice !== undefined) left.voice = voice;
  const betaFormat = formatToBeta(format);
  if (betaFormat !== undefined) flat.output_audio_format = betaFormat;
  else if (format !== undefined) left.format = format;
  if (withSpeed && speed !== undefined) flat.speed = speed;
  else if (speed !== undefined) left.speed = speed;
  const leftOutput = nonEmpty(left);
  return { flat, audio: nonEmpty(leftOutput ? { ...audioRest, output: leftOutput } : audioRest) };
}

/** The reverse of `audioOutputToBeta`: flat beta fields into GA `audio.output`. */
export function audioOutputFromBeta(
  audio: unknown,
  fields: { voice?: unknown; output_audio_format?: unknown; speed?: unknown },
): unknown {
  const format = fields.output_audio_format;
  const gaFormat = formatFromBeta(format);
  const output: Record<string, unknown> = {};
  assignDefined(output, {
    format: gaFormat ?? format,
    voice: fields.voice,
    speed: fields.speed,
  });
  if (Object.keys(output).length === 0) return audio;
  const base = isRecord(audio) ? audio : {};
  const previous = isRecord(base.output) ? base.output : {};
  return { ...base, output: { ...previous, ...output } };
}

/** The flat beta twins of the GA `audio.input` fields. */
interface BetaInputFields {
  input_audio_format?: unknown;
  input_audio_transcription?: unknown;
  turn_detection?: unknown;
  input_audio_noise_reduction?: unknown;
}

/**
 * Moves GA `audio.input.{format, transcription, turn_detection, noise_reduction}` to their flat beta
 * twins, leaving behind what has none (a format of another rate, unknown fields). Returns the flat
 * fields and the leftover `audio` block (or undefined).
 */
function audioInputToBeta(audio: unknown): { flat: BetaInputFields; audio: unknown } {
  if (!isRecord(audio) || !isRecord(audio.input)) return { flat: {}, audio };
  const { input, ...audioRest } = audio;
  const { format, transcription, turn_detection, noise_reduction, ...inputRest } = input;
  const betaFormat = formatToBeta(format);
  if (betaFormat === undefined && format !== undefined) inputRest.format = format;
  const flat: Record<string, unknown> = {};
  assignDefined(flat, {
    input_audio_format: betaFormat,
    input_audio_transcription: transcription,
    turn_detection,
    input_audio_noise_reduction: noise_reduction,
  });
  const leftInput = nonEmpty(inputRest);
  return { flat, audio: nonEmpty(leftInput ? { ...audioRest, input: leftInput } : audioRest) };
}

/** The reverse of `audioInputToBeta`: flat beta fields into GA `audio.input`. */
function audioInputFromBeta(audio: unknown, fields: BetaInputFields): unknown {
  const input: Record<string, unknown> = {};
  assignDefined(input, {
    format: formatFromBeta(fields.input_audio_format) ?? fields.input_audio_format,
    transcription: fields.input_audio_transcription,
    turn_detection: fields.turn_detection,
    noise_reduction: fields.input_audio_noise_reduction,
  });
  if (Object.keys(input).length === 0) return audio;
  const base = isRecord(audio) ? audio : {};
  const previous = isRecord(base.input) ? base.input : {};
  return { ...base, input: { ...previous, ...input } };
}

/**
 * GA realtime session → beta session: `type: 'realtime'` dropped, `output_modalities` → `modalities`,
 * `audio.input.{format, transcription, turn_detection, noise_reduction}` → `input_audio_format`,
 * `input_audio_transcription`, `turn_detection`, `input_audio_noise_reduction`, `audio.output.{voice,
 * format, speed}` → `voice`, `output_audio_format`, `speed`, `max_output_tokens` →
 * `max_response_output_tokens`. GA-only fields (`truncation`, `prompt`, `include`, `reasoning`, MCP
 * tools, a custom voice, ...) and unknown fields pass through untouched. A transcription session
 * (`type: 'transcription'`) is returned unchanged: `transcriptionSessionToBeta` maps it.
 */
export function sessionToBeta(session: Record<string, unknown>): Record<string, unknown> {
  if (session.type !== undefined && session.type !== 'realtime') return session;
  const { type: _type, output_modalities, max_output_tokens, audio, ...rest } = session;
  const out: Record<string, unknown> = { ...rest };
  const output = audioOutputToBeta(audio, true);
  const input = audioInputToBeta(output.audio);
  assignDefined(out, {
    ...input.flat,
    ...output.flat,
    modalities: modalitiesToBeta(output_modalities),
    max_response_output_tokens: max_output_tokens,
    audio: input.audio,
  });
  return out;
}

/** Separates the flat beta input fields of a session from the rest. */
function takeBetaInput(session: Record<string, unknown>): {
  input: BetaInputFields;
  rest: Record<string, unknown>;
} {
  const {
    input_audio_format,
    input_audio_transcription,
    turn_detection,
    input_audio_noise_reduction,
    ...rest
  } = session;
  return {
    input: { input_audio_format, input_audio_transcription, turn_detection, input_audio_noise_reduction },
    rest,
  };
}

/** Beta session → GA realtime session: the reverse of `sessionToBeta`; adds `type: 'realtime'`. */
export function sessionFromBeta(session: Record<string, unknown>): Record<string, unknown> {
  const { input, rest: outputAndRest } = takeBetaInput(session);
  const { modalities, max_response_output_tokens, voice, speed, output_audio_format, ...rest } =
    outputAndRest;
  const out: Record<string, unknown> = { type: 'realtime', ...rest };
  assignDefined(out, {
    output_modalities: modalitiesFromBeta(modalities),
    max_output_tokens: max_response_output_tokens,
    audio: audioInputFromBeta(audioOutputFromBeta(rest.audio, { voice, speed, output_audio_format }), input),
  });
  return out;
}

/**
 * GA transcription session (`type: 'transcription'`, what GA `session.*` events carry for a
 * transcription-only connection) → the flat beta transcription session of `transcription_session.*`:
 * `type` dropped, `audio.input.*` → `input_audio_format`, `input_audio_transcription`,
 * `turn_detection`, `input_audio_noise_reduction`. `include`, `id`, `object` and unknown fields pass.
 */
export function transcriptionSessionToBeta(session: Record<string, unknown>): Record<string, unknown> {
  const { type: _type, audio, ...rest } = session;
  const input = audioInputToBeta(audio);
  const out: Record<string, unknown> = { ...rest };
  assignDefined(out, { ...input.flat, audio: input.audio });
  return out;
}

/**
 * Beta transcription session → GA: the reverse of `transcriptionSessionToBeta`; sets
 * `type: 'transcription'`. Beta-only fields (`modalities`, `client_secret`) pass through.
 */
export function transcriptionSessionFromBeta(session: Record<string, unknown>): Record<string, unknown> {
  const { input, rest } = takeBetaInput(session);
  const out: Record<string, unknown> = { ...rest, type: 'transcription' };
  assignDefined(out, { audio: audioInputFromBeta(rest.audio, input) });
  return out;
}

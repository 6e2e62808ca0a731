import { formatFromBeta, formatToBeta, modalitiesFromBeta, modalitiesToBeta } from './beta-audio.js';
import { assignDefined, isRecord, nonEmpty } from './shape.js';

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

/** The reverse of {@link audioOutputToBeta}: flat beta fields into GA `audio.output`. */
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

/**
 * GA realtime session → beta session: `type: 'realtime'` dropped, `output_modalities` → `modalities`,
 * `audio.input.{format, transcription, turn_detection, noise_reduction}` → `input_audio_format`,
 * `input_audio_transcription`, `turn_detection`, `input_audio_noise_reduction`, `audio.output.{voice,
 * format, speed}` → `voice`, `output_audio_format`, `speed`, `max_output_tokens` →
 * `max_response_output_tokens`. GA-only fields (`truncation`, `prompt`, `include`, `reasoning`, MCP
 * tools, a custom voice, ...) and unknown fields pass through untouched. A transcription session
 * (`type: 'transcription'`) has no beta twin in `session.update` and is returned unchanged.
 */
export function sessionToBeta(session: Record<string, unknown>): Record<string, unknown> {
  if (session.type !== undefined && session.type !== 'realtime') return session;
  const { type: _type, output_modalities, max_output_tokens, audio, ...rest } = session;
  const out: Record<string, unknown> = { ...rest };
  const output = audioOutputToBeta(audio, true);
  let leftover = output.audio;
  if (isRecord(leftover) && isRecord(leftover.input)) {
    const { input, ...audioRest } = leftover;
    const { format, transcription, turn_detection, noise_reduction, ...inputRest } = input;
    const betaFormat = formatToBeta(format);
    if (betaFormat === undefined && format !== undefined) inputRest.format = format;
    assignDefined(out, {
      input_audio_format: betaFormat,
      input_audio_transcription: transcription,
      turn_detection,
      input_audio_noise_reduction: noise_reduction,
    });
    const leftInput = nonEmpty(inputRest);
    leftover = nonEmpty(leftInput ? { ...audioRest, input: leftInput } : audioRest);
  }
  assignDefined(out, {
    ...output.flat,
    modalities: modalitiesToBeta(output_modalities),
    max_response_output_tokens: max_output_tokens,
    audio: leftover,
  });
  return out;
}

/** Beta session → GA realtime session: the reverse of {@link sessionToBeta}; adds `type: 'realtime'`. */
export function sessionFromBeta(session: Record<string, unknown>): Record<string, unknown> {
  const {
    modalities,
    max_response_output_tokens,
    voice,
    speed,
    output_audio_format,
    input_audio_format,
    input_audio_transcription,
    turn_detection,
    input_audio_noise_reduction,
    ...rest
  } = session;
  const out: Record<string, unknown> = { type: 'realtime', ...rest };
  let audio = audioOutputFromBeta(rest.audio, { voice, speed, output_audio_format });
  const input: Record<string, unknown> = {};
  assignDefined(input, {
    format: formatFromBeta(input_audio_format) ?? input_audio_format,
    transcription: input_audio_transcription,
    turn_detection,
    noise_reduction: input_audio_noise_reduction,
  });
  if (Object.keys(input).length > 0) {
    const base = isRecord(audio) ? audio : {};
    const previous = isRecord(base.input) ? base.input : {};
    audio = { ...base, input: { ...previous, ...input } };
  }
  assignDefined(out, {
    output_modalities: modalitiesFromBeta(modalities),
    max_output_tokens: max_response_output_tokens,
    audio,
  });
  return out;
}

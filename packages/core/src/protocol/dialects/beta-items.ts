import { isRecord } from '../is-record.js';
import { modalitiesFromBeta, modalitiesToBeta } from './beta-audio.js';
import { audioOutputFromBeta, audioOutputToBeta } from './beta-session.js';
import { assignDefined } from './shape.js';

type PartTypes = Readonly<Record<string, string>>;

const ASSISTANT_PART_TO_BETA: PartTypes = { output_text: 'text', output_audio: 'audio' };
const ASSISTANT_PART_FROM_BETA: PartTypes = { text: 'output_text', audio: 'output_audio' };

/** Renames the content part types of an assistant message; other items come back as the same object. */
function mapAssistantParts(item: Record<string, unknown>, names: PartTypes): Record<string, unknown> {
  if (item.type !== 'message' || item.role !== 'assistant' || !Array.isArray(item.content)) return item;
  let changed = false;
  const content = item.content.map((part: unknown) => {
    if (!isRecord(part) || typeof part.type !== 'string') return part;
    const renamed = names[part.type];
    if (renamed === undefined) return part;
    changed = true;
    return { ...part, type: renamed };
  });
  return changed ? { ...item, content } : item;
}

/**
 * GA item → beta item: assistant message parts `output_text` / `output_audio` become `text` / `audio`.
 * Everything else (user and system parts, function calls, MCP items, which beta lacks) is unchanged.
 */
export function itemToBeta(item: Record<string, unknown>): Record<string, unknown> {
  return mapAssistantParts(item, ASSISTANT_PART_TO_BETA);
}

/** Beta item → GA item: assistant message parts `text` / `audio` become `output_text` / `output_audio`. */
export function itemFromBeta(item: Record<string, unknown>): Record<string, unknown> {
  return mapAssistantParts(item, ASSISTANT_PART_FROM_BETA);
}

/** Maps every object of an item array; anything that is not an array is returned as it is. */
export function mapItems(
  items: unknown,
  map: (item: Record<string, unknown>) => Record<string, unknown>,
): unknown {
  if (!Array.isArray(items)) return items;
  return items.map((item: unknown) => (isRecord(item) ? map(item) : item));
}

/**
 * GA response object (`response.created` / `response.done`) → beta: `output_modalities` →
 * `modalities`, `audio.output.voice` / `format` → `voice` / `output_audio_format`, output items via
 * `itemToBeta`. `max_output_tokens`, `usage`, `status_details` have the same shape in both.
 */
export function responseToBeta(response: Record<string, unknown>): Record<string, unknown> {
  const { output_modalities, audio, output, ...rest } = response;
  const split = audioOutputToBeta(audio, false);
  const out: Record<string, unknown> = { ...rest };
  assignDefined(out, {
    ...split.flat,
    audio: split.audio,
    modalities: modalitiesToBeta(output_modalities),
    output: mapItems(output, itemToBeta),
  });
  return out;
}

/** Beta response object → GA: the reverse of `responseToBeta`. */
export function responseFromBeta(response: Record<string, unknown>): Record<string, unknown> {
  const { modalities, voice, output_audio_format, output, ...rest } = response;
  const out: Record<string, unknown> = { ...rest };
  assignDefined(out, {
    audio: audioOutputFromBeta(rest.audio, { voice, output_audio_format }),
    output_modalities: modalitiesFromBeta(modalities),
    output: mapItems(output, itemFromBeta),
  });
  return out;
}

/**
 * GA `response.create` params → beta: `output_modalities` → `modalities`, `audio.output.voice` /
 * `format` → `voice` / `output_audio_format`, `max_output_tokens` → `max_response_output_tokens`,
 * `input` items via `itemToBeta` (`item_reference`s pass as they are). GA-only fields
 * (`prompt`, `reasoning`, `parallel_tool_calls`, MCP tools) pass through untouched.
 */
export function responseParamsToBeta(params: Record<string, unknown>): Record<string, unknown> {
  const { output_modalities, audio, max_output_tokens, input, ...rest } = params;
  const split = audioOutputToBeta(audio, false);
  const out: Record<string, unknown> = { ...rest };
  assignDefined(out, {
    ...split.flat,
    audio: split.audio,
    modalities: modalitiesToBeta(output_modalities),
    max_response_output_tokens: max_output_tokens,
    input: mapItems(input, itemToBeta),
  });
  return out;
}

/** Beta `response.create` params → GA: the reverse of `responseParamsToBeta`. */
export function responseParamsFromBeta(params: Record<string, unknown>): Record<string, unknown> {
  const { modalities, voice, output_audio_format, max_response_output_tokens, input, ...rest } = params;
  const out: Record<string, unknown> = { ...rest };
  assignDefined(out, {
    audio: audioOutputFromBeta(rest.audio, { voice, output_audio_format }),
    output_modalities: modalitiesFromBeta(modalities),
    max_output_tokens: max_response_output_tokens,
    input: mapItems(input, itemFromBeta),
  });
  return out;
}

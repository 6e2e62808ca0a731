import { isRecord, KNOWN_VOICES } from '@switchboard/core/protocol';
import { ClientEventError } from './errors.js';

/**
 * Checks the schema cannot express (ranges, known voices, tool names), shared by `session.update`
 * (prefix `session`) and `response.create` (prefix `response`). Messages and codes follow the API's
 * wording for out-of-range values.
 */

type Loose = Record<string, unknown>;

function checkRange(value: unknown, path: string, min: number, max: number, integer: boolean): void {
  if (typeof value !== 'number') return;
  const kind = integer ? 'integer' : 'decimal';
  if (integer && !Number.isInteger(value)) {
    throw new ClientEventError(
      'invalid_type',
      `Invalid type for '${path}': expected an integer, but got a decimal instead.`,
      path,
    );
  }
  if (value < min) {
    throw new ClientEventError(
      `${kind}_below_min_value`,
      `Invalid '${path}': ${kind} below minimum value. Expected a value >= ${min}, but got ${value} instead.`,
      path,
    );
  }
  if (value > max) {
    throw new ClientEventError(
      `${kind}_above_max_value`,
      `Invalid '${path}': ${kind} above maximum value. Expected a value <= ${max}, but got ${value} instead.`,
      path,
    );
  }
}

function checkVoice(voice: unknown, path: string): void {
  if (typeof voice !== 'string') return;
  if ((KNOWN_VOICES as readonly string[]).includes(voice)) return;
  const supported = KNOWN_VOICES.map((name) => `'${name}'`).join(', ');
  throw new ClientEventError(
    'invalid_value',
    `Invalid value: '${voice}'. Supported values are: ${supported}.`,
    path,
  );
}

function checkModalities(modalities: unknown, path: string): void {
  if (!Array.isArray(modalities)) return;
  if (modalities.includes('text') && modalities.includes('audio')) {
    throw new ClientEventError(
      'invalid_value',
      `Invalid '${path}': 'text' and 'audio' cannot be requested together; ['audio'] already includes a transcript.`,
      path,
    );
  }
}

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

function checkTools(tools: unknown, path: string): void {
  if (!Array.isArray(tools)) return;
  const seen = new Set<string>();
  tools.forEach((tool: unknown, index) => {
    if (!isRecord(tool) || tool.type !== 'function' || typeof tool.name !== 'string') return;
    const at = `${path}[${index}].name`;
    if (!TOOL_NAME.test(tool.name)) {
      throw new ClientEventError(
        'invalid_value',
        `Invalid '${at}': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$' of at most 64 characters.`,
        at,
      );
    }
    if (seen.has(tool.name)) {
      throw new ClientEventError('invalid_value', `Invalid '${at}': duplicate tool name '${tool.name}'.`, at);
    }
    seen.add(tool.name);
  });
}

function checkMaxTokens(value: unknown, path: string): void {
  if (value !== 'inf') checkRange(value, path, 1, 4096, true);
}

function checkTurnDetection(detection: unknown, path: string): void {
  if (!isRecord(detection)) return;
  checkRange(detection.threshold, `${path}.threshold`, 0, 1, false);
  checkRange(detection.prefix_padding_ms, `${path}.prefix_padding_ms`, 0, 10_000, true);
  checkRange(detection.silence_duration_ms, `${path}.silence_duration_ms`, 0, 10_000, true);
}

/**
 * Checks a `session.update` payload (canonical GA form) beyond its schema. Throws a
 * {@link ClientEventError} naming the first offending parameter.
 */
export function checkSessionFields(session: Loose): void {
  checkModalities(session.output_modalities, 'session.output_modalities');
  checkTools(session.tools, 'session.tools');
  checkMaxTokens(session.max_output_tokens, 'session.max_output_tokens');
  const audio = isRecord(session.audio) ? session.audio : {};
  const input = isRecord(audio.input) ? audio.input : {};
  const output = isRecord(audio.output) ? audio.output : {};
  checkTurnDetection(input.turn_detection, 'session.audio.input.turn_detection');
  checkRange(output.speed, 'session.audio.output.speed', 0.25, 1.5, false);
  checkVoice(output.voice, 'session.audio.output.voice');
}

/** Checks the `response` params of `response.create` beyond their schema. */
export function checkResponseFields(params: Loose): void {
  checkModalities(params.output_modalities, 'response.output_modalities');
  checkTools(params.tools, 'response.tools');
  checkMaxTokens(params.max_output_tokens, 'response.max_output_tokens');
  const audio = isRecord(params.audio) ? params.audio : {};
  const output = isRecord(audio.output) ? audio.output : {};
  checkVoice(output.voice, 'response.audio.output.voice');
  if (params.conversation !== undefined && params.conversation !== 'auto' && params.conversation !== 'none') {
    throw new ClientEventError(
      'invalid_value',
      `Invalid value: '${String(params.conversation)}'. Supported values are: 'auto', 'none'.`,
      'response.conversation',
    );
  }
  const metadata = params.metadata;
  if (isRecord(metadata)) {
    const entries = Object.entries(metadata);
    if (entries.length > 16) {
      throw new ClientEventError(
        'object_above_max_properties',
        `Invalid 'response.metadata': too many properties. Expected an object with at most 16 properties, but got ${entries.length} instead.`,
        'response.metadata',
      );
    }
    for (const [key, value] of entries) {
      if (key.length > 64 || (typeof value === 'string' && value.length > 512)) {
        throw new ClientEventError(
          'string_above_max_length',
          `Invalid 'response.metadata.${key}': keys are limited to 64 characters and values to 512.`,
          `response.metadata.${key}`,
        );
      }
    }
  }
}

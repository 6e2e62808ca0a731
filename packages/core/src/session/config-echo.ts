import type { SessionConfig } from '../protocol/index.js';
import { isRecord } from '../protocol/is-record.js';

/**
 * The session fields a session watches in `session.updated`: those an agent's config sets
 * (instructions, tools, tool choice, the agent's `session` overrides, audio). Not the voice (the API
 * refuses to change it once the model has spoken, so a session stops sending it), not what the
 * server owns (`id`, `model`, `expires_at`).
 */
const WATCHED_FIELDS = [
  'instructions',
  'tools',
  'tool_choice',
  'output_modalities',
  'max_output_tokens',
  'tracing',
  'truncation',
  'prompt',
  'include',
  'audio',
] as const satisfies readonly (keyof SessionConfig)[];

/** The watched fields of the config a session has set, as the server should now hold them. */
export type WatchedConfig = Readonly<Record<string, unknown>>;

/** One field of `session.updated` that is not what the session set. */
export interface SessionConfigDifference {
  /** Where, e.g. `instructions`, `tools`, `tools[0].parameters.properties.amount.maximum`. */
  readonly path: string;
  /** What the session set there. */
  readonly expected: unknown;
  /** What the server reports there. */
  readonly actual: unknown;
}

/**
 * `base` after the server applied a `session.update` carrying `session`: as the API does, each
 * field present replaces the one before, and `audio.input` / `audio.output` change key by key.
 * Pure: returns a new object.
 */
export function foldSessionUpdate(
  base: WatchedConfig,
  session: Readonly<Record<string, unknown>>,
): WatchedConfig {
  const next: Record<string, unknown> = { ...base };
  for (const field of WATCHED_FIELDS) {
    const value: unknown = session[field];
    if (value === undefined) continue;
    next[field] = field === 'audio' && isRecord(value) ? foldAudio(base.audio, value) : value;
  }
  return next;
}

function foldAudio(base: unknown, update: Record<string, unknown>): Record<string, unknown> {
  const audio: Record<string, unknown> = isRecord(base) ? { ...base } : {};
  for (const side of ['input', 'output'] as const) {
    const part = update[side];
    if (!isRecord(part)) continue;
    const merged: Record<string, unknown> = { ...(isRecord(audio[side]) ? audio[side] : {}), ...part };
    if (side === 'output') delete merged.voice;
    audio[side] = merged;
  }
  return audio;
}

/**
 * Where the server's `session.updated` config departs from what the session set. Only what the
 * session set is compared, and what the server adds to it never counts: a default it fills in
 * (`rate: 24000`, `strict: true`), keys in another order, a top-level field it does not report (a
 * dialect without it). Inside a field, a key the session set that the echo lacks does count (a
 * tool's schema without its `maximum`). Arrays (tools, modalities) must have the same length and
 * matching elements, in order.
 */
export function echoDifferences(
  expected: WatchedConfig,
  echo: Readonly<Record<string, unknown>>,
): readonly SessionConfigDifference[] {
  const differences: SessionConfigDifference[] = [];
  for (const [field, value] of Object.entries(expected)) {
    // session.updated carries the whole session: a field it leaves out is one the dialect cannot say.
    if (echo[field] !== undefined) compare(field, value, echo[field], differences);
  }
  return differences;
}

function compare(path: string, expected: unknown, actual: unknown, out: SessionConfigDifference[]): void {
  if (expected === undefined) return;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) out.push({ path, expected, actual });
    else
      for (const [index, item] of expected.entries()) compare(`${path}[${index}]`, item, actual[index], out);
  } else if (isRecord(expected)) {
    if (!isRecord(actual)) out.push({ path, expected, actual });
    else
      for (const [key, value] of Object.entries(expected)) compare(`${path}.${key}`, value, actual[key], out);
  } else if (!Object.is(expected, actual)) {
    out.push({ path, expected, actual });
  }
}

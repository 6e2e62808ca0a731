import { isRecord } from '@switchboard/core/protocol';
import { identifierWords, stem, words } from './words.js';

/**
 * Fills a function's arguments from its JSON Schema and what the user said: enum values named in the
 * text, ids such as `INV-1001` or `C-42`, numbers, quoted strings, yes/no for booleans. Required
 * fields are always filled (from earlier user turns or earlier calls when the latest text lacks them,
 * else from the schema's default or a neutral value); optional ones only when the text has them.
 * Deterministic: the same text and schema always give the same arguments.
 */

type Schema = Record<string, unknown>;

/** Where values may come from, newest first. */
export interface ArgumentSources {
  /** The user's latest text. */
  readonly text: string;
  /** Earlier user texts, newest first (for ids mentioned before, e.g. "refund it"). */
  readonly earlierTexts?: readonly string[];
  /** Arguments of earlier calls, newest first (a value under the same key is reused). */
  readonly earlierArguments?: readonly Readonly<Record<string, unknown>>[];
}

const ID_PATTERN = /\b[A-Za-z]{1,6}-\d{1,12}\b|\b[A-Z]{2,6}\d{3,}\b/g;
const QUOTED = /"([^"]+)"|“([^”]+)”|'([^']{2,})'(?![a-z])/g;
const NEGATION = /\b(no|not|don'?t|never|without|false|nope)\b/i;
const AFFIRMATION = /\b(yes|yeah|yep|true|please|confirm|sure|do it)\b/i;

/** The usable branch of `anyOf` / `oneOf` (the first one that is not `null`). */
function resolve(schema: Schema): Schema {
  const union = (schema.anyOf ?? schema.oneOf) as unknown;
  if (Array.isArray(union)) {
    const branch = union.find((option) => isRecord(option) && option.type !== 'null');
    if (isRecord(branch)) return { ...schema, ...branch };
  }
  return schema;
}

function typeOf(schema: Schema): string | undefined {
  if (Array.isArray(schema.type)) return schema.type.find((type) => type !== 'null') as string | undefined;
  if (typeof schema.type === 'string') return schema.type;
  if (Array.isArray(schema.enum)) return 'string';
  if (isRecord(schema.properties)) return 'object';
  return undefined;
}

/** Ids in a text, in order of appearance. */
export function findIds(text: string): string[] {
  return text.match(ID_PATTERN) ?? [];
}

/** Whether a property holds an id (`invoiceId`, `customer_id`, "The invoice id"). */
function isIdProperty(key: string, schema: Schema): boolean {
  const keyWords = identifierWords(key);
  if (keyWords.includes('id') || keyWords.includes('number') || keyWords.includes('code')) return true;
  return typeof schema.description === 'string' && /\bid\b|e\.g\. [A-Z]+-\d/.test(schema.description);
}

/** Whether `letters` appear in `word` in order, starting with its first letter (`bk` in `booking`). */
function abbreviates(letters: string, word: string): boolean {
  if (letters.length === 0 || letters[0] !== word[0]) return false;
  let at = 0;
  for (const letter of letters) {
    at = word.indexOf(letter, at);
    if (at === -1) return false;
    at++;
  }
  return true;
}

/**
 * The id suited to a property: one whose letters match the schema's example (`e.g. INV-1001`), else
 * one whose letters abbreviate a word of the property name (`C-42` for `customerId`), else, for a
 * bare `id`, the first. Undefined when the text has none that fits.
 */
function pickId(ids: readonly string[], key: string, schema: Schema): string | undefined {
  const pattern = typeof schema.pattern === 'string' ? safeRegExp(schema.pattern) : undefined;
  const candidates = pattern ? ids.filter((id) => pattern.test(id)) : ids;
  const prefixOf = (id: string) => (/^[A-Za-z]+/.exec(id)?.[0] ?? '').toLowerCase();
  const example =
    typeof schema.description === 'string' ? /\b([A-Za-z]+)-\d/.exec(schema.description)?.[1] : undefined;
  if (example !== undefined) return candidates.find((id) => prefixOf(id) === example.toLowerCase());
  const hints = identifierWords(key).filter((word) => word !== 'id' && word !== 'number' && word !== 'code');
  if (hints.length === 0) return candidates[0];
  return candidates.find((id) => hints.some((hint) => abbreviates(prefixOf(id), hint)));
}

function safeRegExp(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern);
  } catch {
    return undefined;
  }
}

/** The enum value the text names (all its words present, stemmed), else undefined. */
export function findEnumValue(values: readonly unknown[], text: string): unknown {
  const textStems = new Set(words(text).map(stem));
  const lower = text.toLowerCase();
  let best: { value: unknown; size: number } | undefined;
  for (const value of values) {
    if (typeof value !== 'string') continue;
    const parts = identifierWords(value);
    const found =
      lower.includes(value.toLowerCase()) ||
      (parts.length > 0 && parts.every((part) => textStems.has(stem(part))));
    // The most specific match wins ("service_outage" over "outage").
    if (found && (!best || parts.length > best.size)) best = { value, size: parts.length };
  }
  return best?.value;
}

function quotedStrings(text: string): string[] {
  return [...text.matchAll(QUOTED)].map((match) => (match[1] ?? match[2] ?? match[3] ?? '').trim());
}

function numbersIn(text: string): number[] {
  const withoutIds = text.replace(ID_PATTERN, ' ');
  return (withoutIds.match(/-?\d+(?:\.\d+)?/g) ?? []).map(Number);
}

/** State shared while one object is filled: numbers and quotes are used once each, in order. */
interface FillState {
  readonly sources: ArgumentSources;
  readonly numbers: number[];
  readonly quotes: string[];
}

function fromEarlier(key: string, sources: ArgumentSources): unknown {
  for (const args of sources.earlierArguments ?? []) if (args[key] !== undefined) return args[key];
  return undefined;
}

function fillValue(key: string, raw: Schema, required: boolean, state: FillState): unknown {
  const schema = resolve(raw);
  const { text } = state.sources;
  if (schema.const !== undefined) return schema.const;
  const type = typeOf(schema);
  const fallback = () => (schema.default !== undefined ? schema.default : fromEarlier(key, state.sources));

  if (Array.isArray(schema.enum)) {
    const found = findEnumValue(schema.enum, text) ?? (required ? fallback() : undefined);
    if (found !== undefined || !required) return found;
    return schema.enum.includes('other') ? 'other' : schema.enum[0];
  }
  switch (type) {
    case 'string': {
      if (isIdProperty(key, schema)) {
        const id =
          pickId(findIds(text), key, schema) ??
          (state.sources.earlierTexts ?? [])
            .map((earlier) => pickId(findIds(earlier), key, schema))
            .find(Boolean) ??
          fromEarlier(key, state.sources) ??
          (required ? findIds(text)[0] : undefined);
        if (id !== undefined || !required) return id;
      }
      const quote = state.quotes.shift();
      if (quote !== undefined) return quote;
      if (!required) return undefined;
      return fallback() ?? text.trim().slice(0, 500);
    }
    case 'number':
    case 'integer': {
      const next = state.numbers.shift();
      const value = next ?? (required ? (fallback() ?? schema.minimum ?? 0) : undefined);
      if (typeof value !== 'number') return value;
      let result = type === 'integer' ? Math.round(value) : value;
      if (typeof schema.minimum === 'number') result = Math.max(schema.minimum, result);
      if (typeof schema.maximum === 'number') result = Math.min(schema.maximum, result);
      return result;
    }
    case 'boolean': {
      const mentioned = identifierWords(key).some((word) => words(text).map(stem).includes(stem(word)));
      if (mentioned || AFFIRMATION.test(text) || NEGATION.test(text)) return !NEGATION.test(text);
      return required ? (fallback() ?? false) : undefined;
    }
    case 'array': {
      const items = isRecord(schema.items) ? resolve(schema.items) : {};
      const found = Array.isArray(items.enum)
        ? items.enum.filter((value) => findEnumValue([value], text) !== undefined)
        : state.quotes.splice(0);
      return found.length > 0 || required ? found : undefined;
    }
    case 'object':
      return fillObject(schema, state, required);
    default:
      return required ? (fallback() ?? text.trim()) : undefined;
  }
}

function fillObject(
  schema: Schema,
  state: FillState,
  required: boolean,
): Record<string, unknown> | undefined {
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const requiredKeys = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const out: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(properties)) {
    if (!isRecord(property)) continue;
    const value = fillValue(key, property, requiredKeys.has(key), state);
    if (value !== undefined) out[key] = value;
  }
  return Object.keys(out).length > 0 || required ? out : undefined;
}

/**
 * Arguments for a tool from its `parameters` schema and the conversation.
 *
 * @example
 * ```ts
 * fillArguments(
 *   { type: 'object', properties: { invoiceId: { type: 'string' }, reason: { enum: ['duplicate_charge', 'other'] } }, required: ['invoiceId', 'reason'] },
 *   { text: 'Please refund the duplicate charge on INV-1001' },
 * ); // { invoiceId: 'INV-1001', reason: 'duplicate_charge' }
 * ```
 */
export function fillArguments(parameters: unknown, sources: ArgumentSources): Record<string, unknown> {
  if (!isRecord(parameters)) return {};
  const state: FillState = { sources, numbers: numbersIn(sources.text), quotes: quotedStrings(sources.text) };
  return fillObject(resolve(parameters), state, true) ?? {};
}

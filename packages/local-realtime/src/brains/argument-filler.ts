import { isRecord } from '@switchboard/core/protocol';
import { type FieldKind, fieldKind, fieldStems, resolveSchema, type Schema } from './field-kinds.js';
import {
  distance,
  findEnumValue,
  findName,
  labelledText,
  NEAR,
  nearest,
  type ReadText,
  typedMention,
} from './field-values.js';
import { findMentions, type Mention } from './mentions.js';
import { identifierWords, stem, words } from './words.js';

/**
 * Fills a function's arguments from its JSON Schema and what the user said, field by field: each
 * property takes the kind of value it asks for (an id, a date, a time, a phone number, an e-mail, an
 * enum value, a name) and otherwise the quoted string or number standing next to its words ("a table
 * for 4 people", "party of 6", `title "Trip plan"`). Digits inside a phone number, a date or an id are
 * never read as a number. Required fields are always filled: from earlier user turns or earlier calls
 * when the latest text lacks them, else from the schema's default or a neutral value (free-text fields
 * such as `summary` take the user's sentence). Deterministic: the same text and schema give the same
 * arguments.
 */

/** Where values may come from, newest first. */
export interface ArgumentSources {
  /** The user's latest text. */
  readonly text: string;
  /** Earlier user texts, newest first (for ids mentioned before, e.g. "refund it"). */
  readonly earlierTexts?: readonly string[];
  /** Arguments of earlier calls, newest first (a value under the same key is reused). */
  readonly earlierArguments?: readonly Readonly<Record<string, unknown>>[];
}

const NEGATION = /\b(no|not|don'?t|never|without|false|nope)\b/i;
const AFFIRMATION = /\b(yes|yeah|yep|true|please|confirm|sure|do it)\b/i;

/** A property to fill: where it sits, its schema and what it asks for. */
interface Field {
  readonly key: string;
  readonly schema: Schema;
  readonly kind: FieldKind;
  readonly required: boolean;
  readonly stems: ReadonlySet<string>;
}

function read(text: string): ReadText {
  const positions = [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((match) => ({
    stem: stem(match[0].toLowerCase()),
    start: match.index,
    end: match.index + match[0].length,
  }));
  return { text, words: positions, mentions: findMentions(text), used: new Set() };
}

const take = (text: ReadText, mention: Mention | undefined): Mention | undefined => {
  if (mention) text.used.add(mention);
  return mention;
};

/** A value of one of the typed kinds, as the field wants it (dates with a year as `YYYY-MM-DD`). */
function typedValue(text: ReadText, field: Field): string | undefined {
  const mention = take(text, typedMention(text, field.key, field.schema, field.kind));
  if (!mention) return undefined;
  const iso = typeof mention.value === 'string' ? mention.value : undefined;
  if (field.kind === 'time') return iso;
  if (field.kind === 'date' && (field.schema.format === 'date' || /^\d{4}-/.test(mention.text)))
    return iso ?? mention.text;
  return mention.text;
}

function clamp(value: number, schema: Schema): number {
  let result = schema.type === 'integer' ? Math.round(value) : value;
  if (typeof schema.minimum === 'number') result = Math.max(schema.minimum, result);
  if (typeof schema.maximum === 'number') result = Math.min(schema.maximum, result);
  return result;
}

/** What the text itself says for a field, or undefined (no guessing here). */
function evidence(text: ReadText, field: Field): unknown {
  const { schema, kind, stems } = field;
  switch (kind) {
    case 'const':
      return schema.const;
    case 'enum':
      return findEnumValue(schema.enum as unknown[], text.text);
    case 'boolean': {
      const mentioned = identifierWords(field.key).some((word) =>
        words(text.text).map(stem).includes(stem(word)),
      );
      return mentioned || AFFIRMATION.test(text.text) || NEGATION.test(text.text)
        ? !NEGATION.test(text.text)
        : undefined;
    }
    case 'number': {
      const near = nearest(text, 'number', stems)[0];
      const close =
        near && distance(text, near.start, near.end, stems) <= NEAR ? take(text, near) : undefined;
      return close ? clamp(close.value as number, schema) : undefined;
    }
    case 'id':
    case 'date':
    case 'time':
    case 'phone':
    case 'email':
      return typedValue(text, field);
    case 'name':
    case 'text':
    case 'free-text': {
      const quote = nearest(text, 'quote', stems)[0];
      if (quote && distance(text, quote.start, quote.end, stems) <= NEAR) return take(text, quote)?.text;
      const labelled = labelledText(text, stems)?.[0];
      if (labelled !== undefined) return labelled;
      return kind === 'name' ? findName(text, stems) : undefined;
    }
    case 'array':
      return arrayEvidence(text, field);
    default:
      return undefined;
  }
}

function arrayEvidence(text: ReadText, field: Field): unknown[] | undefined {
  const items = isRecord(field.schema.items) ? resolveSchema(field.schema.items) : {};
  if (Array.isArray(items.enum)) {
    const named = items.enum.filter((value) => findEnumValue([value], text.text) !== undefined);
    return named.length > 0 ? named : undefined;
  }
  if (fieldKind(field.key, items) === 'object') {
    const item = fillObject(text, items, false);
    return item === undefined ? undefined : [item];
  }
  const listed = labelledText(text, field.stems, true);
  if (listed) return listed;
  const quotes = text.mentions.filter((mention) => mention.kind === 'quote' && !text.used.has(mention));
  for (const quote of quotes) take(text, quote);
  return quotes.length > 0 ? quotes.map((quote) => quote.text) : undefined;
}

/** A value for a required field the latest text says nothing about. */
function fallback(text: ReadText, field: Field, sources: ArgumentSources): unknown {
  const { schema, kind } = field;
  // What the user said before ("refund it" after naming the invoice), for values that name a thing.
  if (['id', 'phone', 'email', 'date', 'time', 'name'].includes(kind)) {
    for (const earlier of sources.earlierTexts ?? []) {
      const value = evidence(read(earlier), field);
      if (value !== undefined) return value;
    }
  }
  for (const args of sources.earlierArguments ?? [])
    if (args[field.key] !== undefined) return args[field.key];
  if (schema.default !== undefined) return schema.default;
  // Leftovers: a number or a quote nobody took, in order.
  const leftover = (kind === 'number' ? 'number' : 'quote') as Mention['kind'];
  if (kind === 'number' || kind === 'text' || kind === 'name' || kind === 'free-text') {
    const next = take(
      text,
      text.mentions.find((mention) => mention.kind === leftover && !text.used.has(mention)),
    );
    if (next) return kind === 'number' ? clamp(next.value as number, schema) : next.text;
  }
  switch (kind) {
    case 'enum':
      return (schema.enum as unknown[]).includes('other') ? 'other' : (schema.enum as unknown[])[0];
    case 'number':
      return clamp(typeof schema.minimum === 'number' ? schema.minimum : 0, schema);
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
      return fillObject(text, schema, true, sources);
    case 'free-text':
      return text.text.trim().slice(0, 500);
    case 'id':
      return text.mentions.find((mention) => mention.kind === 'id')?.text ?? '';
    default:
      return '';
  }
}

/** Fills an object: first every field from what is said for it, then the required ones that are left. */
function fillObject(
  text: ReadText,
  raw: Schema,
  required: boolean,
  sources: ArgumentSources = { text: text.text },
): Record<string, unknown> | undefined {
  const schema = resolveSchema(raw);
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const requiredKeys = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const fields: Field[] = Object.entries(properties)
    .filter((entry): entry is [string, Schema] => isRecord(entry[1]))
    .map(([key, property]) => {
      const resolved = resolveSchema(property);
      return {
        key,
        schema: resolved,
        kind: fieldKind(key, resolved),
        required: requiredKeys.has(key),
        stems: fieldStems(key, resolved),
      };
    });
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value =
      field.kind === 'object' ? fillObject(text, field.schema, false, sources) : evidence(text, field);
    if (value !== undefined) out[field.key] = value;
  }
  const found = Object.keys(out).length > 0;
  for (const field of fields) {
    if (field.required && out[field.key] === undefined) out[field.key] = fallback(text, field, sources);
  }
  return found || required ? sortLike(out, fields) : undefined;
}

/** The object's keys in the schema's order. */
function sortLike(out: Record<string, unknown>, fields: readonly Field[]): Record<string, unknown> {
  return Object.fromEntries(
    fields.filter((field) => field.key in out).map((field) => [field.key, out[field.key]]),
  );
}

/**
 * Arguments for a tool from its `parameters` schema and the conversation.
 *
 * @example
 * ```ts
 * import { fillArguments } from '@switchboard/local-realtime';
 *
 * fillArguments(
 *   { type: 'object', properties: { invoiceId: { type: 'string' }, reason: { enum: ['duplicate_charge', 'other'] } }, required: ['invoiceId', 'reason'] },
 *   { text: 'Please refund the duplicate charge on INV-1001' },
 * ); // { invoiceId: 'INV-1001', reason: 'duplicate_charge' }
 * ```
 */
export function fillArguments(parameters: unknown, sources: ArgumentSources): Record<string, unknown> {
  if (!isRecord(parameters)) return {};
  return fillObject(read(sources.text), parameters, true, sources) ?? {};
}

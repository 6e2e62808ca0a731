import { isRecord } from '@switchboard/core/protocol';
import { contentStems, identifierWords, stem } from './words.js';

/**
 * What a schema property asks for, read from its JSON Schema (`type`, `format`, `enum`) and the words
 * of its name and description: the rules brain looks for a different kind of value for each.
 */

/** A JSON Schema object. */
export type Schema = Record<string, unknown>;

/** The kind of value a property takes. */
export type FieldKind =
  | 'const'
  | 'enum'
  | 'id'
  | 'date'
  | 'time'
  | 'phone'
  | 'email'
  | 'name'
  | 'free-text'
  | 'text'
  | 'number'
  | 'boolean'
  | 'array'
  | 'object'
  | 'unknown';

/** The usable branch of `anyOf` / `oneOf` (the first one that is not `null`). */
export function resolveSchema(schema: Schema): Schema {
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

const FREE_TEXT =
  /^(summary|description|details?|notes?|message|text|query|question|comment|reason|problem|issue|content|body|request|feedback|instructions?)$/;

/** The stems a property is known by in a sentence: its name's words and its description's. */
export function fieldStems(key: string, schema: Schema): Set<string> {
  const description = typeof schema.description === 'string' ? schema.description : '';
  return new Set([...identifierWords(key).map(stem), ...contentStems(description)]);
}

function mentionsWord(key: string, schema: Schema, pattern: RegExp): boolean {
  const description = typeof schema.description === 'string' ? schema.description.toLowerCase() : '';
  return (
    identifierWords(key).some((word) => pattern.test(word)) ||
    description.split(/\W+/).some((w) => pattern.test(w))
  );
}

/** Whether a property holds an id (`invoiceId`, `customer_id`, "The invoice id, e.g. INV-1001"). */
function isIdField(key: string, schema: Schema): boolean {
  const keyWords = identifierWords(key);
  if (
    keyWords.includes('id') ||
    keyWords.includes('code') ||
    (keyWords.includes('number') && !mentionsWord(key, schema, /^(phone|tel|telephone|mobile|cell)$/))
  )
    return true;
  return typeof schema.description === 'string' && /\bid\b|e\.g\. [A-Z]+-\d/.test(schema.description);
}

/**
 * The kind of value a property takes.
 */
export function fieldKind(key: string, raw: Schema): FieldKind {
  const schema = resolveSchema(raw);
  if (schema.const !== undefined) return 'const';
  if (Array.isArray(schema.enum)) return 'enum';
  const type = typeOf(schema);
  if (type === 'number' || type === 'integer') return 'number';
  if (type === 'boolean' || type === 'array' || type === 'object') return type;
  if (type !== 'string') return 'unknown';
  const format = typeof schema.format === 'string' ? schema.format : '';
  if (format === 'email' || mentionsWord(key, schema, /^e-?mail$/)) return 'email';
  if (format === 'date' || format === 'date-time' || mentionsWord(key, schema, /^(date|day|when)$/))
    return 'date';
  if (format === 'time' || mentionsWord(key, schema, /^(time|hour)$/)) return 'time';
  if (mentionsWord(key, schema, /^(phone|tel|telephone|mobile|cell)$/)) return 'phone';
  if (isIdField(key, schema)) return 'id';
  const keyWords = identifierWords(key);
  if (keyWords.includes('name') || keyWords.includes('guest') || keyWords.includes('customer')) return 'name';
  if (keyWords.some((word) => FREE_TEXT.test(word))) return 'free-text';
  return 'text';
}

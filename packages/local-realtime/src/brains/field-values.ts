import { type FieldKind, fieldStems, type Schema } from './field-kinds.js';
import type { Mention } from './mentions.js';
import { identifierWords, stem, words } from './words.js';

/**
 * How one property's value is found in a text: by the kind of value it takes (an id, a date, a phone
 * number …) and by the property's words standing next to a value ("a table for 4 people", "under the
 * name Ada", "party of 6").
 */

/** A text read once: its words with positions and its mentions, some of which a field already took. */
export interface ReadText {
  readonly text: string;
  readonly words: readonly { readonly stem: string; readonly start: number; readonly end: number }[];
  readonly mentions: readonly Mention[];
  readonly used: Set<Mention>;
}

/** A value "next to" a field's words is at most this many words away from one of them. */
export const NEAR = 3;

/** How many words lie between a span of the text and the nearest of the field's words (Infinity: none). */
export function distance(read: ReadText, start: number, end: number, stems: ReadonlySet<string>): number {
  const first = read.words.findIndex((word) => word.end > start);
  const afterLast = read.words.findIndex((word) => word.start >= end);
  const from = first === -1 ? read.words.length : first;
  const to = afterLast === -1 ? read.words.length : afterLast;
  let best = Number.POSITIVE_INFINITY;
  read.words.forEach((word, index) => {
    if (!stems.has(word.stem) || (index >= from && index < to)) return;
    best = Math.min(best, index < from ? from - index : index - to + 1);
  });
  return best;
}

/** The unused mentions of a kind, nearest to the field's words first (ties: in order of appearance). */
export function nearest(read: ReadText, kind: Mention['kind'], stems: ReadonlySet<string>): Mention[] {
  return read.mentions
    .filter((mention) => mention.kind === kind && !read.used.has(mention))
    .map((mention) => ({ mention, away: distance(read, mention.start, mention.end, stems) }))
    .sort((a, b) => a.away - b.away || a.mention.start - b.mention.start)
    .map(({ mention }) => mention);
}

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

function safeRegExp(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern);
  } catch {
    return undefined;
  }
}

/**
 * The id suited to a property: one whose letters match the schema's example (`e.g. INV-1001`), else
 * one whose letters abbreviate a word of the property name (`C-42` for `customerId`), else, for a
 * bare `id`, the first.
 */
export function pickId(ids: readonly Mention[], key: string, schema: Schema): Mention | undefined {
  const pattern = typeof schema.pattern === 'string' ? safeRegExp(schema.pattern) : undefined;
  const candidates = pattern ? ids.filter((id) => pattern.test(id.text)) : ids;
  const prefixOf = (id: Mention) => (/^[A-Za-z]+/.exec(id.text)?.[0] ?? '').toLowerCase();
  const example =
    typeof schema.description === 'string' ? /\b([A-Za-z]+)-\d/.exec(schema.description)?.[1] : undefined;
  if (example !== undefined) return candidates.find((id) => prefixOf(id) === example.toLowerCase());
  const hints = identifierWords(key).filter((word) => word !== 'id' && word !== 'number' && word !== 'code');
  if (hints.length === 0) return candidates[0];
  return candidates.find((id) => hints.some((hint) => abbreviates(prefixOf(id), hint)));
}

/** The enum value the text names (all its words present, stemmed; the most specific wins), else undefined. */
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
    if (found && (!best || parts.length > best.size)) best = { value, size: parts.length };
  }
  return best?.value;
}

const CONNECTOR = /^\s*(?:is|are|was|:|=|called|named|as|under)\s+/i;
const CAPITALISED_RUN = /\b[A-Z][\p{L}'’-]+(?:\s+[A-Z][\p{L}'’-]+)*/gu;
/** Capitalised words that are no name: sentence starters, pronouns, months and days. */
const NOT_A_NAME = new RegExp(
  `^(?:I(?:['’]\\w+)?|Hi|Hello|Hey|Please|Thanks|Thank|Yes|No|Can|Could|Would|My|The|A|An|And|Or|Also|OK|Okay|Dear|` +
    `${['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].map((word) => `${word}|${word.slice(0, 3)}`).join('|')})$`,
);

/**
 * Text a field's word labels with `is`, `:`, `called` …: `name is Ada Lovelace`, `summary: the router
 * reboots` (to the next comma or `and`), or for a list `toppings: ham, olives and basil` (its items).
 */
export function labelledText(read: ReadText, stems: ReadonlySet<string>, list = false): string[] | undefined {
  for (const word of read.words) {
    if (!stems.has(word.stem)) continue;
    const rest = read.text.slice(word.end);
    const connector = CONNECTOR.exec(rest);
    if (!connector) continue;
    const value = (list ? /^[^.;!?]+/ : /^[^,.;!?]+/).exec(rest.slice(connector[0].length))?.[0] ?? '';
    const items = value
      .split(list ? /\s*,\s*|\s+and\s+/ : /\s+and\s+/)
      .map((item) => item.trim())
      .filter((item) => item !== '');
    if (items.length > 0 && value.split(/\s+/).length <= 12) return list ? items : items.slice(0, 1);
  }
  return undefined;
}

/** A person's name: the capitalised words nearest to the field's words (never the sentence's first word). */
export function findName(read: ReadText, stems: ReadonlySet<string>): string | undefined {
  const runs = [...read.text.matchAll(CAPITALISED_RUN)]
    .map((match) => {
      const parts = match[0].split(/\s+/);
      while (parts.length > 0 && NOT_A_NAME.test(parts[0] as string)) parts.shift();
      const start = match.index + match[0].indexOf(parts[0] ?? '');
      return { name: parts.join(' '), start, end: match.index + match[0].length };
    })
    .filter(({ name, start }) => name !== '' && start > 0 && !/[.!?]\s*$/.test(read.text.slice(0, start)));
  runs.sort(
    (a, b) =>
      distance(read, a.start, a.end, stems) - distance(read, b.start, b.end, stems) || a.start - b.start,
  );
  return runs[0]?.name;
}

/** A value of a field whose kind has its own mentions (ids, dates, times, phones, e-mails), or undefined. */
export function typedMention(
  read: ReadText,
  key: string,
  schema: Schema,
  kind: FieldKind,
): Mention | undefined {
  const stems = fieldStems(key, schema);
  if (kind === 'id') {
    return pickId(nearest(read, 'id', stems), key, schema);
  }
  if (kind === 'date' || kind === 'time' || kind === 'phone' || kind === 'email') {
    return nearest(read, kind, stems)[0];
  }
  return undefined;
}

/**
 * The values a user's sentence holds, each found once and typed: quoted strings, e-mail addresses,
 * dates, times, ids, phone numbers and plain numbers (digits or number words). Kinds are found in that
 * order and a later kind never takes characters an earlier one took, so the digits of a phone number
 * or a date are never also read as a number.
 */

/** What a mention is. */
export type MentionKind = 'quote' | 'email' | 'date' | 'time' | 'id' | 'phone' | 'number';

/** One value in the text, with where it stands. */
export interface Mention {
  readonly kind: MentionKind;
  /** The characters as written (without quotes). */
  readonly text: string;
  /** A number for `number`; `YYYY-MM-DD` for a date with a year; `HH:MM` for a time. */
  readonly value?: number | string;
  readonly start: number;
  readonly end: number;
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const MONTH = `(${MONTHS.map((month) => `${month.slice(0, 3)}(?:${month.slice(3)})?`).join('|')})\\.?`;
const NUMBER_WORDS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
  'twenty',
];

const pad = (value: number) => String(value).padStart(2, '0');
const monthIndex = (name: string) =>
  MONTHS.findIndex((month) => month.startsWith(name.toLowerCase().slice(0, 3)));
const isoDate = (year: string | undefined, month: number, day: number) =>
  year === undefined ? undefined : `${year}-${pad(month + 1)}-${pad(day)}`;

/** Each kind: its pattern and how a match becomes a value (undefined: the match is no such value). */
const FINDERS: readonly {
  readonly kind: MentionKind;
  readonly pattern: RegExp;
  readonly read: (match: RegExpExecArray) => { text?: string; value?: number | string } | undefined;
}[] = [
  {
    kind: 'quote',
    pattern: /"([^"]+)"|“([^”]+)”|'([^']{2,})'(?![a-z])/g,
    read: (m) => ({ text: (m[1] ?? m[2] ?? m[3] ?? '').trim() }),
  },
  { kind: 'email', pattern: /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g, read: () => ({}) },
  { kind: 'date', pattern: /\b(\d{4})-(\d{2})-(\d{2})\b/g, read: (m) => ({ value: m[0] }) },
  {
    kind: 'date',
    pattern: new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?(?: of)? ${MONTH}(?:,? (\\d{4}))?\\b`, 'gi'),
    read: (m) => ({ value: isoDate(m[3], monthIndex(m[2] as string), Number(m[1])) }),
  },
  {
    kind: 'date',
    pattern: new RegExp(`\\b${MONTH} (\\d{1,2})(?:st|nd|rd|th)?(?:,? (\\d{4}))?\\b`, 'gi'),
    read: (m) => ({ value: isoDate(m[3], monthIndex(m[1] as string), Number(m[2])) }),
  },
  {
    kind: 'date',
    pattern: /\b(today|tonight|tomorrow|(?:next )?(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b/gi,
    read: () => ({}),
  },
  {
    kind: 'time',
    pattern: /\b(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)|\b(\d{1,2}):(\d{2})\b|\b(noon|midnight)\b/gi,
    read: (m) => {
      if (m[6]) return { value: m[6].toLowerCase() === 'noon' ? '12:00' : '00:00' };
      const hour = Number(m[1] ?? m[4]);
      const minute = Number(m[2] ?? m[5] ?? 0);
      const pm = /^p/i.test(m[3] ?? '');
      const hour24 = m[3] ? (hour % 12) + (pm ? 12 : 0) : hour;
      return hour24 > 23 || minute > 59 ? undefined : { value: `${pad(hour24)}:${pad(minute)}` };
    },
  },
  { kind: 'id', pattern: /\b[A-Za-z]{1,6}-\d{1,12}\b|\b[A-Z]{2,6}\d{3,}\b/g, read: () => ({}) },
  {
    kind: 'phone',
    pattern: /(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,5}\)[\s.-]?)?\d{2,6}(?:[\s.-]\d{2,6}){1,4}\b|\+?\b\d{7,15}\b/g,
    // Seven digits at least: a party of "12 34" is two numbers, not a phone.
    read: (m) => (m[0].replace(/\D/g, '').length >= 7 ? {} : undefined),
  },
  { kind: 'number', pattern: /-?\b\d+(?:\.\d+)?\b/g, read: (m) => ({ value: Number(m[0]) }) },
  {
    kind: 'number',
    pattern: new RegExp(`\\b(${NUMBER_WORDS.join('|')})\\b`, 'gi'),
    read: (m) => ({ value: NUMBER_WORDS.indexOf((m[1] as string).toLowerCase()) }),
  },
];

/**
 * The values in a text, in order of appearance.
 */
export function findMentions(text: string): Mention[] {
  const taken: [number, number][] = [];
  const free = (start: number, end: number) => taken.every(([s, e]) => end <= s || start >= e);
  const found: Mention[] = [];
  for (const finder of FINDERS) {
    for (const match of text.matchAll(finder.pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (!free(start, end)) continue;
      const read = finder.read(match as RegExpExecArray);
      if (!read) continue;
      taken.push([start, end]);
      found.push({ kind: finder.kind, text: read.text ?? match[0].trim(), value: read.value, start, end });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

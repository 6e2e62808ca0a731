import { z } from 'zod';
import { isRecord } from '../protocol/is-record.js';

/** One place where two JSON values differ. `path` reads like the event: `item.content[0].text`. */
export interface JsonDifference {
  readonly path: string;
  /** `undefined` when the field is missing on that side. */
  readonly expected: unknown;
  readonly actual: unknown;
}

/**
 * Where `actual` differs from `expected`, field by field (object keys in any order, arrays index by
 * index), leaving out the fields named in `ignore` at any depth; empty when they are the same.
 * `{ item: { output: 'found' } }` against `{ item: { output: 'NOT FOUND' } }` gives
 * `[{ path: 'item.output', expected: 'found', actual: 'NOT FOUND' }]`.
 */
export function jsonDifferences(
  expected: unknown,
  actual: unknown,
  ignore: ReadonlySet<string> = new Set(),
): JsonDifference[] {
  const out: JsonDifference[] = [];
  collect(expected, actual, [], ignore, out);
  return out;
}

function collect(
  expected: unknown,
  actual: unknown,
  path: PropertyKey[],
  ignore: ReadonlySet<string>,
  out: JsonDifference[],
): void {
  if (Array.isArray(expected) && Array.isArray(actual)) {
    for (let i = 0; i < Math.max(expected.length, actual.length); i++)
      collect(expected[i], actual[i], [...path, i], ignore, out);
    return;
  }
  if (isRecord(expected) && isRecord(actual)) {
    for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
      if (!ignore.has(key)) collect(expected[key], actual[key], [...path, key], ignore, out);
    }
    return;
  }
  if (!Object.is(expected, actual)) out.push({ path: z.core.toDotPath(path), expected, actual });
}

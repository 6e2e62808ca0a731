import { isRecord } from '../is-record.js';

/** Small helpers for the dialect mappers: they build new objects and never mutate their input. */

/** Copies `source` into `target` for every key whose value is not `undefined` (absent stays absent). */
export function assignDefined(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) if (value !== undefined) target[key] = value;
}

/** `undefined` for an object with no keys, so emptied containers disappear instead of lingering as `{}`. */
export function nonEmpty(value: Record<string, unknown>): Record<string, unknown> | undefined {
  return Object.keys(value).length === 0 ? undefined : value;
}

/** Maps `field` of `event` with `map` when it is an object; otherwise returns `event` unchanged. */
export function mapField(
  event: Record<string, unknown>,
  field: string,
  map: (value: Record<string, unknown>) => Record<string, unknown>,
): Record<string, unknown> {
  const value = event[field];
  if (!isRecord(value)) return event;
  const mapped = map(value);
  return mapped === value ? event : { ...event, [field]: mapped };
}

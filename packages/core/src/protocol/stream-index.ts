import { z } from 'zod';

/**
 * The largest `output_index` / `content_index` accepted in a server event. A response has a handful
 * of output items and an item a handful of content parts; a content index is also a position in the
 * history's arrays, so an unbounded one (`4294967294`) would make a huge sparse array that every
 * later delta copies.
 */
export const MAX_STREAM_INDEX = 1_023;

/** An `output_index` or `content_index`: an integer from 0 to `MAX_STREAM_INDEX`. */
export const StreamIndexSchema = z.number().int().min(0).max(MAX_STREAM_INDEX);

/** The check `StreamIndexSchema` makes, without zod (for the delta fast path and the history reducer). */
export function isStreamIndex(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_STREAM_INDEX;
}

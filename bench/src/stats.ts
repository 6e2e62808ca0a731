/**
 * Summary statistics for latency samples and throughput passes. Percentiles use the nearest-rank
 * method on a sorted copy, so p99 of 100 samples is the 99th smallest, never an interpolation.
 */

/** The percentiles every latency table shows, in milliseconds. */
export interface Summary {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly mean: number;
  readonly max: number;
}

/**
 * The value below which `fraction` of the samples fall (nearest rank).
 *
 * @example
 * ```ts
 * percentile([3, 1, 2], 0.5); // 2
 * ```
 */
export function percentile(sorted: ArrayLike<number>, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(fraction * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

/**
 * Count, median, p99, mean and max of a sample set (NaN everywhere when it is empty).
 *
 * @example
 * ```ts
 * const { p50, p99 } = summarize(roundTripsMs);
 * ```
 */
export function summarize(samples: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(samples as ArrayLike<number>).sort();
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    count: sorted.length,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    mean: sorted.length === 0 ? Number.NaN : sum / sorted.length,
    max: sorted.length === 0 ? Number.NaN : (sorted[sorted.length - 1] as number),
  };
}

/** Nanoseconds (from `process.hrtime.bigint()` differences) to milliseconds. */
export function nsToMs(ns: bigint | number): number {
  return Number(ns) / 1e6;
}

/**
 * `peer / ours`: above 1 means the peer takes longer (or, for throughputs, pass them the other way round).
 * NaN when either side is missing.
 */
export function ratio(peer: number, ours: number): number {
  if (!Number.isFinite(peer) || !Number.isFinite(ours) || ours === 0) return Number.NaN;
  return peer / ours;
}

/** The median of repeated runs' statistic, and the lowest and highest of them. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/**
 * The median and range of one statistic over repeated runs (NaN everywhere when there is none).
 *
 * @example
 * ```ts
 * spreadOf([0.21, 0.19, 0.2]); // { median: 0.2, min: 0.19, max: 0.21 }
 * ```
 */
export function spreadOf(values: readonly number[]): Spread {
  const finite = values.filter(Number.isFinite);
  const sorted = Float64Array.from(finite).sort();
  return {
    median: percentile(sorted, 0.5),
    min: sorted.length === 0 ? Number.NaN : (sorted[0] as number),
    max: sorted.length === 0 ? Number.NaN : (sorted[sorted.length - 1] as number),
  };
}

/**
 * Splits samples taken one run after another into `runs` contiguous runs of (nearly) equal size.
 *
 * @example
 * ```ts
 * inRuns([1, 2, 3, 4, 5, 6], 3); // [[1, 2], [3, 4], [5, 6]]
 * ```
 */
export function inRuns<T>(samples: readonly T[], runs: number): T[][] {
  const size = Math.ceil(samples.length / Math.max(1, runs));
  const out: T[][] = [];
  for (let start = 0; start < samples.length; start += size) out.push(samples.slice(start, start + size));
  return out;
}

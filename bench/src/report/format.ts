import type { Spread } from '../stats.js';

/** Milliseconds with precision that fits their size: 0.042, 1.37, 412. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return '–';
  if (value < 1) return value.toFixed(3);
  if (value < 100) return value.toFixed(2);
  return value.toFixed(0);
}

/** A ratio as `2.41×` (or `–` when either side is missing). */
export function times(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : '–';
}

/** An integer with thousands separators. */
export function count(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en') : '–';
}

/** Bytes as KiB with one decimal. */
export function kib(bytes: number): string {
  return Number.isFinite(bytes) ? `${(bytes / 1024).toFixed(1)}` : '–';
}

/** A Markdown table from a header row and body rows. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/**
 * A figure repeated over runs: the median, then the range of the runs in brackets (`0.193 (0.180–0.211)`),
 * or the median alone when every run gave the same figure or there was one run.
 */
export function spread(value: Spread, format: (value: number) => string): string {
  const median = format(value.median);
  if (!Number.isFinite(value.median)) return median;
  const low = format(value.min);
  const high = format(value.max);
  return low === high ? median : `${median} (${low}–${high})`;
}

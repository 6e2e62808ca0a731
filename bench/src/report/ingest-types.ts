import type { BenchResults } from '../results.js';
import type { Ingester, IngestResult } from '../workloads/ingest.js';
import { count, table, times } from './format.js';

/** Average µs per frame of one event type for one ingester (NaN when it never saw the type). */
export function averageUs(result: IngestResult | undefined, type: string): number {
  const entry = result?.perType[type];
  return entry && entry.count > 0 ? (entry.totalMs * 1000) / entry.count : Number.NaN;
}

/** The result of one ingester. */
export function ingestResult(results: BenchResults, ingester: Ingester): IngestResult | undefined {
  return results.ingest.results.find((result) => result.ingester === ingester);
}

/** Event types of the stream, most frequent first. */
export function streamTypes(results: BenchResults): string[] {
  const json = ingestResult(results, 'json');
  return Object.entries(json?.perType ?? {})
    .sort((a, b) => b[1].count - a[1].count)
    .map(([type]) => type);
}

/**
 * Where ingest time goes: per event type, the average cost of one frame for bare `JSON.parse` and
 * for each framework, and each type's share of Switchboard's total.
 */
export function ingestByTypeTable(results: BenchResults): string {
  const json = ingestResult(results, 'json');
  const ours = ingestResult(results, 'ours');
  const peer = ingestResult(results, 'peer');
  const oursTotal = Object.values(ours?.perType ?? {}).reduce((sum, entry) => sum + entry.totalMs, 0);
  const passes = results.ingest.passes || 1;
  const rows = streamTypes(results).map((type) => {
    const base = averageUs(json, type);
    const mine = averageUs(ours, type);
    const theirs = averageUs(peer, type);
    const share = ((ours?.perType[type]?.totalMs ?? 0) / (oursTotal || 1)) * 100;
    return [
      `\`${type}\``,
      count((json?.perType[type]?.count ?? 0) / passes),
      base.toFixed(2),
      `${mine.toFixed(2)} (${times(mine / base)})`,
      `${theirs.toFixed(2)} (${times(theirs / base)})`,
      `${share.toFixed(0)} %`,
    ];
  });
  return table(
    [
      'event type',
      'frames per pass',
      'JSON.parse (µs)',
      'Switchboard (µs)',
      'peer (µs)',
      "share of Switchboard's time",
    ],
    rows,
  );
}

/**
 * Where Switchboard's ingest time goes beyond bare `JSON.parse`: the event types with the most extra
 * time per pass (average extra µs per frame × frames), largest first, each with its share of the extra.
 */
export function ingestExtraByType(
  results: BenchResults,
): { readonly type: string; readonly share: number; readonly ratio: number }[] {
  const json = ingestResult(results, 'json');
  const ours = ingestResult(results, 'ours');
  const extra = streamTypes(results).map((type) => {
    const base = averageUs(json, type);
    const mine = averageUs(ours, type);
    const frames = json?.perType[type]?.count ?? 0;
    return { type, extraUs: Math.max(0, (mine - base) * frames), ratio: mine / base };
  });
  const total = extra.reduce((sum, entry) => sum + (Number.isFinite(entry.extraUs) ? entry.extraUs : 0), 0);
  return extra
    .filter((entry) => Number.isFinite(entry.extraUs) && entry.extraUs > 0)
    .sort((a, b) => b.extraUs - a.extraUs)
    .map((entry) => ({ type: entry.type, share: entry.extraUs / (total || 1), ratio: entry.ratio }));
}

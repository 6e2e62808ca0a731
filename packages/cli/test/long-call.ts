import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { RecordedEntry } from '@switchboard/core';
import { renderInspector } from '../src/index.js';
import { phoneCallFixture } from './helpers.js';

/**
 * A long call made of a recorded one played `times` times back to back: times shifted, and every id
 * (items, responses, calls, events) renamed per copy so the copies stay distinct turns and calls.
 */
export function longCall(
  call: readonly RecordedEntry[],
  times: number,
): { entries: RecordedEntry[]; recordedBytes: number } {
  const length = (call.at(-1)?.t ?? 0) + 1000;
  const lines: string[] = [];
  for (let copy = 0; copy < times; copy++) {
    for (const entry of call) {
      const shifted = JSON.stringify({ ...entry, t: entry.t + copy * length });
      lines.push(shifted.replace(/:"((?:item|resp|call|event)_[A-Za-z0-9]+)"/g, `:"$1_${copy}"`));
    }
  }
  return {
    entries: lines.map((line) => JSON.parse(line) as RecordedEntry),
    recordedBytes: Buffer.byteLength(lines.join('\n')),
  };
}

// `pnpm --filter @switchboard/cli size:long-call [copies]`: the page size for a long phone call.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const copies = Number(process.argv[2] ?? 100);
  const { entries, recordedBytes } = longCall(phoneCallFixture(), copies);
  const started = performance.now();
  const page = Buffer.byteLength(renderInspector(entries));
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
  console.log(
    `${copies} × the fixture phone call: ${((entries.at(-1)?.t ?? 0) / 60_000).toFixed(1)} min, ${entries.length} events, ` +
      `recording ${mb(recordedBytes)} → page ${mb(page)}, rendered in ${Math.round(performance.now() - started)} ms`,
  );
}

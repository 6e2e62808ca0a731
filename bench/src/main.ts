/**
 * `pnpm bench`: runs every benchmark and writes docs/benchmarks.md and docs/benchmarks.svg.
 * `--smoke` runs the seconds-long plan instead and writes to the temp directory (never over the
 * published report); `--out <dir>` writes elsewhere.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FULL_PLAN, SMOKE_PLAN } from './plan.js';
import { renderChart } from './report/chart.js';
import { renderMarkdown } from './report/markdown.js';
import { ownSections } from './report/own-sections.js';
import { runAll } from './run.js';

const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
const outFlag = args.indexOf('--out');
const defaultOut = smoke
  ? path.join(os.tmpdir(), 'switchboard-bench')
  : fileURLToPath(new URL('../../docs/', import.meta.url));
const docs = outFlag >= 0 && args[outFlag + 1] ? path.resolve(args[outFlag + 1] as string) : defaultOut;

if (!(globalThis as { gc?: unknown }).gc) {
  console.warn('bench: run node with --expose-gc (pnpm bench does) so memory is measured after a full GC');
}
const command = smoke ? 'pnpm bench -- --smoke' : 'pnpm bench';
const results = await runAll(smoke ? SMOKE_PLAN : FULL_PLAN, command, (line) =>
  console.log(`bench: ${line}`),
);
mkdirSync(docs, { recursive: true });
writeFileSync(path.join(docs, 'benchmarks.svg'), renderChart(results));
const report = path.join(docs, 'benchmarks.md');
writeFileSync(report, renderMarkdown(results, 'benchmarks.svg') + ownSections(report));
console.log(
  `bench: wrote ${path.join(docs, 'benchmarks.md')} and benchmarks.svg in ${results.info.durationSeconds.toFixed(0)} s`,
);

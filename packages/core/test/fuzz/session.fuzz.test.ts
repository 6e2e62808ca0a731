import fc from 'fast-check';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { flush, ScenarioRun } from './harness.js';
import { violations } from './invariants.js';
import { scenario } from './scenario.js';

/**
 * Generated scenarios against the real session (issue 9, point 11). `pnpm test` runs a fixed-seed
 * batch; `pnpm test:fuzz` sets FUZZ_RUNS (and no seed, so a random one, printed) for a long run.
 * FUZZ_SEED replays a seed; fast-check prints the seed, path and shrunk scenario of any failure.
 */
const runs = Number(process.env.FUZZ_RUNS ?? 2_000);
const seed = process.env.FUZZ_SEED
  ? Number(process.env.FUZZ_SEED)
  : process.env.FUZZ_RUNS
    ? Math.floor(Math.random() * 2 ** 31)
    : 20_260_101;

const escaped: unknown[] = [];
const onEscape = (error: unknown) => escaped.push(error);

beforeAll(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
  process.on('unhandledRejection', onEscape);
  process.on('uncaughtException', onEscape);
});

afterAll(() => {
  process.off('unhandledRejection', onEscape);
  process.off('uncaughtException', onEscape);
  vi.useRealTimers();
});

it(`keeps every invariant over ${runs} generated scenarios (seed ${seed})`, {
  timeout: 3_600_000,
}, async () => {
  console.log(`fuzz: ${runs} scenarios, seed ${seed} (replay with FUZZ_SEED=${seed})`);
  const started = performance.now();
  await fc.assert(
    fc.asyncProperty(scenario, async (steps) => {
      vi.clearAllTimers();
      escaped.length = 0;
      const run = new ScenarioRun();
      await run.play(steps);
      await flush();
      expect(violations(run, escaped)).toEqual([]);
    }),
    { numRuns: runs, seed, endOnFailure: false },
  );
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `fuzz: ${runs} scenarios in ${seconds.toFixed(1)} s (${Math.round(runs / seconds)} scenarios/s)`,
  );
});

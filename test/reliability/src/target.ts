import { afterAll, beforeAll } from 'vitest';
import { type Canary, median, openCanary } from './canary.js';
import { type Child, startChild } from './child.js';

/** The API key the local-realtime child requires (`--require-auth`). */
export const KEY = 'sk-reliability';

/** A local-realtime server in its own process, a canary session on it, and the canary's baseline. */
export interface Target {
  readonly local: Child;
  readonly canary: Canary;
  /** The canary's median turn latency before any attack, in ms. */
  readonly baseline: number;
}

/** The canary's median latency over `turns` turns. */
export async function canaryMedian(canary: Canary, turns = 5): Promise<number> {
  const latencies: number[] = [];
  for (let i = 0; i < turns; i++) latencies.push(await canary.turn());
  return median(latencies);
}

/** Starts local-realtime in a child process and measures a canary session's baseline. */
export async function startTarget(): Promise<Target> {
  const local = await startChild('local-server.ts');
  const canary = await openCanary(String(local.info.url), KEY);
  return { local, canary, baseline: await canaryMedian(canary) };
}

/**
 * The {@link Target} of a test file: started before its tests, stopped after them. Read its fields
 * inside tests (they are set once `beforeAll` has run).
 */
export function useTarget(): Target {
  const target = {} as { local: Child; canary: Canary; baseline: number };
  beforeAll(async () => {
    Object.assign(target, await startTarget());
  });
  afterAll(async () => {
    await target.canary?.close();
    await target.local?.stop();
  });
  return target;
}

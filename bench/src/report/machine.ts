import type { RunInfo } from '../results.js';

/**
 * The 1-minute load above which the machine counts as busy: at the start, anything above one
 * runnable process is someone else's work; at the end, more than the cores (the benchmark itself
 * keeps about one and a half busy).
 */
export function machineWasBusy(info: RunInfo): boolean {
  const [start = 0] = info.loadAverageStart;
  const [end = 0] = info.loadAverage;
  return start > 1 || end > info.cores;
}

import { appendFileSync } from 'node:fs';

/** Whether this is the minutes-long run (`pnpm test:soak`). */
export const SOAK = process.env.RELIABILITY_SOAK === '1';

/** The size of an attack: `ci` in the CI suite, `soak` in `pnpm test:soak`. */
export function scale(ci: number, soak: number): number {
  return SOAK ? soak : ci;
}

/**
 * Records one figure of a scenario. With `RELIABILITY_FIGURES=<file>` it is appended there as a JSON
 * line (docs/reliability.md is made from such a file); it is always printed.
 */
export function recordFigure(scenario: string, figure: string, value: number | string, unit = ''): void {
  const shown = typeof value === 'number' ? Number(value.toFixed(value < 10 ? 2 : 1)) : value;
  const line = { mode: SOAK ? 'soak' : 'ci', scenario, figure, value: shown, unit };
  const file = process.env.RELIABILITY_FIGURES;
  if (file) appendFileSync(file, `${JSON.stringify(line)}\n`);
  console.log(`[figure] ${scenario} — ${figure}: ${shown}${unit ? ` ${unit}` : ''}`);
}

/** MiB, for figures. */
export const mib = (bytes: number): number => bytes / 1024 / 1024;

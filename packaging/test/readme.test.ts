import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, readJson } from './published.js';

/** The shell command README.md shows between `<!-- name -->` markers (what .ci/run runs). */
function readmeCommand(name: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = new RegExp(`<!-- ${name} -->\\n\`\`\`sh\\n(.*)\\n\`\`\`\\n<!-- /${name} -->`).exec(readme);
  if (!block?.[1]) throw new Error(`README.md has no ${name} block`);
  return block[1];
}

describe('README commands on a machine with only Node and npm', () => {
  const { packageManager } = readJson<{ packageManager: string }>(join(ROOT, 'package.json'));

  it.each(['demo-command', 'test-command'])(
    '%s runs every pnpm step through npx, pinned to packageManager',
    (name) => {
      const steps = readmeCommand(name).split(' && ');
      expect(steps.length).toBeGreaterThan(1);
      for (const step of steps) expect(step.startsWith(`npx -y ${packageManager} `), step).toBe(true);
    },
  );
});

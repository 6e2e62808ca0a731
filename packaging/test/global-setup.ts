import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { LOWEST_PEERS, publishedPackages, ROOT, run, tarballName, userEnv } from './published.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder holding one `pnpm pack` tarball per published package. */
    tarballs: string;
    /** An app outside the workspace with those tarballs installed by npm. */
    app: string;
  }
}

/**
 * Packs every published package with pnpm (as `pnpm publish` would: `workspace:` ranges rewritten,
 * `publishConfig` applied) and installs the tarballs with npm into a new app in the system's temp
 * folder, where nothing of the workspace can be resolved.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const work = mkdtempSync(join(tmpdir(), 'switchboard-packaging-'));
  const tarballs = join(work, 'tarballs');
  const app = join(work, 'app');
  mkdirSync(tarballs);
  const packages = publishedPackages();
  for (const { dir } of packages) {
    await run('pnpm', ['pack', '--pack-destination', tarballs], { cwd: join(ROOT, 'packages', dir) });
  }
  cpSync(join(ROOT, 'packaging', 'app'), app, { recursive: true });
  writeFileSync(
    join(app, 'package.json'),
    `${JSON.stringify({ name: 'app', private: true, type: 'module' })}\n`,
  );
  await run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      ...packages.map(({ manifest }) => join(tarballs, tarballName(manifest))),
      `zod@${LOWEST_PEERS.zod}`,
      `rxjs@${LOWEST_PEERS.rxjs}`,
      'typescript@5.9.3',
      '@types/node@20.19.43',
    ],
    // A user's npm: none of the settings pnpm hands to the scripts it runs.
    { cwd: app, env: userEnv() },
  );
  project.provide('tarballs', tarballs);
  project.provide('app', app);
  return () => rmSync(work, { recursive: true, force: true });
}

import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import {
  LOWEST_PEERS,
  type Manifest,
  publishedPackages,
  ROOT,
  readJson,
  run,
  tarballName,
} from './published.js';

const ATTW = join(ROOT, 'packaging', 'node_modules', '.bin', 'attw');
const PUBLINT = join(ROOT, 'packaging', 'node_modules', '.bin', 'publint');

/** Every `exports` key at any depth (conditions and subpaths). */
function exportKeys(node: unknown): string[] {
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) => [key, ...exportKeys(value)]);
}

/** Every file under a folder, relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1));
}

describe.each(publishedPackages())('$manifest.name as published', ({ dir, manifest: workspace }) => {
  const tarball = () => join(inject('tarballs'), tarballName(workspace));
  let unpacked: string;
  let manifest: Manifest;
  beforeAll(async () => {
    unpacked = mkdtempSync(join(tmpdir(), 'switchboard-unpacked-'));
    await run('tar', ['-xzf', tarball(), '-C', unpacked], { cwd: unpacked });
    unpacked = join(unpacked, 'package');
    manifest = readJson<Manifest>(join(unpacked, 'package.json'));
  });

  it('passes publint (strict)', async () => {
    const output = await run(PUBLINT, ['run', tarball(), '--strict'], { cwd: unpacked });
    expect(output).toContain('All good!');
  });

  it('passes arethetypeswrong for ESM-only packages (node16 from ESM, bundler)', async () => {
    await run(ATTW, [tarball(), '--profile', 'esm-only', '--format', 'table-flipped'], { cwd: unpacked });
  });

  it('exports no `source` condition (src is not what an app should resolve) and its package.json', () => {
    expect(exportKeys(manifest.exports)).not.toContain('source');
    expect(manifest.exports?.['./package.json']).toBe('./package.json');
  });

  it('has no workspace: range left, depends on core by a ^ range and takes zod and rxjs as peers', () => {
    const ranges = { ...manifest.dependencies, ...manifest.peerDependencies };
    expect(Object.values(ranges).filter((range) => range.startsWith('workspace:'))).toEqual([]);
    // A range (not a pin), so npm installs one core for the app and every transport.
    if (workspace.name !== '@switchboard/core') {
      expect(manifest.dependencies?.['@switchboard/core']).toBe(`^${workspace.version}`);
    }
    for (const [name, lowest] of Object.entries(LOWEST_PEERS)) {
      expect(manifest.dependencies ?? {}).not.toHaveProperty(name);
      const peer = manifest.peerDependencies?.[name];
      if (peer !== undefined) expect(peer).toBe(`^${lowest}`);
    }
  });

  it('ships LICENSE, repository, engines and the README with absolute links', () => {
    expect(existsSync(join(unpacked, 'LICENSE'))).toBe(true);
    expect(manifest.repository).toEqual({
      type: 'git',
      url: expect.stringMatching(/^git\+https:\/\/github\.com\/.+\.git$/),
      directory: `packages/${dir}`,
    });
    expect(manifest.engines?.node).toBe(readJson<Manifest>(join(ROOT, 'package.json')).engines?.node);
    const readme = readFileSync(join(unpacked, 'README.md'), 'utf8');
    expect(readme.match(/\]\((?!https?:\/\/|#|mailto:)[^)]*\)/g) ?? []).toEqual([]);
  });

  it('depends on @types/ws when its declarations import ws (skipLibCheck: false apps need it)', () => {
    const importsWs = filesUnder(join(unpacked, 'dist'))
      .filter((file) => file.endsWith('.d.ts'))
      .some((file) => /from 'ws'/.test(readFileSync(join(unpacked, 'dist', file), 'utf8')));
    expect(manifest.dependencies?.['@types/ws'] !== undefined).toBe(importsWs);
  });

  it('ships every bin as an executable script', () => {
    for (const file of Object.values(manifest.bin ?? {})) {
      expect(readFileSync(join(unpacked, file), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
    }
  });
});

describe('workspace manifests', () => {
  it('publish the same exports as the workspace resolves, minus the `source` condition', () => {
    const withoutSource = (node: unknown): unknown =>
      typeof node === 'object' && node !== null
        ? Object.fromEntries(
            Object.entries(node)
              .filter(([key]) => key !== 'source')
              .map(([key, value]) => [key, withoutSource(value)]),
          )
        : node;
    for (const { manifest } of publishedPackages()) {
      expect(manifest.publishConfig?.exports, manifest.name).toEqual(withoutSource(manifest.exports));
    }
  });
});

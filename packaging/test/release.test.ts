import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Manifest, publishedPackages, ROOT, readJson, run } from './published.js';

const CHANGESET = join(ROOT, 'node_modules', '.bin', 'changeset');

describe('release', () => {
  const copy = mkdtempSync(join(tmpdir(), 'switchboard-release-'));
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('changeset version takes the pending changesets, moves the published packages to one new version and writes each CHANGELOG', async () => {
    // The pending changesets go along: one that `changeset version` cannot read would stop the release.
    const pending = readdirSync(join(ROOT, '.changeset')).filter((name) => name.endsWith('.md'));
    const files = ['package.json', 'pnpm-workspace.yaml', '.changeset/config.json'];
    for (const name of pending) files.push(`.changeset/${name}`);
    for (const { dir } of publishedPackages())
      files.push(`packages/${dir}/package.json`, `packages/${dir}/CHANGELOG.md`);
    for (const file of files) {
      mkdirSync(dirname(join(copy, file)), { recursive: true });
      cpSync(join(ROOT, file), join(copy, file));
    }
    writeFileSync(
      join(copy, '.changeset', 'core-feature.md'),
      "---\n'@switchboard/core': minor\n---\n\nA feature.\n",
    );
    const git = ['-c', 'user.name=release-test', '-c', 'user.email=release-test@localhost'];
    await run('git', ['init', '-q'], { cwd: copy });
    await run('git', [...git, 'add', '-A'], { cwd: copy });
    await run('git', [...git, 'commit', '-qm', 'a release'], { cwd: copy });

    await run(CHANGESET, ['version'], { cwd: copy });
    const left = readdirSync(join(copy, '.changeset')).filter((name) => name.endsWith('.md'));
    expect(left).toEqual(['README.md']);

    for (const { dir, manifest } of publishedPackages()) {
      const next = readJson<Manifest>(join(copy, 'packages', dir, 'package.json'));
      const [major, minor] = manifest.version.split('.').map(Number) as [number, number];
      // 0.x: a minor is the breaking bump; every package follows core (they are released together).
      expect(next.version, manifest.name).toBe(`${major}.${minor + 1}.0`);
      const changelog = readFileSync(join(copy, 'packages', dir, 'CHANGELOG.md'), 'utf8');
      expect(changelog).toContain(`## ${next.version}`);
      if (dir === 'core') expect(changelog).toContain('A feature.');
      else expect(changelog).toContain(`@switchboard/core@${next.version}`);
    }
  });

  it('pnpm publish (what `pnpm release` runs per package) goes through for every package, as a dry run', async () => {
    const output = await run('pnpm', ['publish', '-r', '--dry-run', '--no-git-checks'], { cwd: ROOT });
    for (const { manifest } of publishedPackages()) {
      expect(output).toContain(`+ ${manifest.name}@${manifest.version}`);
    }
  });
});

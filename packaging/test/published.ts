import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** The repository's root folder. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The lowest zod and rxjs the packages claim in their peer ranges (`^` these). The app built from the
 * tarballs installs exactly these, so a claim the code does not keep fails its type-check or its run.
 */
export const LOWEST_PEERS = { zod: '4.1.0', rxjs: '7.8.0' } as const;

/** A package.json as far as these checks read it. */
export interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
  readonly exports?: Record<string, unknown>;
  readonly bin?: Record<string, string>;
  readonly repository?: { readonly url?: string; readonly directory?: string };
  readonly engines?: { readonly node?: string };
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
  readonly publishConfig?: { readonly exports?: Record<string, unknown> };
}

/** A package users install: its folder under packages/ and its manifest in the workspace. */
export interface PublishedPackage {
  readonly dir: string;
  readonly manifest: Manifest;
}

export const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

/** Every package under packages/ that is not private. */
export function publishedPackages(): PublishedPackage[] {
  return readdirSync(join(ROOT, 'packages'))
    .map((dir) => ({ dir, manifest: readJson<Manifest>(join(ROOT, 'packages', dir, 'package.json')) }))
    .filter(({ manifest }) => manifest.private !== true);
}

/** The file name `pnpm pack` gives a package's tarball. */
export function tarballName(manifest: Manifest): string {
  return `${manifest.name.replace(/^@/, '').replace('/', '-')}-${manifest.version}.tgz`;
}

const execFileAsync = promisify(execFile);

/** The environment without what a package manager running this suite adds (`npm_config_*` …). */
export function userEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm|pnpm)_/i.test(key)));
}

/** Runs a command; on failure the error carries its whole output, so a failed check shows why. */
export async function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<string> {
  try {
    const { stdout, stderr } = await execFileAsync(command, [...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      maxBuffer: 64 * 1024 * 1024,
    });
    return `${stdout}${stderr}`;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${options.cwd}:\n${stdout}${stderr}`);
  }
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { entryExports } from './entry-exports.js';
import { readmeSurface } from './readme-surface.js';

/** How one entry point's README table and exports disagree; every list is empty when they agree. */
export interface EntryMismatch {
  /** `.` or a subpath such as `./protocol`. */
  readonly entry: string;
  /** The entry's source file. */
  readonly file: string;
  /** Exported (value or type) but not in the README's table for this entry. */
  readonly notInReadme: readonly string[];
  /** In the README's table but not exported. */
  readonly notExported: readonly string[];
  /** Runtime names the file declares that the module does not have, or the other way round. */
  readonly runtimeDiffers: readonly string[];
  /** Export statements that are not a named re-export. */
  readonly unnamed: readonly string[];
}

interface Manifest {
  readonly exports?: Record<string, unknown>;
}

/** The `source` files of every subpath of a package's `exports` (all conditions). */
export function entrySources(packageDir: string): Map<string, string[]> {
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as Manifest;
  const entries = new Map<string, string[]>();
  for (const [entry, target] of Object.entries(manifest.exports ?? {})) {
    const sources = new Set<string>();
    const collect = (node: unknown, key: string): void => {
      if (typeof node === 'string') {
        if (key === 'source') sources.add(node);
      } else if (typeof node === 'object' && node !== null) {
        for (const [condition, value] of Object.entries(node)) collect(value, condition);
      }
    };
    collect(target, '');
    if (sources.size > 0) entries.set(entry, [...sources]);
  }
  return entries;
}

/**
 * Compares a package's README `## Public surface` tables with what each entry point exports, both
 * ways: by the names its entry file re-exports (values and types) and by what importing it yields
 * at runtime. Returns only the entries that disagree.
 *
 * @example
 * ```ts
 * import { packageSurfaceMismatches } from '@switchboard/house';
 *
 * const mismatches = await packageSurfaceMismatches('/path/to/packages/core');
 * if (mismatches.length > 0) console.error(mismatches);
 * ```
 */
export async function packageSurfaceMismatches(packageDir: string): Promise<EntryMismatch[]> {
  const readme = readmeSurface(readFileSync(join(packageDir, 'README.md'), 'utf8'));
  const sources = entrySources(packageDir);
  const mismatches: EntryMismatch[] = [];
  for (const [entry, files] of sources) {
    const listed = readme.get(entry) ?? tableOfSameFiles(readme, sources, files);
    for (const file of files) {
      const path = join(packageDir, file);
      const declared = entryExports(readFileSync(path, 'utf8'));
      const exported = new Set([...declared.values, ...declared.types]);
      const runtime = new Set(Object.keys((await import(pathToFileURL(path).href)) as object));
      const mismatch: EntryMismatch = {
        entry,
        file,
        notInReadme: [...exported].filter((name) => !listed.has(name)).sort(),
        notExported: [...listed].filter((name) => !exported.has(name)).sort(),
        runtimeDiffers: symmetricDifference(declared.values, runtime),
        unnamed: declared.unnamed,
      };
      const agrees =
        mismatch.notInReadme.length + mismatch.notExported.length + mismatch.runtimeDiffers.length === 0 &&
        mismatch.unnamed.length === 0;
      if (!agrees) mismatches.push(mismatch);
    }
  }
  return mismatches;
}

/**
 * The table of another entry point served by the same files (a `./browser` subpath that is the
 * `browser` condition of `.`): the README states that surface once.
 */
function tableOfSameFiles(
  readme: ReadonlyMap<string, Set<string>>,
  sources: ReadonlyMap<string, string[]>,
  files: readonly string[],
): Set<string> {
  for (const [other, otherFiles] of sources) {
    const table = readme.get(other);
    if (table && files.every((file) => otherFiles.includes(file))) return table;
  }
  return new Set<string>();
}

function symmetricDifference(a: ReadonlySet<string>, b: ReadonlySet<string>): string[] {
  return [...[...a].filter((name) => !b.has(name)), ...[...b].filter((name) => !a.has(name))].sort();
}

// A TypeDoc plugin: names each documented module by the import users write (`@switchboard/core/testing`)
// instead of its path under packages/ (`core/src/testing`), read from each package's `exports`.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Converter, ReflectionKind } from 'typedoc';

const packages = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'packages');

/** Source file → import specifier, from every package's `exports` (its `source` condition). */
function importNames() {
  const names = new Map();
  for (const dir of readdirSync(packages)) {
    const manifest = JSON.parse(readFileSync(join(packages, dir, 'package.json'), 'utf8'));
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      const source = typeof target === 'object' ? target.source : undefined;
      if (typeof source !== 'string') continue;
      names.set(resolve(packages, dir, source), `${manifest.name}${subpath.slice(1)}`);
    }
  }
  return names;
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  const names = importNames();
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    if (!reflection.kindOf(ReflectionKind.Module)) return;
    const file = context.getSymbolFromReflection(reflection)?.declarations?.[0]?.getSourceFile().fileName;
    const name = file === undefined ? undefined : names.get(resolve(file));
    if (name !== undefined) reflection.name = name;
  });
}

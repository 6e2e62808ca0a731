import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const HERE = dirname(fileURLToPath(import.meta.url));
/** The browser module's sources (served transpiled: a real app would bundle it instead). */
const RELAY_SRC = join(
  dirname(createRequire(import.meta.url).resolve('@switchboard/transport-webrtc-relay/package.json')),
  'src',
);
const BROWSER_IMPORT = "'@switchboard/transport-webrtc-relay/browser'";

/** A served file: its body and content type. */
export interface Asset {
  readonly type: string;
  readonly body: string;
}

const cache = new Map<string, Asset>();

/**
 * The page's files: `/` (the HTML), `/app.js` (the page script, `src/page/app.ts`) and `/relay/…`
 * (the browser module). TypeScript is transpiled on first request, so the demo needs no build step.
 */
export async function asset(path: string): Promise<Asset | undefined> {
  const cached = cache.get(path);
  if (cached) return cached;
  let found: Asset | undefined;
  if (path === '/' || path === '/index.html') {
    found = {
      type: 'text/html; charset=utf-8',
      body: await readFile(join(HERE, '../public/index.html'), 'utf8'),
    };
  } else if (path === '/app.js') {
    const code = await transpile(join(HERE, 'page/app.ts'));
    found = { type: 'text/javascript', body: code.replaceAll(BROWSER_IMPORT, "'/relay/browser/index.js'") };
  } else {
    const module = /^\/relay\/([\w/-]+)\.js$/.exec(path)?.[1];
    if (module && !module.includes('..')) {
      found = {
        type: 'text/javascript',
        body: await transpile(join(RELAY_SRC, `${module}.ts`)).catch(() => ''),
      };
      if (found.body === '') found = undefined;
    }
  }
  if (found) cache.set(path, found);
  return found;
}

async function transpile(file: string): Promise<string> {
  const source = await readFile(file, 'utf8');
  return ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
}

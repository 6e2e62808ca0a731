import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The documentation's snippets must end: a program that talks to a model closes its session, and
// every snippet marked `<!-- snippet: runs -->` is run as it is (against the local server or a
// scripted transport, offline) and must exit by itself, successfully. `<!-- snippet: server -->`
// marks a server that accepts calls: it runs until it is stopped, by design.

const DOCS = fileURLToPath(new URL('../', import.meta.url));
const ROOT = join(DOCS, '..');
const RUN_DIR = join(DOCS, '.snippets-run');
/** Generous: a snippet starts Node and tsx, a local server, and talks a few turns on loopback. */
const EXIT_WITHIN_MS = 60_000;

interface Snippet {
  readonly name: string;
  readonly code: string;
  readonly marker: 'runs' | 'server' | undefined;
}

function snippetsOf(file: string): Snippet[] {
  const text = readFileSync(file, 'utf8');
  const blocks = [...text.matchAll(/^(?:<!-- snippet: (runs|server) -->\n)?```ts\n([\s\S]*?)^```/gm)];
  return blocks.map((match, index) => ({
    name: `${relative(ROOT, file)} #${index + 1}`,
    code: match[2] ?? '',
    marker: match[1] as Snippet['marker'],
  }));
}

const pages = [
  ...readdirSync(DOCS)
    .filter((file) => file.endsWith('.md'))
    .map((file) => join(DOCS, file)),
  ...readdirSync(join(ROOT, 'packages')).map((pkg) => join(ROOT, 'packages', pkg, 'README.md')),
  join(ROOT, 'README.md'),
].filter((file) => {
  try {
    readFileSync(file);
    return true;
  } catch {
    return false;
  }
});
const snippets = pages.flatMap(snippetsOf).filter((snippet) => !snippet.code.startsWith('// @noCheck'));

afterAll(() => rmSync(RUN_DIR, { recursive: true, force: true }));

describe('docs snippets end', () => {
  it('finds the snippets that run', () => {
    expect(snippets.filter((snippet) => snippet.marker === 'runs').length).toBeGreaterThanOrEqual(6);
  });

  it.each(snippets.filter((snippet) => /\.connect\(\)/.test(snippet.code) && snippet.marker !== 'server'))(
    '$name closes the session it connects',
    ({ code }) => {
      expect(code).toMatch(/\.(close|hangup)\(\)/);
    },
  );

  it.each(snippets.filter((snippet) => snippet.marker === 'runs'))(
    '$name runs offline and exits by itself',
    async ({ name, code }) => {
      mkdirSync(RUN_DIR, { recursive: true });
      const file = join(RUN_DIR, `${name.replace(/[^a-zA-Z0-9]+/g, '_')}.ts`);
      writeFileSync(file, `${code}\nexport {};\n`);
      const { OPENAI_API_KEY: _key, ...env } = process.env;
      const outcome = await new Promise<{ code: number | null; signal: string | null; output: string }>(
        (resolve) => {
          execFile(
            process.execPath,
            ['--conditions=source', '--import', 'tsx', file],
            { cwd: DOCS, env: { ...env, NO_COLOR: '1' }, timeout: EXIT_WITHIN_MS, killSignal: 'SIGKILL' },
            (error, stdout, stderr) =>
              resolve({
                code: error ? (typeof error.code === 'number' ? error.code : null) : 0,
                signal: error?.signal ?? null,
                output: `${stdout}${stderr}`,
              }),
          );
        },
      );
      expect(outcome, outcome.output).toMatchObject({ code: 0, signal: null });
    },
    EXIT_WITHIN_MS + 10_000,
  );
});

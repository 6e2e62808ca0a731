import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  entryExports,
  entrySources,
  errorPinProblems,
  reachableImports,
  readmeSurface,
} from '../src/index.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PACKAGES = readdirSync(join(ROOT, 'packages'));

describe('readmeSurface', () => {
  it('reads the names of the export column per entry, call forms and types alike, prose spans skipped', () => {
    const readme = [
      '# pkg',
      '## Public surface',
      '| area | export | what |',
      '| --- | --- | --- |',
      "| a | `tool(options)`, `ToolOptions`, `{ type: 'sip' }` | `members` are prose here |",
      '| b | `handoff(agent \\| () => agent)` | escaped pipes stay in their cell |',
      '### `@scope/pkg/testing`',
      '| export | what |',
      '| --- | --- |',
      '| `createScript` | a helper |',
      '## Options',
      '| export | what |',
      '| `notSurface` | other sections do not count |',
    ].join('\n');
    expect(readmeSurface(readme)).toEqual(
      new Map([
        ['.', new Set(['tool', 'ToolOptions', 'handoff'])],
        ['./testing', new Set(['createScript'])],
      ]),
    );
  });
});

describe('entryExports', () => {
  it('splits named re-exports into values and types, and reports every other form of export', () => {
    const read = entryExports(
      [
        "export { tool, type ToolOptions } from './tool.js';",
        "export type { Agent } from './agent.js';",
        "export * from './everything.js';",
        'export const internal = 1;',
        "registerTransport('x', () => transport);",
      ].join('\n'),
    );
    expect(read.values).toEqual(new Set(['tool']));
    expect(read.types).toEqual(new Set(['ToolOptions', 'Agent']));
    expect(read.unnamed).toEqual(["export * from './everything.js';", 'export const internal = 1;']);
  });
});

describe('the house rules', () => {
  it.each(PACKAGES)('every entry point of %s re-exports by name only (no export *)', (name) => {
    const dir = join(ROOT, 'packages', name);
    for (const files of entrySources(dir).values()) {
      for (const file of files)
        expect(entryExports(readFileSync(join(dir, file), 'utf8')).unnamed, file).toEqual([]);
    }
  });

  it("local-realtime's server reaches core only through @switchboard/core/protocol", () => {
    const src = join(ROOT, 'packages', 'local-realtime', 'src');
    const sites = reachableImports([join(src, 'index.ts'), join(src, 'cli.ts')]);
    const core = sites.filter((site) => site.specifier.startsWith('@switchboard/core'));
    expect(core.length).toBeGreaterThan(0);
    const root = core
      .filter((site) => site.specifier !== '@switchboard/core/protocol')
      .map((site) => `${relative(src, site.file)}: ${site.specifier}`);
    expect(root).toEqual([]);
  });
});

describe('errorPinProblems', () => {
  class ParseError extends Error {
    override readonly name = 'ParseError';
    readonly code = 'parse_failed';
  }
  class UnpinnedError extends Error {}

  it('names each pin whose name, code or message differs, and each exported error class without a pin', () => {
    const problems = errorPinProblems(
      [{ ParseError, UnpinnedError, notAClass: 1 }],
      [[new ParseError('bad input'), 'ParseFailure', 'parse_error', /^good input$/]],
    );
    expect(problems).toEqual([
      "ParseFailure: the error's name is ParseError",
      'ParseFailure: code parse_failed, pinned parse_error',
      'ParseFailure: message "bad input" does not match /^good input$/',
      'UnpinnedError: exported, but no pin has this class',
    ]);
  });

  it('is empty when every pin matches and every exported class is pinned or abstract', () => {
    const pin = [new ParseError('bad input'), 'ParseError', 'parse_failed', /^bad input$/] as const;
    expect(errorPinProblems([{ ParseError, UnpinnedError }], [pin], [UnpinnedError])).toEqual([]);
  });
});

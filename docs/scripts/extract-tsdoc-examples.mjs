// Writes every ```ts block of an `@example` in the TSDoc of packages/*/src to docs/.snippets/tsdoc/ as
// its own module, so `tsc` type-checks the examples against the real packages, as the Markdown
// snippets are (run after extract-snippets.mjs, which empties docs/.snippets/). Every example must
// start with its import (or `declare`s only what it does not import, for an example of a type):
// one that does not is reported and the script fails, since it could not compile on its own.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const docs = join(dirname(fileURLToPath(import.meta.url)), '..');
const root = join(docs, '..');
const out = join(docs, '.snippets', 'tsdoc');

const sources = readdirSync(join(root, 'packages')).flatMap((pkg) =>
  readdirSync(join(root, 'packages', pkg, 'src'), { recursive: true })
    .filter((file) => String(file).endsWith('.ts'))
    .map((file) => join(root, 'packages', pkg, 'src', String(file))),
);

/** The ```ts blocks of the `@example` tags of every `/** … *\/` comment, with their line numbers. */
function examplesOf(text) {
  const examples = [];
  for (const comment of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
    const lines = comment[0].split('\n').map((line) => line.replace(/^\s*\*( |$)/, ''));
    const startLine = text.slice(0, comment.index).split('\n').length;
    let inExample = false;
    let block;
    lines.forEach((line, index) => {
      if (/^@\w+/.test(line.trim())) inExample = line.trim().startsWith('@example');
      if (!inExample) return;
      if (block === undefined && line.trim() === '```ts') block = { line: startLine + index, code: [] };
      else if (block !== undefined && line.trim() === '```') {
        examples.push({ line: block.line, code: block.code.join('\n') });
        block = undefined;
      } else if (block !== undefined) block.code.push(line);
    });
  }
  return examples;
}

mkdirSync(out, { recursive: true });
const unfit = [];
let count = 0;
for (const file of sources) {
  for (const { line, code } of examplesOf(readFileSync(file, 'utf8'))) {
    const where = `${relative(root, file)}:${line}`;
    const first = code.split('\n').find((text) => text.trim() !== '') ?? '';
    if (!/^(import |declare )/.test(first)) {
      unfit.push(where);
      continue;
    }
    const name = `${relative(root, file).replace(/[^a-zA-Z0-9]+/g, '_')}_${line}.ts`;
    // A first line that says where the example lives, so tsc's errors point back to the source.
    writeFileSync(join(out, name), `// ${where}\n${code}\nexport {};\n`);
    count += 1;
  }
}
if (unfit.length > 0) {
  console.error(
    `docs: ${unfit.length} TSDoc examples do not start with their import:\n  ${unfit.join('\n  ')}`,
  );
  process.exit(1);
}
console.log(`docs: extracted ${count} TSDoc examples`);

// Writes every ```ts block of docs/**/*.md and packages/*/README.md to docs/.snippets/ as its own
// module, so `tsc` type-checks the documentation against the real packages. A block whose first
// line is `// @noCheck` is skipped (for fragments that only make sense inside another snippet).
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const docs = join(dirname(fileURLToPath(import.meta.url)), '..');
const root = join(docs, '..');
const out = join(docs, '.snippets');

const markdown = [
  ...readdirSync(docs, { recursive: true })
    .filter((file) => String(file).endsWith('.md') && !String(file).includes('node_modules'))
    .map((file) => join(docs, String(file))),
  ...readdirSync(join(root, 'packages')).map((pkg) => join(root, 'packages', pkg, 'README.md')),
  join(root, 'README.md'),
];

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
let count = 0;
for (const file of markdown) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    continue;
  }
  const blocks = [...text.matchAll(/^```ts\n([\s\S]*?)^```/gm)].map((match) => match[1]);
  blocks.forEach((code, index) => {
    if (code.startsWith('// @noCheck')) return;
    const name = `${relative(root, file).replace(/[^a-zA-Z0-9]+/g, '_')}_${index + 1}.ts`;
    // Each snippet is its own module, so top-level names never clash between snippets.
    writeFileSync(join(out, name), `${code}\nexport {};\n`);
    count += 1;
  });
}
console.log(`docs: extracted ${count} TypeScript snippets`);

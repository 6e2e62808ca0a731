import { existsSync, readFileSync } from 'node:fs';

/**
 * Sections of docs/benchmarks.md that another harness writes (`pnpm bench:twilio`), kept when the
 * main run rewrites the file: each sits between `<!-- section: NAME -->` and `<!-- /section: NAME -->`.
 */
const SECTION = /<!-- section: ([\w-]+) -->[\s\S]*?<!-- \/section: \1 -->\n?/g;

/**
 * The owned sections of the file at `file`, joined (empty when there is none or no file).
 *
 * @example
 * ```ts
 * writeFileSync(file, renderMarkdown(results, 'benchmarks.svg') + ownSections(file));
 * ```
 */
export function ownSections(file: string): string {
  if (!existsSync(file)) return '';
  const found = readFileSync(file, 'utf8').match(SECTION) ?? [];
  return found.length === 0 ? '' : `\n${found.join('\n')}`;
}

/**
 * `markdown` with the section `name` replaced by `body` (appended when it is not there yet).
 *
 * @example
 * ```ts
 * replaceSection(readFileSync(file, 'utf8'), 'twilio-bridge', '## Twilio bridge\n…');
 * ```
 */
export function replaceSection(markdown: string, name: string, body: string): string {
  const block = `<!-- section: ${name} -->\n${body.trim()}\n<!-- /section: ${name} -->\n`;
  const pattern = new RegExp(`<!-- section: ${name} -->[\\s\\S]*?<!-- /section: ${name} -->\\n?`);
  return pattern.test(markdown) ? markdown.replace(pattern, block) : `${markdown.trimEnd()}\n\n${block}`;
}

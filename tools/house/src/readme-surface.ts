/** The root entry of a package, as its `exports` map names it. */
export const ROOT_ENTRY = '.';

/**
 * The names a README's `## Public surface` section lists, per entry point: every backticked name in
 * the `export` column of its tables (a call form such as `tool(options)` counts as `tool`; spans that
 * do not start with a name, such as `{ type: 'sip' }`, are prose). A table belongs to the root entry,
 * unless a `### \`@scope/pkg/sub\`` heading above it names a subpath (`./sub`).
 *
 * @example
 * ```ts
 * import { readmeSurface } from '@switchboard/house';
 *
 * readmeSurface('## Public surface\n\n| export | what |\n| --- | --- |\n| `tool(options)`, `ToolOptions` | a tool |\n');
 * // Map { '.' => Set { 'tool', 'ToolOptions' } }
 * ```
 */
export function readmeSurface(readme: string): Map<string, Set<string>> {
  const surface = new Map<string, Set<string>>();
  const section = sectionOf(readme, 'Public surface');
  if (section === undefined) return surface;
  let entry = ROOT_ENTRY;
  let column: number | undefined;
  for (const line of section.split('\n')) {
    const heading = /^###\s+`(@[^/`]+\/[^/`]+)(\/[^`]+)?`/.exec(line);
    if (heading) {
      entry = heading[2] === undefined ? ROOT_ENTRY : `.${heading[2]}`;
      column = undefined;
      continue;
    }
    if (!line.startsWith('|')) {
      column = undefined;
      continue;
    }
    // Cells are split at pipes that are not escaped (`a \| b` stays one cell).
    const cells = line
      .trim()
      .replace(/^\|/, '')
      .replace(/\|$/, '')
      .split(/(?<!\\)\|/);
    if (column === undefined) {
      column = cells.findIndex((cell) => /^\s*exports?\s*$/.test(cell));
      continue;
    }
    if (column < 0 || /^\s*-+\s*$/.test(cells[0] ?? '')) continue;
    const names = surface.get(entry) ?? new Set<string>();
    for (const span of (cells[column] ?? '').matchAll(/`([^`]+)`/g)) {
      const name = /^[A-Za-z_$][\w$]*/.exec(span[1] ?? '')?.[0];
      if (name) names.add(name);
    }
    surface.set(entry, names);
  }
  return surface;
}

/** The text of the `## title` section, up to the next `## ` heading. */
function sectionOf(markdown: string, title: string): string | undefined {
  const start = markdown.search(new RegExp(`^## ${title}\\s*$`, 'm'));
  if (start < 0) return undefined;
  const rest = markdown.slice(start).split('\n').slice(1).join('\n');
  const end = rest.search(/^## /m);
  return end < 0 ? rest : rest.slice(0, end);
}

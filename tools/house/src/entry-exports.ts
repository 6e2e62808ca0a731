import ts from 'typescript';

/** What an entry file (`index.ts`) exports, by name, split into runtime values and types. */
export interface EntryExports {
  readonly values: ReadonlySet<string>;
  readonly types: ReadonlySet<string>;
  /** Export statements that are not a named re-export (`export *`, `export function` …), as written. */
  readonly unnamed: readonly string[];
}

/**
 * Reads the export statements of an entry file without type-checking it. The house rule is that an
 * entry only re-exports, name by name (`export { a, type B } from './a.js'`), so its surface can be
 * read off the file; anything else is reported in `unnamed`. A name re-exported without `type` is a
 * value: TypeScript refuses a type re-exported that way (`verbatimModuleSyntax`).
 *
 * @example
 * ```ts
 * import { entryExports } from '@switchboard/house';
 *
 * entryExports("export { tool, type ToolOptions } from './tool.js';");
 * // { values: Set { 'tool' }, types: Set { 'ToolOptions' }, unnamed: [] }
 * ```
 */
export function entryExports(source: string): EntryExports {
  const file = ts.createSourceFile('index.ts', source, ts.ScriptTarget.ES2022, true);
  const values = new Set<string>();
  const types = new Set<string>();
  const unnamed: string[] = [];
  for (const statement of file.statements) {
    if (ts.isExportDeclaration(statement)) {
      const clause = statement.exportClause;
      if (!clause || !ts.isNamedExports(clause)) {
        unnamed.push(statement.getText(file));
        continue;
      }
      for (const element of clause.elements) {
        const name = element.name.text;
        (statement.isTypeOnly || element.isTypeOnly ? types : values).add(name);
      }
    } else if (
      ts.canHaveModifiers(statement) &&
      ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)
    ) {
      unnamed.push(statement.getText(file).split('\n')[0] ?? '');
    } else if (ts.isExportAssignment(statement)) {
      unnamed.push(statement.getText(file));
    }
  }
  return { values, types, unnamed };
}

import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import ts from 'typescript';

/** One import a source file makes: the file and the specifier as written. */
export interface ImportSite {
  readonly file: string;
  readonly specifier: string;
}

/**
 * Every import (static, type-only, re-export, dynamic with a literal) of the files reachable from
 * `entries` through relative imports: what a package's entry point pulls in, file by file.
 *
 * @example
 * ```ts
 * import { reachableImports } from '@switchboard/house';
 *
 * const root = reachableImports(['/path/to/packages/local-realtime/src/index.ts']);
 * console.log(root.filter((site) => site.specifier === '@switchboard/core'));
 * ```
 */
export function reachableImports(entries: readonly string[]): ImportSite[] {
  const seen = new Set<string>();
  const sites: ImportSite[] = [];
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of importsOf(file)) {
      sites.push({ file, specifier });
      if (specifier.startsWith('.')) {
        const target = resolve(dirname(file), specifier).replace(/\.js$/, '.ts');
        if (existsSync(target)) queue.push(target);
      }
    }
  }
  return sites;
}

function importsOf(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const specifiers: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      if (ts.isStringLiteral(node.moduleSpecifier)) specifiers.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] !== undefined &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      specifiers.push(node.arguments[0].text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      const literal = node.argument.literal;
      if (ts.isStringLiteral(literal)) specifiers.push(literal.text);
    } else if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name)) {
      specifiers.push(node.name.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers;
}

/**
 * How deep a client event may nest objects and arrays. Far beyond any real event (a tool's JSON
 * Schema rarely goes ten levels down), and low enough that nothing downstream recurses into a stack
 * overflow (issue 10: deeply nested tool parameters came back as `server_error`).
 */
export const MAX_NESTING_DEPTH = 64;

/**
 * The path at which `value` first nests deeper than `maxDepth` objects and arrays, or `undefined`.
 * Iterative, so it never overflows the stack itself, however deep the value.
 */
export function tooDeepAt(value: unknown, maxDepth = MAX_NESTING_DEPTH): string | undefined {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value, depth: 0, path: '' }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const current = next.value;
    if (typeof current !== 'object' || current === null) continue;
    const depth = next.depth + 1;
    if (depth > maxDepth) return next.path;
    const path = next.path;
    const children: [string, unknown][] = Array.isArray(current)
      ? current.map((item, index) => [`${path}[${index}]`, item])
      : Object.entries(current).map(([key, item]) => [path === '' ? key : `${path}.${key}`, item]);
    for (const [childPath, child] of children) stack.push({ value: child, depth, path: childPath });
  }
  return undefined;
}

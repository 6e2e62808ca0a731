/**
 * Reads an environment variable where there is an environment (Node, Deno, Bun), and nothing in
 * a browser, where `process` does not exist and touching it would throw.
 */
export function readEnv(name: string): string | undefined {
  if (typeof process === 'undefined' || typeof process.env !== 'object' || process.env === null) {
    return undefined;
  }
  const value = process.env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

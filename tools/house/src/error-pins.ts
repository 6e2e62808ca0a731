/** One pinned error: an instance, then the class name, the stable `code` and the message it must have. */
export type ErrorPin = readonly [error: Error, name: string, code: string | undefined, message: RegExp];

/**
 * What is wrong with a package's error pins, one line per problem; empty when all is well. A pin
 * is wrong when its error's `name`, `code` or message differs from what the pin says; an error
 * class that `modules` export (every entry point of the package) is wrong when no pin is an instance
 * of exactly that class (`abstract` classes aside, as bases that are never thrown themselves).
 *
 * @example
 * ```ts
 * import { errorPinProblems } from '@switchboard/house';
 *
 * class ParseError extends Error {
 *   override readonly name = 'ParseError';
 *   readonly code = 'parse_failed';
 * }
 * errorPinProblems([{ ParseError }], [[new ParseError('bad input'), 'ParseError', 'parse_failed', /^bad input$/]]);
 * // []
 * ```
 */
export function errorPinProblems(
  modules: readonly object[],
  pins: readonly ErrorPin[],
  abstract: readonly unknown[] = [],
): string[] {
  const problems = pins.flatMap(pinProblems);
  const pinned = new Set<unknown>([...pins.map(([error]) => error.constructor), ...abstract]);
  for (const [name, value] of modules.flatMap((module) => Object.entries(module))) {
    const isErrorClass = typeof value === 'function' && value.prototype instanceof Error;
    if (isErrorClass && !pinned.has(value)) problems.push(`${name}: exported, but no pin has this class`);
  }
  return problems;
}

function pinProblems([error, name, code, message]: ErrorPin): string[] {
  const problems: string[] = [];
  const actualCode = (error as { code?: unknown }).code;
  if (error.name !== name) problems.push(`${name}: the error's name is ${error.name}`);
  if (actualCode !== code) problems.push(`${name}: code ${String(actualCode)}, pinned ${String(code)}`);
  if (!message.test(error.message))
    problems.push(`${name}: message "${error.message}" does not match ${message}`);
  return problems;
}

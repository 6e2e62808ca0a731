import { betaDialect } from './beta.js';
import { gaDialect } from './ga.js';
import type { Dialect, DialectName } from './types.js';

const DIALECTS: Readonly<Record<DialectName, Dialect>> = { ga: gaDialect, beta: betaDialect };

/**
 * The dialect with the given name.
 *
 * @example
 * ```ts
 * import { type DialectName, getDialect } from '@switchboard/core/protocol';
 *
 * declare const options: { dialect?: DialectName };
 * const dialect = getDialect(options.dialect ?? 'ga');
 * ```
 */
export function getDialect(name: DialectName): Dialect {
  return DIALECTS[name];
}

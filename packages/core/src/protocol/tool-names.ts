/**
 * The pattern the Realtime API enforces on function tool names: letters, digits, `_` and `-`,
 * 1 to 64 characters. A name outside it makes the whole `session.update` fail, so we check early.
 *
 * @example
 * ```ts
 * import { TOOL_NAME_PATTERN } from '@switchboard/core/protocol';
 *
 * TOOL_NAME_PATTERN.test('get_weather'); // true
 * TOOL_NAME_PATTERN.test('get weather'); // false
 * ```
 */
export const TOOL_NAME_PATTERN: RegExp = /^[a-zA-Z0-9_-]{1,64}$/;

/** Longest tool name the API accepts. */
export const MAX_TOOL_NAME_LENGTH = 64;

/** Prefix of every handoff tool: `transfer_to_<snake_case agent name>`. */
export const HANDOFF_TOOL_PREFIX = 'transfer_to_';

/**
 * True when `name` is a string the API accepts as a function tool name.
 */
export function isValidToolName(name: unknown): name is string {
  return typeof name === 'string' && TOOL_NAME_PATTERN.test(name);
}

/**
 * Turns a display name into `snake_case` ASCII: word breaks from spaces, punctuation and
 * camelCase become `_`, accents are dropped, other characters are removed: `'Tech Support'` →
 * `tech_support`, `'BillingAgent'` → `billing_agent`, `'HTTPServer v2'` → `http_server_v2`,
 * `'Café Crème'` → `cafe_creme`. Returns `''` when nothing usable is left (e.g. `'!!!'`).
 */
export function toSnakeCase(name: string): string {
  return (
    name
      // Accents would otherwise be dropped with their letter: 'é' → 'e' + combining mark.
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      // camelCase and acronym boundaries: 'billingAgent' → 'billing_Agent', 'HTTPServer' → 'HTTP_Server'.
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
      .replace(/[^A-Za-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .toLowerCase()
  );
}

/**
 * The name of the tool that hands the conversation to the agent called `agentName`:
 * `transfer_to_` + `toSnakeCase`. The result may still be invalid (empty or too long);
 * `defineAgent` checks that and says so.
 *
 * @example
 * ```ts
 * import { handoffToolName } from '@switchboard/core/protocol';
 *
 * handoffToolName('Tech Support'); // 'transfer_to_tech_support'
 * handoffToolName('BillingAgent'); // 'transfer_to_billing_agent'
 * ```
 */
export function handoffToolName(agentName: string): string {
  return `${HANDOFF_TOOL_PREFIX}${toSnakeCase(agentName)}`;
}

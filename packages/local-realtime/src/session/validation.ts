import {
  CLIENT_EVENT_SCHEMAS,
  type ClientEvent,
  isRecord,
  type ProtocolError,
  parseClientEvent,
} from '@switchboard/core/protocol';
import { ClientEventError } from './errors.js';
import { MAX_NESTING_DEPTH, tooDeepAt } from './json-depth.js';
import { unknownParameter } from './unknown-parameters.js';

/** The GA client event types, in the order the API lists them in its "supported values" messages. */
export const CLIENT_EVENT_TYPES: readonly string[] = Object.keys(CLIENT_EVENT_SCHEMAS);

/** Reads the value at a path such as `session.tools[3].description` (undefined when absent). */
export function valueAt(root: unknown, path: string): unknown {
  let current = root;
  for (const token of path.match(/[^.[\]]+/g) ?? []) {
    if (typeof current !== 'object' || current === null) return undefined;
    const key = /^\d+$/.test(token) && Array.isArray(current) ? Number(token) : token;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** How the API names JSON kinds in its messages ("expected a string, but got an integer instead"). */
function kindName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal';
  if (typeof value === 'boolean') return 'a boolean';
  if (typeof value === 'string') return 'a string';
  return 'an object';
}

function expectedName(zodKind: string): string {
  const names: Record<string, string> = {
    string: 'a string',
    number: 'a number',
    boolean: 'a boolean',
    object: 'an object',
    array: 'an array',
    int: 'an integer',
  };
  return names[zodKind] ?? zodKind;
}

/** The unknown-`type` error, worded like the API's. */
export function unknownTypeError(type: string): ClientEventError {
  const supported = CLIENT_EVENT_TYPES.map((name) => `'${name}'`).join(', ');
  return new ClientEventError(
    'invalid_value',
    `Invalid value: '${type}'. Supported values are: ${supported}.`,
    'type',
  );
}

/**
 * Turns the first issue of a {@link ProtocolError} from `parseClientEvent` into the API's error
 * vocabulary: `missing_required_parameter`, `invalid_type` or `invalid_value`, with the issue path
 * as `param` (the API's own format, e.g. `session.tools[0].name`).
 */
export function protocolErrorToClientError(error: ProtocolError, event: unknown): ClientEventError {
  const issue = error.issues[0];
  if (issue === undefined) return new ClientEventError('invalid_value', error.message);
  const { path, message } = issue;
  if (path === '' && message === 'not valid JSON') {
    return new ClientEventError(
      'invalid_json',
      'Invalid JSON: the event could not be parsed. Send each event as a JSON object.',
    );
  }
  if (path === '') {
    return new ClientEventError(
      'invalid_type',
      `Invalid event: expected a JSON object, but got ${kindName(event)} instead.`,
    );
  }
  const value = valueAt(event, path);
  if (value === undefined) {
    return new ClientEventError('missing_required_parameter', `Missing required parameter: '${path}'.`, path);
  }
  const typed = /^expected (\w+), received (\w+)$/.exec(message);
  if (typed?.[1] !== undefined) {
    return new ClientEventError(
      'invalid_type',
      `Invalid type for '${path}': expected ${expectedName(typed[1])}, but got ${kindName(value)} instead.`,
      path,
    );
  }
  const options = /^expected one of (.+)$/.exec(message);
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  if (options?.[1] !== undefined) {
    const supported = options[1]
      .split('|')
      .map((option) => `'${option.replace(/^"|"$/g, '')}'`)
      .join(', ');
    return new ClientEventError(
      'invalid_value',
      `Invalid value: '${shown}'. Supported values are: ${supported}.`,
      path,
    );
  }
  return new ClientEventError('invalid_value', `Invalid value for '${path}': ${message}.`, path);
}

/**
 * Validates a decoded client event (canonical GA form) as the API does, in its order: nesting depth,
 * a known `type`, the event's schema, then no parameter the API does not know. Returns the typed
 * event; throws a {@link ClientEventError} naming the parameter at fault.
 */
export function validateClientEvent(value: unknown): ClientEvent {
  const deep = tooDeepAt(value);
  if (deep !== undefined) {
    throw new ClientEventError(
      'nesting_too_deep',
      `Invalid '${deep}': objects and arrays are nested too deeply. Expected at most ${MAX_NESTING_DEPTH} levels in one event.`,
      deep,
    );
  }
  if (isRecord(value) && typeof value.type === 'string' && !CLIENT_EVENT_TYPES.includes(value.type)) {
    throw unknownTypeError(value.type);
  }
  const parsed = parseClientEvent(value);
  if (!parsed.ok) throw protocolErrorToClientError(parsed.error, value);
  const unknown = unknownParameter(CLIENT_EVENT_SCHEMAS[parsed.event.type], value);
  if (unknown !== undefined) {
    throw new ClientEventError('unknown_parameter', `Unknown parameter: '${unknown}'.`, unknown);
  }
  return parsed.event;
}

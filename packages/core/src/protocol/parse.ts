import type { z } from 'zod';
import { CLIENT_EVENT_SCHEMAS, type ClientEvent } from './client-events.js';
import { type ProtocolDirection, ProtocolError, type ProtocolIssue, ProtocolWarning } from './errors.js';
import { FAST_CHECKS } from './fast-path.js';
import { isRecord } from './is-record.js';
import { toProtocolIssues } from './issues.js';
import { SERVER_EVENT_SCHEMAS, type ServerEvent } from './server-events/union.js';
import { touchesActedOnField } from './tolerance.js';

/**
 * A server event whose `type` this version does not know (a newer API, or a dialect event with no
 * canonical twin). Kept, not dropped, so apps can still log or handle it.
 */
export interface UnknownServerEvent {
  readonly type: 'unknown';
  /** The `type` the server sent. */
  readonly serverType: string;
  /** The event as received. */
  readonly raw: Record<string, unknown>;
}

/**
 * Result of {@link parseServerEvent}. A delivered event may come with `warnings`: fields it only
 * carries that do not match the schema (empty for almost every event).
 */
export type ParsedServerEvent =
  | {
      readonly ok: true;
      readonly event: ServerEvent | UnknownServerEvent;
      readonly warnings: readonly ProtocolWarning[];
    }
  | { readonly ok: false; readonly error: ProtocolError };

const NO_WARNINGS: readonly ProtocolWarning[] = Object.freeze([]);

/** Result of {@link parseClientEvent}. */
export type ParsedClientEvent =
  | { readonly ok: true; readonly event: ClientEvent }
  | { readonly ok: false; readonly error: ProtocolError };

/**
 * Decodes a WebSocket / data-channel text frame. Returns the parsed value, or the original string when
 * it is not JSON, so that {@link parseServerEvent} reports it as a {@link ProtocolError}. Never throws.
 *
 * @example
 * ```ts
 * import { decodeJson, parseServerEvent } from '@switchboard/core/protocol';
 *
 * declare const frame: string;
 * const parsed = parseServerEvent(decodeJson(frame));
 * ```
 */
export function decodeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Validates a decoded server event (canonical GA form) under the tolerance policy (README): a problem
 * in a field the framework acts on makes it a {@link ProtocolError} naming the type and the path of
 * each problem; problems only in fields it carries deliver the event with one {@link ProtocolWarning}
 * each. Unknown types become an {@link UnknownServerEvent}. A raw string (an undecodable frame, see
 * {@link decodeJson}) is an error too. The streaming delta events take a `typeof` fast path and skip
 * zod. Never throws. A delivered event is the input object itself (schemas have no transforms), so
 * nothing is copied.
 *
 * @example
 * ```ts
 * import { decodeJson, parseServerEvent } from '@switchboard/core/protocol';
 *
 * declare const frame: string;
 * declare function play(base64Audio: string): void;
 * const log = console;
 * const parsed = parseServerEvent(decodeJson(frame));
 * if (!parsed.ok) log.warn(parsed.error.message);
 * else {
 *   for (const warning of parsed.warnings) log.info(warning.message);
 *   if (parsed.event.type === 'response.output_audio.delta') play(parsed.event.delta);
 * }
 * ```
 */
export function parseServerEvent(value: unknown): ParsedServerEvent {
  try {
    return parseServer(value);
  } catch (error) {
    // Decoded JSON cannot make zod throw; hand-built values can (a throwing getter, a Proxy).
    return fail(
      'server',
      typeOf(value),
      [{ path: '', message: `could not be read: ${String(error)}` }],
      value,
    );
  }
}

function parseServer(value: unknown): ParsedServerEvent {
  const head = readHead(value, 'server');
  if (!head.ok) return head;
  const { event, type } = head;
  const fast = FAST_CHECKS.get(type);
  if (fast?.(event)) return { ok: true, event: event as ServerEvent, warnings: NO_WARNINGS };
  const schema = Object.hasOwn(SERVER_EVENT_SCHEMAS, type)
    ? SERVER_EVENT_SCHEMAS[type as keyof typeof SERVER_EVENT_SCHEMAS]
    : undefined;
  if (schema === undefined) {
    return { ok: true, event: { type: 'unknown', serverType: type, raw: event }, warnings: NO_WARNINGS };
  }
  return validateServer(schema, event, type);
}

/** The zod check of a known server event, with the tolerance policy applied to its issues. */
function validateServer(schema: z.ZodType, event: Record<string, unknown>, type: string): ParsedServerEvent {
  const result = schema.safeParse(event);
  if (result.success) return { ok: true, event: event as ServerEvent, warnings: NO_WARNINGS };
  const issues = result.error.issues;
  if (issues.some((issue) => touchesActedOnField(type, issue.path))) {
    return fail('server', type, toProtocolIssues(issues), event);
  }
  // Only carried fields are off: deliver the event as it came, and say where.
  const warnings = toProtocolIssues(issues).map(
    (issue) => new ProtocolWarning({ eventType: type, issue, raw: event }),
  );
  return { ok: true, event: event as ServerEvent, warnings };
}

/**
 * Validates a decoded client event (canonical GA form), for servers such as local-realtime. Unknown
 * types are errors here (the API answers them with an `error` event); each issue's path can fill the
 * error's `param`. Never throws.
 *
 * @example
 * ```ts
 * import { decodeJson, parseClientEvent } from '@switchboard/core/protocol';
 *
 * declare const frame: string;
 * declare function reply(event: unknown): void;
 * const parsed = parseClientEvent(decodeJson(frame));
 * if (!parsed.ok) reply({ type: 'error', error: { type: 'invalid_request_error', message: parsed.error.message, param: parsed.error.issues[0]?.path } });
 * ```
 */
export function parseClientEvent(value: unknown): ParsedClientEvent {
  try {
    return parseClient(value);
  } catch (error) {
    return fail(
      'client',
      typeOf(value),
      [{ path: '', message: `could not be read: ${String(error)}` }],
      value,
    );
  }
}

function parseClient(value: unknown): ParsedClientEvent {
  const head = readHead(value, 'client');
  if (!head.ok) return head;
  const { event, type } = head;
  const schema = Object.hasOwn(CLIENT_EVENT_SCHEMAS, type)
    ? CLIENT_EVENT_SCHEMAS[type as keyof typeof CLIENT_EVENT_SCHEMAS]
    : undefined;
  if (schema === undefined) {
    return fail('client', type, [{ path: 'type', message: `unknown client event type "${type}"` }], event);
  }
  const result = schema.safeParse(event);
  if (result.success) return { ok: true, event: event as ClientEvent };
  return fail('client', type, toProtocolIssues(result.error.issues), event);
}

type Head =
  | { readonly ok: true; readonly event: Record<string, unknown>; readonly type: string }
  | { readonly ok: false; readonly error: ProtocolError };

/** Checks what every event needs before its schema can be chosen: an object with a string `type`. */
function readHead(value: unknown, direction: ProtocolDirection): Head {
  if (typeof value === 'string') {
    return fail(direction, undefined, [{ path: '', message: 'not valid JSON' }], value);
  }
  if (!isRecord(value)) {
    return fail(
      direction,
      undefined,
      [{ path: '', message: `expected object, received ${kindOf(value)}` }],
      value,
    );
  }
  const event = value;
  const type = event.type;
  if (typeof type !== 'string') {
    return fail(
      direction,
      undefined,
      [{ path: 'type', message: `expected string, received ${kindOf(type)}` }],
      value,
    );
  }
  return { ok: true, event, type };
}

function fail(
  direction: ProtocolDirection,
  eventType: string | undefined,
  issues: ProtocolIssue[],
  raw: unknown,
): { readonly ok: false; readonly error: ProtocolError } {
  return { ok: false, error: new ProtocolError({ direction, eventType, issues, raw }) };
}

/** Names a value's kind the way zod does (`null`, `array`, `number` ...). */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** The `type` of a value, read defensively (used only after something threw). */
function typeOf(value: unknown): string | undefined {
  try {
    const type = (value as { type?: unknown } | null)?.type;
    return typeof type === 'string' ? type : undefined;
  } catch {
    return undefined;
  }
}

import type { z } from 'zod';
import { CLIENT_EVENT_SCHEMAS, type ClientEvent } from './client-events.js';
import { type ProtocolDirection, ProtocolError, type ProtocolIssue } from './errors.js';
import { FAST_CHECKS } from './fast-path.js';
import { toProtocolIssues } from './issues.js';
import { SERVER_EVENT_SCHEMAS, type ServerEvent } from './server-events/union.js';

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

/** Result of {@link parseServerEvent}. */
export type ParsedServerEvent =
  | { readonly ok: true; readonly event: ServerEvent | UnknownServerEvent }
  | { readonly ok: false; readonly error: ProtocolError };

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
 * Validates a decoded server event (canonical GA form). Unknown types become an
 * {@link UnknownServerEvent}; malformed ones a {@link ProtocolError} naming the type and the path of
 * each problem. A raw string (an undecodable frame, see {@link decodeJson}) is an error too. The
 * streaming delta events take a `typeof` fast path and skip zod. Never throws. On success the event is
 * the input object itself (schemas have no transforms), so nothing is copied.
 *
 * @example
 * ```ts
 * const parsed = parseServerEvent(decodeJson(frame));
 * if (!parsed.ok) log.warn(parsed.error.message);
 * else if (parsed.event.type === 'response.output_audio.delta') play(parsed.event.delta);
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
  if (fast?.(event)) return { ok: true, event: event as ServerEvent };
  const schema = Object.hasOwn(SERVER_EVENT_SCHEMAS, type)
    ? SERVER_EVENT_SCHEMAS[type as keyof typeof SERVER_EVENT_SCHEMAS]
    : undefined;
  if (schema === undefined) return { ok: true, event: { type: 'unknown', serverType: type, raw: event } };
  return validate(schema, event, type, 'server');
}

/**
 * Validates a decoded client event (canonical GA form), for servers such as local-realtime. Unknown
 * types are errors here (the API answers them with an `error` event); each issue's path can fill the
 * error's `param`. Never throws.
 *
 * @example
 * ```ts
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
  return validate(schema, event, type, 'client');
}

type Head =
  | { readonly ok: true; readonly event: Record<string, unknown>; readonly type: string }
  | { readonly ok: false; readonly error: ProtocolError };

/** Checks what every event needs before its schema can be chosen: an object with a string `type`. */
function readHead(value: unknown, direction: ProtocolDirection): Head {
  if (typeof value === 'string') {
    return fail(direction, undefined, [{ path: '', message: 'not valid JSON' }], value);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(
      direction,
      undefined,
      [{ path: '', message: `expected object, received ${kindOf(value)}` }],
      value,
    );
  }
  const event = value as Record<string, unknown>;
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

function validate<T>(
  schema: z.ZodType,
  event: Record<string, unknown>,
  type: string,
  direction: ProtocolDirection,
): { readonly ok: true; readonly event: T } | { readonly ok: false; readonly error: ProtocolError } {
  const result = schema.safeParse(event);
  if (result.success) return { ok: true, event: event as T };
  return fail(direction, type, toProtocolIssues(result.error.issues), event);
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

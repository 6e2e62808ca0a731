/**
 * When a fault fires, counted on its connection from the moment the fault is armed there:
 * - `afterEvents`: once the server has sent this many events (`session.created` counts when the
 *   fault is armed at connection start);
 * - `beforeEvent`: just before the `nth` (default 1st) server event of that type goes out;
 * - `afterEvent`: just after it went out;
 * - `afterMs`: this many milliseconds later;
 * - `now`: at once.
 * Event types are the GA names (`response.output_text.delta`, not beta's `response.text.delta`).
 *
 * @example
 * ```ts
 * import type { FaultTrigger } from '@switchboard/local-realtime';
 *
 * const trigger: FaultTrigger = { beforeEvent: 'response.done' };
 * ```
 */
export type FaultTrigger =
  | { readonly afterEvents: number }
  | { readonly beforeEvent: string; readonly nth?: number }
  | { readonly afterEvent: string; readonly nth?: number }
  | { readonly afterMs: number }
  | { readonly now: true };

/** The `error` object of an injected `error` event; the fields left out get the defaults below. */
export interface InjectedError {
  /** Default `server_error`. */
  readonly type?: string;
  /** Default `null`. */
  readonly code?: string | null;
  /** Default `The server had an error while processing your request. (injected fault)`. */
  readonly message?: string;
  readonly param?: string | null;
}

/**
 * A fault local-realtime injects into a connection, for tests of what a client does when things go
 * wrong (see `docs/testing.md`):
 * - `drop`: the socket goes away: with no close frame (`close` absent, the client sees 1006), or
 *   closed with `close.code` and `close.reason`;
 * - `expire`: the session hits its maximum duration, exactly as the API ends it: an `error` event
 *   (`invalid_request_error`, code `session_expired`), then close code 1001 with the same message;
 * - `error`: an `error` event (a `server_error` by default) is sent; the session goes on;
 * - `delay`: server events from the trigger on are held for `ms`, then sent in their order;
 * - `reorder`: the `nth` (default 1st) `event` is held back and sent just after the next `after`;
 * - `fail_response`: the `nth` (default 1st) response created from the trigger on ends `failed`
 *   (`status_details.error` is `error`, a `server_error` by default) after `afterItems` (default 0)
 *   output items.
 *
 * @example
 * ```ts
 * import type { Fault } from '@switchboard/local-realtime';
 *
 * const faults: Fault[] = [
 *   { kind: 'drop', at: { beforeEvent: 'response.done' } },
 *   { kind: 'fail_response', at: { now: true }, nth: 2 },
 * ];
 * ```
 */
export type Fault =
  | {
      readonly kind: 'drop';
      readonly at: FaultTrigger;
      readonly close?: { readonly code: number; readonly reason?: string };
    }
  | { readonly kind: 'expire'; readonly at: FaultTrigger }
  | { readonly kind: 'error'; readonly at: FaultTrigger; readonly error?: InjectedError }
  | { readonly kind: 'delay'; readonly at: FaultTrigger; readonly ms: number }
  | { readonly kind: 'reorder'; readonly event: string; readonly nth?: number; readonly after: string }
  | {
      readonly kind: 'fail_response';
      readonly at: FaultTrigger;
      readonly nth?: number;
      readonly afterItems?: number;
      readonly error?: InjectedError;
    };

/** Every fault kind. */
export type FaultKind = Fault['kind'];

/** A fault that fired: which, on which session, and the server event it fired at (if any). */
export interface FiredFault {
  readonly fault: Fault;
  readonly sessionId: string;
  /** The type of the server event it fired before or after; absent for `afterMs` and `now`. */
  readonly event?: string;
}

/**
 * Which connections a fault is armed on: those open now (`open`), the next one to connect
 * (`next`), or every connection from now on, each once (`every`).
 */
export type FaultScope = 'open' | 'next' | 'every';

/**
 * A fault description local-realtime cannot use: `field` names the part, `expected` what it takes.
 * Thrown by `server.faults.inject()` and `startLocalRealtime({ faults })`, before anything is armed.
 *
 * @example
 * ```ts
 * import { FaultConfigError, type LocalRealtimeServer } from '@switchboard/local-realtime';
 *
 * declare const server: LocalRealtimeServer;
 * try {
 *   server.faults.inject({ kind: 'delay', at: { now: true }, ms: -1 });
 * } catch (error) {
 *   if (error instanceof FaultConfigError) console.log(error.code, error.field); // invalid_fault ms
 * }
 * ```
 */
export class FaultConfigError extends Error {
  override readonly name = 'FaultConfigError';
  readonly code = 'invalid_fault';
  constructor(
    readonly field: string,
    readonly expected: string,
    readonly value: unknown,
  ) {
    super(`fault ${field}: expected ${expected}, got ${describe(value)}`);
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

const KINDS: ReadonlySet<string> = new Set(['drop', 'expire', 'error', 'delay', 'reorder', 'fail_response']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function count(field: string, value: unknown, min: number, optional = true): void {
  if (value === undefined && optional) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min)
    throw new FaultConfigError(field, `a whole number ≥ ${min}`, value);
}

function eventType(field: string, value: unknown): void {
  if (typeof value !== 'string' || value === '')
    throw new FaultConfigError(field, 'a server event type such as "response.done"', value);
}

function checkTrigger(value: unknown): void {
  if (!isRecord(value)) throw new FaultConfigError('at', 'a trigger object', value);
  if ('now' in value) {
    if (value.now !== true) throw new FaultConfigError('at.now', 'true', value.now);
  } else if ('afterEvents' in value) count('at.afterEvents', value.afterEvents, 0, false);
  else if ('afterMs' in value) {
    if (typeof value.afterMs !== 'number' || !Number.isFinite(value.afterMs) || value.afterMs < 0)
      throw new FaultConfigError('at.afterMs', 'a number of milliseconds ≥ 0', value.afterMs);
  } else if ('beforeEvent' in value || 'afterEvent' in value) {
    const key = 'beforeEvent' in value ? 'beforeEvent' : 'afterEvent';
    eventType(`at.${key}`, value[key]);
    count('at.nth', value.nth, 1);
  } else throw new FaultConfigError('at', 'one of afterEvents, beforeEvent, afterEvent, afterMs, now', value);
}

/**
 * Checks a fault before it is armed; throws a {@link FaultConfigError} naming the field.
 */
export function checkFault(value: unknown): asserts value is Fault {
  if (!isRecord(value) || typeof value.kind !== 'string' || !KINDS.has(value.kind))
    throw new FaultConfigError('kind', [...KINDS].join(' | '), isRecord(value) ? value.kind : value);
  if (value.kind === 'reorder') {
    eventType('event', value.event);
    eventType('after', value.after);
    count('nth', value.nth, 1);
    return;
  }
  checkTrigger(value.at);
  if (value.kind === 'delay') {
    if (typeof value.ms !== 'number' || !Number.isFinite(value.ms) || value.ms < 0)
      throw new FaultConfigError('ms', 'a number of milliseconds ≥ 0', value.ms);
  }
  if (value.kind === 'fail_response') {
    count('nth', value.nth, 1);
    count('afterItems', value.afterItems, 0);
  }
  if (value.kind === 'drop' && value.close !== undefined) {
    const close = value.close;
    if (!isRecord(close)) throw new FaultConfigError('close', '{ code, reason? }', close);
    // 1000 and 3000–4999 are what an endpoint may send in a close frame; 1001 is "going away".
    const code = close.code;
    if (typeof code !== 'number' || !(code === 1000 || code === 1001 || (code >= 3000 && code <= 4999)))
      throw new FaultConfigError('close.code', '1000, 1001 or 3000–4999', code);
    // A close frame carries at most 123 bytes of reason.
    if (
      close.reason !== undefined &&
      (typeof close.reason !== 'string' || Buffer.byteLength(close.reason) > 123)
    )
      throw new FaultConfigError('close.reason', 'a string of at most 123 bytes', close.reason);
  }
}

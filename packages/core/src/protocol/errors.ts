/** One problem found in an event: where (`response.output[0].call_id`) and what. */
export interface ProtocolIssue {
  /** Dotted path inside the event, array indexes in brackets; `''` for the event itself. */
  readonly path: string;
  /** What was expected and what came, e.g. `expected string, received number`. */
  readonly message: string;
}

/** Which side of the wire sent the malformed event. */
export type ProtocolDirection = 'server' | 'client';

/**
 * An event that is not valid JSON, not an object, has no `type`, or does not match the schema of its
 * type. Returned (never thrown) by {@link parseServerEvent} and {@link parseClientEvent}.
 *
 * @example
 * ```ts
 * import { parseServerEvent } from '@switchboard/core';
 *
 * declare const frame: unknown;
 * const parsed = parseServerEvent(frame);
 * if (!parsed.ok) console.warn(parsed.error.eventType, parsed.error.issues);
 * ```
 */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  readonly code = 'malformed_event';
  /** The event's `type` when it had a string one. */
  readonly eventType: string | undefined;
  /** Every problem found, each with its path. */
  readonly issues: ReadonlyArray<ProtocolIssue>;
  /** The value as received (the string itself when it was not JSON). */
  readonly raw: unknown;
  /** Whether a server or a client event was being parsed. */
  readonly direction: ProtocolDirection;

  constructor(options: {
    direction: ProtocolDirection;
    eventType: string | undefined;
    issues: ReadonlyArray<ProtocolIssue>;
    raw: unknown;
  }) {
    super(formatMessage(options.direction, options.eventType, options.issues));
    this.direction = options.direction;
    this.eventType = options.eventType;
    this.issues = options.issues;
    this.raw = options.raw;
  }
}

function formatMessage(
  direction: ProtocolDirection,
  eventType: string | undefined,
  issues: ReadonlyArray<ProtocolIssue>,
): string {
  const head =
    eventType === undefined ? `malformed ${direction} event` : `malformed ${direction} event "${eventType}"`;
  const details = issues.map((issue) =>
    issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`,
  );
  return details.length === 0 ? head : `${head}: ${details.join('; ')}`;
}

/** The stable `code` of a {@link ProtocolWarning}. */
export type ProtocolWarningCode = 'carried_field_mismatch';

/**
 * A server event was delivered although one of its fields does not match the API's schema, because
 * the framework only carries that field (it never reads it to decide anything). One warning per
 * field; the event itself arrives on `events$` as received. Which fields are acted on, and so still
 * rejected with a {@link ProtocolError}, is the tolerance policy in the package README.
 *
 * @example
 * ```ts
 * import { ProtocolWarning, type RealtimeSession } from '@switchboard/core';
 *
 * declare const session: RealtimeSession;
 * session.errors$.subscribe((error) => {
 *   if (error instanceof ProtocolWarning) console.warn(error.code, error.eventType, error.path);
 * });
 * ```
 */
export class ProtocolWarning extends Error {
  override readonly name = 'ProtocolWarning';
  readonly code: ProtocolWarningCode = 'carried_field_mismatch';
  /** The `type` of the delivered event. */
  readonly eventType: string;
  /** Where the unexpected value is, e.g. `session.audio.input.transcription.prompt`. */
  readonly path: string;
  /** What was expected and what came. */
  readonly issue: string;
  /** The event as delivered. */
  readonly raw: unknown;

  constructor(options: { eventType: string; issue: ProtocolIssue; raw: unknown }) {
    const { path, message } = options.issue;
    super(
      `server event "${options.eventType}" delivered with an unexpected value it only carries: ${path === '' ? message : `${path}: ${message}`}`,
    );
    this.eventType = options.eventType;
    this.path = path;
    this.issue = message;
    this.raw = options.raw;
  }
}

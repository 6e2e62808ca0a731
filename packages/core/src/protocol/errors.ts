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
 * const parsed = parseServerEvent(frame);
 * if (!parsed.ok) console.warn(parsed.error.eventType, parsed.error.issues);
 * ```
 */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
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

/** Every way the cluster refuses or loses something; `code` is stable for programs. */
export type ClusterErrorCode =
  | 'unknown_swarm'
  | 'invalid_context'
  | 'context_too_large'
  | 'invalid_attach'
  | 'invalid_option'
  | 'dispatch_failed'
  | 'call_lost';

/**
 * Base of the cluster's errors: `code` is stable; `message` says what was expected and what came.
 *
 * @example
 * ```ts
 * import { type Cluster, ClusterError } from '@switchboard/cluster';
 *
 * declare const cluster: Cluster;
 * declare const context: { customerId: string };
 * try {
 *   await cluster.dispatch({ swarm: 'support', context });
 * } catch (error) {
 *   if (error instanceof ClusterError) console.error(error.code, error.message);
 * }
 * ```
 */
export abstract class ClusterError extends Error {
  abstract readonly code: ClusterErrorCode;
}

/** `dispatch` named a swarm the cluster does not register. */
export class UnknownSwarmError extends ClusterError {
  override readonly name = 'UnknownSwarmError';
  readonly code = 'unknown_swarm';
  constructor(
    readonly swarm: string,
    readonly known: readonly string[],
  ) {
    super(
      `unknown swarm ${JSON.stringify(swarm)}: the cluster registers ${known.map((name) => JSON.stringify(name)).join(', ') || 'none'}`,
    );
  }
}

/** One problem with a dispatched context, from the swarm's zod schema. */
export interface ContextIssue {
  /** Dotted path to the field, e.g. `customer.id`; empty for the root. */
  readonly path: string;
  readonly message: string;
}

/** The dispatched context failed the swarm's zod schema (or is not JSON). */
export class InvalidContextError extends ClusterError {
  override readonly name = 'InvalidContextError';
  readonly code = 'invalid_context';
  constructor(
    readonly swarm: string,
    readonly issues: readonly ContextIssue[],
  ) {
    super(
      `invalid context for swarm ${JSON.stringify(swarm)}: ${issues
        .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message))
        .join('; ')}`,
    );
  }
}

/** The dispatched context is larger, as JSON, than the cluster accepts. */
export class ContextTooLargeError extends ClusterError {
  override readonly name = 'ContextTooLargeError';
  readonly code = 'context_too_large';
  constructor(
    readonly swarm: string,
    readonly bytes: number,
    readonly limitBytes: number,
  ) {
    super(
      `the context for swarm ${JSON.stringify(swarm)} is ${bytes} bytes of JSON; the cluster accepts at most ${limitBytes} (maxContextBytes)`,
    );
  }
}

/** `dispatch`'s `attach` is not one the workers can follow. */
export class InvalidAttachError extends ClusterError {
  override readonly name = 'InvalidAttachError';
  readonly code = 'invalid_attach';
  constructor(readonly attach: unknown) {
    super(
      `invalid attach ${safeJson(attach)}: expected { type: 'websocket' }, { type: 'sip', callId } or { type: 'sideband', callId } with a non-empty callId`,
    );
  }
}

/** An option of the cluster, a worker or the CLI is out of range. */
export class ClusterOptionError extends ClusterError {
  override readonly name = 'ClusterOptionError';
  readonly code = 'invalid_option';
  constructor(
    readonly option: string,
    readonly value: unknown,
    readonly expected: string,
  ) {
    super(`invalid option "${option}": expected ${expected}, got ${safeJson(value)}`);
  }
}

/** Redis did not take the call (unreachable, or it refused the write). */
export class DispatchError extends ClusterError {
  override readonly name = 'DispatchError';
  readonly code = 'dispatch_failed';
  constructor(
    readonly swarm: string,
    override readonly cause: unknown,
  ) {
    super(
      `the call to swarm ${JSON.stringify(swarm)} was not queued: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
  }
}

/**
 * A worker lost a call: its lease ran out (the worker stalled, or could not reach Redis) and another
 * worker took the call over. The worker stops acting for it at once; reported on `onError`.
 */
export class CallLostError extends ClusterError {
  override readonly name = 'CallLostError';
  readonly code = 'call_lost';
  constructor(
    readonly callId: string,
    readonly worker: string,
  ) {
    super(`worker ${worker} lost call ${callId}: another worker holds it now`);
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

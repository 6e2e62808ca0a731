import { describeCause } from './describe-cause.js';

/**
 * A read-modify-write on a `VersionedStore` lost the race on every attempt: other writers kept
 * changing the key. `code` is `store_conflict`.
 *
 * @example
 * ```ts
 * import { memoryStore, StoreConflictError, updateVersioned } from '@switchboard/core';
 *
 * const store = memoryStore();
 * try {
 *   await updateVersioned(store, 'counter', (n: number = 0) => n + 1, { attempts: 3 });
 * } catch (error) {
 *   if (error instanceof StoreConflictError) console.error(error.key, error.attempts);
 * }
 * ```
 */
export class StoreConflictError extends Error {
  override readonly name = 'StoreConflictError';
  readonly code = 'store_conflict';
  constructor(
    /** The key that kept changing. */
    readonly key: string,
    /** How many times it was read and written. */
    readonly attempts: number,
  ) {
    super(`store key "${key}" changed under every one of ${attempts} attempts to update it`);
  }
}

/**
 * A tool call's outcome could not be recorded in the session's `toolOutcomes` store (it failed or
 * did not answer in time). The output was still sent; if the conversation moves to another process
 * before the record is written, that process tells the model the call was interrupted instead of
 * sending the output again. `code` is `outcome_not_recorded`; reported on `errors$`.
 *
 * @example
 * ```ts
 * import { OutcomeRecordError, type RealtimeSession } from '@switchboard/core';
 *
 * declare const session: RealtimeSession;
 * session.errors$.subscribe((error) => {
 *   if (error instanceof OutcomeRecordError) console.warn(error.callId, error.cause);
 * });
 * ```
 */
export class OutcomeRecordError extends Error {
  override readonly name = 'OutcomeRecordError';
  readonly code = 'outcome_not_recorded';
  constructor(
    readonly toolName: string,
    readonly callId: string,
    override readonly cause: unknown,
  ) {
    super(`the outcome of "${toolName}" (${callId}) was not recorded: ${describeCause(cause)}`);
  }
}

import { CANCEL_TEXT, type CancelReason } from './tool-errors.js';

/** Why a tool call's signal fired: the call was cancelled, or its time ran out. */
export type ToolAbortReason = CancelReason | 'timeout';

/**
 * The `reason` of the `AbortSignal` a tool (`execute`, `needsApproval`) or a handoff's `onHandoff`
 * receives. Its `name` is `'AbortError'` and its `code` `'ABORT_ERR'`, as the platform's own abort
 * errors, so `fetch(url, { signal })` and Node's `timers/promises` reject with it and code that checks
 * `error.name === 'AbortError'` takes it for a cancellation. `reason` says why the call stopped.
 *
 * @example
 * ```ts
 * import { tool, ToolAbortError } from '@switchboard/core';
 * import { z } from 'zod';
 *
 * const lookupInvoice = tool({
 *   name: 'lookup_invoice',
 *   description: 'Look up an invoice by its id.',
 *   parameters: z.object({ invoiceId: z.string() }),
 *   execute: async ({ invoiceId }, { signal }) => {
 *     try {
 *       return await fetch(`https://billing.example.com/invoices/${invoiceId}`, { signal }).then((r) => r.json());
 *     } catch (error) {
 *       if (error instanceof ToolAbortError) console.info('stopped:', error.reason); // e.g. 'interrupted'
 *       throw error;
 *     }
 *   },
 * });
 * ```
 */
export class ToolAbortError extends Error {
  override readonly name = 'AbortError';
  /** The code of Node's own `AbortError`. */
  readonly code = 'ABORT_ERR';
  constructor(
    /** Why the call stopped. */
    readonly reason: ToolAbortReason,
  ) {
    super(
      `the tool call was aborted because ${reason === 'timeout' ? 'its time ran out' : CANCEL_TEXT[reason]}`,
    );
  }
}

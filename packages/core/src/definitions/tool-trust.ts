/**
 * Whose word a tool (or a handoff) needs before it runs.
 *
 * - `'any'` (the default): it runs whichever way the model's events reach the server.
 * - `'model-only'`: it runs only where the server reads the model's own event stream
 *   (`transport.modelEvents === 'direct'`: a server WebSocket, a sideband or SIP control socket).
 *   Over a transport whose model events a browser relays (`'relayed'`, the relay mode of
 *   `@switchboard/transport-webrtc-relay`), a call to it is refused: the browser could have forged it.
 *
 * Mark every tool that moves money, changes an account or reveals another customer's data, and every
 * handoff whose agent has such tools.
 *
 * @example
 * ```ts
 * import { type ToolTrust, tool } from '@switchboard/core';
 * import { z } from 'zod';
 *
 * const trust: ToolTrust = 'model-only';
 * const issueRefund = tool({
 *   name: 'issue_refund',
 *   description: 'Refund an invoice.',
 *   parameters: z.object({ invoiceId: z.string() }),
 *   trust,
 *   execute: ({ invoiceId }) => ({ refunded: invoiceId }),
 * });
 * ```
 */
export type ToolTrust = 'any' | 'model-only';

/** What the `trust` option accepts, in words (for configuration errors). */
export const TRUST_EXPECTED = "'any' or 'model-only'";

/** True when `value` is a {@link ToolTrust}. */
export function isToolTrust(value: unknown): value is ToolTrust {
  return value === 'any' || value === 'model-only';
}

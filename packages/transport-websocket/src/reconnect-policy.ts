import { type CloseReason, TransportConfigError } from '@switchboard/core';
import { DEFAULT_STABLE_AFTER_MS, type ReconnectOptions } from './options.js';

/** Whether a reconnect may follow a close with this reason (never after `client` or `auth_failed`). */
export function isRetryable(reason: CloseReason): boolean {
  return reason.kind !== 'client' && reason.kind !== 'auth_failed';
}

/**
 * Delay before reconnect attempt `attempt` (1-based): `backoffMs × 2^(attempt − 1)`, capped.
 */
export function backoffDelay(attempt: number, backoffMs: number, maxMs: number): number {
  return Math.min(maxMs, backoffMs * 2 ** Math.max(0, attempt - 1));
}

/**
 * Validates the `reconnect` option; absent means no retries.
 */
export function reconnectPolicy(options: ReconnectOptions | undefined): Required<ReconnectOptions> {
  const policy = {
    retries: options?.retries ?? 0,
    backoffMs: options?.backoffMs ?? 0,
    stableAfterMs: options?.stableAfterMs ?? DEFAULT_STABLE_AFTER_MS,
  };
  if (!Number.isInteger(policy.retries) || policy.retries < 0) {
    throw new TransportConfigError(
      'websocket',
      'reconnect.retries',
      `expected a whole number ≥ 0, got ${policy.retries}`,
    );
  }
  if (!Number.isFinite(policy.backoffMs) || policy.backoffMs < 0) {
    throw new TransportConfigError(
      'websocket',
      'reconnect.backoffMs',
      `expected a number ≥ 0, got ${policy.backoffMs}`,
    );
  }
  positiveMs('reconnect.stableAfterMs', policy.stableAfterMs);
  return policy;
}

/** Throws a `TransportConfigError` unless `value` is a positive, finite number of ms. */
export function positiveMs(field: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new TransportConfigError('websocket', field, `expected a number of milliseconds > 0, got ${value}`);
  }
  return value;
}

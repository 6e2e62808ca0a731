import { describe, expect, it } from 'vitest';
import {
  closeReasonFromClose,
  closeReasonFromErrorEvent,
  closeReasonFromRejection,
} from '../src/close-reason.js';
import { backoffDelay, isRetryable } from '../src/reconnect-policy.js';

describe('closeReasonFromErrorEvent', () => {
  it('reads session expiry and refused keys, ignores other errors', () => {
    const error = (code: string, message = 'm') => ({
      type: 'error',
      error: { type: 'invalid_request_error', code, message },
    });
    expect(
      closeReasonFromErrorEvent(
        error('session_expired', 'Your session hit the maximum duration of 60 minutes.'),
      ),
    ).toEqual({
      kind: 'session_expired',
      message: 'Your session hit the maximum duration of 60 minutes.',
    });
    expect(closeReasonFromErrorEvent(error('invalid_api_key', 'Incorrect API key'))).toEqual({
      kind: 'auth_failed',
      message: 'Incorrect API key',
    });
    expect(closeReasonFromErrorEvent(error('conversation_already_has_active_response'))).toBeUndefined();
    expect(closeReasonFromErrorEvent({ type: 'session.created' })).toBeUndefined();
    expect(closeReasonFromErrorEvent('garbage')).toBeUndefined();
  });
});

describe('closeReasonFromClose', () => {
  it('prefers a reason announced by an error event', () => {
    const announced = { kind: 'session_expired', message: 'hit the maximum duration' } as const;
    expect(closeReasonFromClose(1000, '', { announced })).toBe(announced);
  });

  it('reads <type>.<code> close reasons', () => {
    expect(closeReasonFromClose(3000, 'invalid_request_error.invalid_api_key', {})).toEqual({
      kind: 'auth_failed',
      message: 'invalid_request_error.invalid_api_key',
    });
    expect(closeReasonFromClose(3000, 'invalid_request_error.session_expired', {})).toEqual({
      kind: 'session_expired',
      message: 'invalid_request_error.session_expired',
    });
  });

  it('maps 1006 to a network error and other codes to server_closed', () => {
    expect(closeReasonFromClose(1006, '', { lastError: 'read ECONNRESET' })).toEqual({
      kind: 'network_error',
      message: 'read ECONNRESET',
    });
    expect(closeReasonFromClose(1006, '', {})).toMatchObject({ kind: 'network_error' });
    expect(closeReasonFromClose(1011, 'boom', {})).toEqual({
      kind: 'server_closed',
      code: 1011,
      reason: 'boom',
    });
  });
});

describe('closeReasonFromRejection', () => {
  it('turns 401/403 into auth_failed with the OpenAI error message', () => {
    const body = JSON.stringify({
      error: { message: 'Incorrect API key provided: sk-xx.', code: 'invalid_api_key' },
    });
    expect(closeReasonFromRejection(401, body, 'Unauthorized')).toEqual({
      kind: 'auth_failed',
      status: 401,
      message: 'Incorrect API key provided: sk-xx.',
    });
    expect(closeReasonFromRejection(403, '', 'Forbidden')).toEqual({
      kind: 'auth_failed',
      status: 403,
      message: 'HTTP 403 Forbidden',
    });
    expect(closeReasonFromRejection(403, 'plain text body')).toMatchObject({ message: 'plain text body' });
  });

  it('treats other statuses as network errors', () => {
    expect(closeReasonFromRejection(503, '', 'Service Unavailable')).toEqual({
      kind: 'network_error',
      message: 'upgrade refused with HTTP 503: HTTP 503 Service Unavailable',
    });
  });

  it('truncates long bodies', () => {
    const reason = closeReasonFromRejection(401, 'x'.repeat(5000));
    expect(reason.kind === 'auth_failed' && reason.message.length).toBeLessThan(310);
  });
});

describe('reconnect policy', () => {
  it('doubles the delay per attempt up to the cap', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, 100, 30_000))).toEqual([100, 200, 400, 800]);
    expect(backoffDelay(20, 100, 30_000)).toBe(30_000);
  });

  it('never retries a client close or an auth failure', () => {
    expect(isRetryable({ kind: 'client' })).toBe(false);
    expect(isRetryable({ kind: 'auth_failed', message: 'x' })).toBe(false);
    expect(isRetryable({ kind: 'network_error', message: 'x' })).toBe(true);
    expect(isRetryable({ kind: 'server_closed', code: 1011, reason: '' })).toBe(true);
    expect(isRetryable({ kind: 'session_expired', message: 'x' })).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import * as browser from '../src/browser/index.js';
import * as relay from '../src/index.js';
import { RealtimeHttpError, RelayRejectedError, RelayViolationError } from '../src/index.js';

const CASES: ReadonlyArray<readonly [Error, string, string, RegExp]> = [
  [
    new RelayRejectedError('origin', 403, 'https://evil.example', 'origin not allowed'),
    'RelayRejectedError',
    'relay_rejected',
    /^origin not allowed$/,
  ],
  [
    new RelayViolationError('too_large', 'a message of 2 MB', 'app'),
    'RelayViolationError',
    'relay_violation',
    /^browser message refused \(too_large\): a message of 2 MB$/,
  ],
  [
    new RealtimeHttpError('create call', 401, 'bad key'),
    'RealtimeHttpError',
    'realtime_http_failed',
    /^create call failed \(HTTP 401\): bad key$/,
  ],
  [
    new browser.RealtimeCallError('microphone_denied', 'the microphone was refused'),
    'RealtimeCallError',
    'microphone_denied',
    /^the microphone was refused$/,
  ],
];

describe('errors', () => {
  it.each(CASES.map(([error, name, code, message]) => ({ error, name, code, message })))(
    '$name: class, code $code, message',
    ({ error, name, code, message }) => {
      expect(error.name).toBe(name);
      expect((error as { code?: unknown }).code).toBe(code);
      expect(error.message).toMatch(message);
    },
  );

  it('every error class the package exports (both entries) is pinned above', () => {
    const pinned = new Set(CASES.map(([error]) => error.constructor));
    const missing = [...Object.entries(relay), ...Object.entries(browser)].filter(
      ([, value]) => typeof value === 'function' && value.prototype instanceof Error && !pinned.has(value),
    );
    expect(missing.map(([name]) => name)).toEqual([]);
  });
});

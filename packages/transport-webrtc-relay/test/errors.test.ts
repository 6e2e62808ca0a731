import { type ErrorPin, errorPinProblems } from '@switchboard/house';
import { describe, expect, it } from 'vitest';
import * as browser from '../src/browser/index.js';
import * as relay from '../src/index.js';
import { RealtimeHttpError, RelayRejectedError, RelayViolationError } from '../src/index.js';

const CASES: readonly ErrorPin[] = [
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
  it('every exported error has its class name, a stable code and a message that says what happened, and is pinned above', () => {
    expect(errorPinProblems([relay, browser], CASES)).toEqual([]);
  });
});

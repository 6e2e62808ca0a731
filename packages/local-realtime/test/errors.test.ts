import { type ErrorPin, errorPinProblems } from '@switchboard/house';
import { describe, expect, it } from 'vitest';
import * as local from '../src/index.js';
import {
  BrainError,
  ClientEventError,
  FaultConfigError,
  SynthesizerUnavailableError,
  WavFormatError,
} from '../src/index.js';
import * as transport from '../src/transport.js';
import { LocalTransportSetupError } from '../src/transport.js';

const CASES: readonly ErrorPin[] = [
  [
    new SynthesizerUnavailableError('espeak-ng'),
    'SynthesizerUnavailableError',
    'synthesizer_unavailable',
    /"espeak-ng" could not be run; install it or use 'auto'$/,
  ],
  [new WavFormatError('not RIFF'), 'WavFormatError', 'invalid_wav', /^not RIFF$/],
  [new BrainError('the chat endpoint answered 500', 'chat'), 'BrainError', 'brain_error', /answered 500$/],
  // The realtime API's own error codes: local-realtime answers clients as the API does.
  [
    new ClientEventError('response_cancel_not_active', 'Cancellation failed: no active response found'),
    'ClientEventError',
    'response_cancel_not_active',
    /^Cancellation failed/,
  ],
  [
    new FaultConfigError('delay.ms', 'a whole number of milliseconds, 0 or more', -1),
    'FaultConfigError',
    'invalid_fault',
    /^fault delay\.ms: expected a whole number of milliseconds, 0 or more, got -1$/,
  ],
  [
    new LocalTransportSetupError("import '@switchboard/transport-websocket' as well"),
    'LocalTransportSetupError',
    'websocket_transport_missing',
    /transport-websocket/,
  ],
];

describe('errors', () => {
  it('every exported error has its class name, a stable code and a message that says what happened, and is pinned above', () => {
    expect(errorPinProblems([local, transport], CASES)).toEqual([]);
  });
});

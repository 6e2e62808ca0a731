import { TransportConnectError } from '@switchboard/core';
import { type ErrorPin, errorPinProblems } from '@switchboard/house';
import { describe, expect, it } from 'vitest';
import * as websocket from '../src/index.js';
import {
  BinaryFrameError,
  HandshakeTimeoutError,
  MissingApiKeyError,
  ReconnectFailedError,
} from '../src/index.js';

const CASES: readonly ErrorPin[] = [
  [
    new MissingApiKeyError('OPENAI_API_KEY'),
    'MissingApiKeyError',
    'missing_api_key',
    /pass the apiKey option or set OPENAI_API_KEY$/,
  ],
  [new BinaryFrameError(3), 'BinaryFrameError', 'binary_frame', /realtime events are JSON text frames$/],
  [
    new HandshakeTimeoutError(5_000),
    'HandshakeTimeoutError',
    'handshake_timeout',
    /^could not connect: .*no event within 5000 ms of the socket opening \(expected session\.created\)/,
  ],
  [
    new ReconnectFailedError(3, { kind: 'network_error', message: 'ECONNREFUSED' }),
    'ReconnectFailedError',
    'reconnect_failed',
    /^gave up reconnecting after 3 attempts: /,
  ],
];

describe('errors', () => {
  it('every exported error has its class name, a stable code and a message that says what happened, and is pinned above', () => {
    expect(errorPinProblems([websocket], CASES)).toEqual([]);
  });

  it('a missing key is a TransportConnectError (auth_failed), as connect() rejects with it', () => {
    const error = new MissingApiKeyError('AZURE_OPENAI_API_KEY');
    expect(error).toBeInstanceOf(TransportConnectError);
    expect(error.reason.kind).toBe('auth_failed');
  });
});

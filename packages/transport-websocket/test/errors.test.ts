import { TransportConnectError } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import * as websocket from '../src/index.js';
import {
  BinaryFrameError,
  HandshakeTimeoutError,
  MissingApiKeyError,
  ReconnectFailedError,
} from '../src/index.js';

const CASES: ReadonlyArray<readonly [Error, string, string, RegExp]> = [
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
  it.each(CASES.map(([error, name, code, message]) => ({ error, name, code, message })))(
    '$name: class, code $code, message',
    ({ error, name, code, message }) => {
      expect(error.name).toBe(name);
      expect((error as { code?: unknown }).code).toBe(code);
      expect(error.message).toMatch(message);
    },
  );

  it('a missing key is a TransportConnectError (auth_failed), as connect() rejects with it', () => {
    const error = new MissingApiKeyError('AZURE_OPENAI_API_KEY');
    expect(error).toBeInstanceOf(TransportConnectError);
    expect(error.reason.kind).toBe('auth_failed');
  });

  it('every error class the package exports is pinned above', () => {
    const pinned = new Set(CASES.map(([error]) => error.constructor));
    const missing = Object.entries(websocket).filter(
      ([, value]) => typeof value === 'function' && value.prototype instanceof Error && !pinned.has(value),
    );
    expect(missing.map(([name]) => name)).toEqual([]);
  });
});

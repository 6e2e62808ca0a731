import { describe, expect, it } from 'vitest';
import * as local from '../src/index.js';
import { BrainError, ClientEventError, SynthesizerUnavailableError, WavFormatError } from '../src/index.js';
import * as transport from '../src/transport.js';
import { LocalTransportSetupError } from '../src/transport.js';

const CASES: ReadonlyArray<readonly [Error, string, string, RegExp]> = [
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
    new LocalTransportSetupError("import '@switchboard/transport-websocket' as well"),
    'LocalTransportSetupError',
    'websocket_transport_missing',
    /transport-websocket/,
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
    const missing = [...Object.entries(local), ...Object.entries(transport)].filter(
      ([, value]) => typeof value === 'function' && value.prototype instanceof Error && !pinned.has(value),
    );
    expect(missing.map(([name]) => name)).toEqual([]);
  });
});

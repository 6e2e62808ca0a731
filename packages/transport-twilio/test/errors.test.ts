import { describe, expect, it } from 'vitest';
import * as twilio from '../src/index.js';
import { TwilioProtocolError, TwilioStreamError } from '../src/index.js';

describe('errors', () => {
  it('TwilioProtocolError and TwilioStreamError: class, code, message', () => {
    expect(new TwilioProtocolError('a second start message', 'start')).toMatchObject({
      name: 'TwilioProtocolError',
      code: 'twilio_protocol',
      event: 'start',
      message: 'a second start message',
    });
    const cause = new Error('ECONNRESET');
    expect(new TwilioStreamError('socket_failed', 'the socket failed', { cause })).toMatchObject({
      name: 'TwilioStreamError',
      code: 'socket_failed',
      cause,
    });
  });

  it('every error class the package exports is pinned above', () => {
    const errors = Object.entries(twilio).filter(
      ([, value]) => typeof value === 'function' && value.prototype instanceof Error,
    );
    expect(errors.map(([name]) => name).sort()).toEqual(['TwilioProtocolError', 'TwilioStreamError']);
  });
});

import { describe, expect, it } from 'vitest';
import * as sip from '../src/index.js';
import { SipCallError } from '../src/index.js';

describe('errors', () => {
  it('SipCallError: class, code, the step and the call in the message', () => {
    const error = new SipCallError('refer', 'rtc_1', 'the call has ended');
    expect(error).toMatchObject({ name: 'SipCallError', code: 'sip_call_failed', operation: 'refer' });
    expect(error.message).toBe('SIP call rtc_1: refer failed: the call has ended');
  });

  it('every error class the package exports is pinned above', () => {
    const errors = Object.entries(sip).filter(
      ([, value]) => typeof value === 'function' && value.prototype instanceof Error,
    );
    expect(errors.map(([name]) => name)).toEqual(['SipCallError']);
  });
});

import { type ErrorPin, errorPinProblems } from '@switchboard/house';
import { describe, expect, it } from 'vitest';
import * as cluster from '../src/index.js';
import {
  CallLostError,
  ClusterError,
  ClusterOptionError,
  ContextTooLargeError,
  DispatchError,
  InvalidAttachError,
  InvalidContextError,
  UnknownSwarmError,
} from '../src/index.js';
import * as testing from '../src/testing/index.js';

/** One of each error class a user can catch: its name, its stable code, and the shape of its message. */
const CASES: readonly ErrorPin[] = [
  [
    new UnknownSwarmError('sales', ['support', 'billing']),
    'UnknownSwarmError',
    'unknown_swarm',
    /^unknown swarm "sales": the cluster registers "support", "billing"$/,
  ],
  [
    new InvalidContextError('support', [{ path: 'customerId', message: 'expected string, received number' }]),
    'InvalidContextError',
    'invalid_context',
    /^invalid context for swarm "support": customerId: expected string, received number$/,
  ],
  [
    new ContextTooLargeError('support', 70_000, 65_536),
    'ContextTooLargeError',
    'context_too_large',
    /^the context for swarm "support" is 70000 bytes of JSON; the cluster accepts at most 65536 \(maxContextBytes\)$/,
  ],
  [
    new InvalidAttachError({ type: 'sip' }),
    'InvalidAttachError',
    'invalid_attach',
    /^invalid attach \{"type":"sip"\}: expected \{ type: 'websocket' \}, .* with a non-empty callId$/,
  ],
  [
    new ClusterOptionError('capacity', 0, 'a whole number of calls, at least 1'),
    'ClusterOptionError',
    'invalid_option',
    /^invalid option "capacity": expected a whole number of calls, at least 1, got 0$/,
  ],
  [
    new DispatchError('support', new Error('connect ECONNREFUSED 127.0.0.1:6379')),
    'DispatchError',
    'dispatch_failed',
    /^the call to swarm "support" was not queued: connect ECONNREFUSED 127\.0\.0\.1:6379$/,
  ],
  [
    new CallLostError('call-1', 'worker-a'),
    'CallLostError',
    'call_lost',
    /^worker worker-a lost call call-1: another worker holds it now$/,
  ],
];

describe('errors', () => {
  it('every exported error has its class name, a stable code and a message that says what happened, and is pinned above', () => {
    expect(errorPinProblems([cluster, testing], CASES, [ClusterError])).toEqual([]);
  });

  it('every cluster error is a ClusterError', () => {
    for (const [error] of CASES) expect(error).toBeInstanceOf(ClusterError);
  });
});

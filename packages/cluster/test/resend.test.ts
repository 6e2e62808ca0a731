import '@switchboard/transport-websocket';
import { type LocalRealtimeServer, startLocalRealtime } from '@switchboard/local-realtime';
import { Redis } from 'ioredis';
import { filter, firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CallEvent,
  CallLostError,
  type Cluster,
  clusterKeys,
  createCluster,
  startWorker,
  type Worker,
} from '../src/index.js';
import { startRedisServer, type TestRedisServer } from '../src/testing/index.js';
import { playCaller } from './fixtures/caller.js';
import { type ReplyLosingProxy, startReplyLosingProxy } from './fixtures/reply-losing-proxy.js';
import { CALLER_SCRIPT, testBrain, testSwarms } from './fixtures/swarms.js';

// ioredis sends a command again when the connection dropped before its reply came back
// (autoResendUnfulfilledCommands), though Redis may have run it. The worker's scripts must answer
// that second run as they answered the first. The worker reaches Redis through a proxy that lets
// Redis run one command and loses its reply with the connection.

const keys = clusterKeys();
let redis: TestRedisServer;
let proxy: ReplyLosingProxy;
let model: LocalRealtimeServer;
let cluster: Cluster;
let worker: Worker;
let client: Redis;
const errors: Error[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  proxy = await startReplyLosingProxy(redis.port);
  model = await startLocalRealtime({ brain: testBrain, audio: { pace: 'fast', voice: 'tone' } });
  cluster = await createCluster({ redis: redis.url, swarms: testSwarms });
  client = new Redis(redis.url);
  worker = await startWorker({
    redis: `redis://127.0.0.1:${proxy.port}`,
    swarms: testSwarms,
    capacity: 4,
    // A call lost by mistake comes back to this worker soon (a second `assigned`), not after 10 s.
    leaseMs: 1_000,
    model: { websocket: { type: 'websocket', dialect: 'ga', url: model.url } },
    onError: (error) => errors.push(error),
  });
});
afterAll(async () => {
  await worker?.close();
  await cluster?.close();
  client?.disconnect();
  await model?.close();
  await proxy?.close();
  await redis?.stop();
});

/** Plays the caller's script, losing the reply to the first command that names `key(callId)` before `turn`. */
async function playLosing(callId: string, key: (callId: string) => string, turn: number) {
  const call = await cluster.dispatch({ swarm: 'support', context: { customerId: 'C-1' }, callId });
  let lost: Promise<void> | undefined;
  const transcript = await playCaller(call, {
    onTurn: (at) => {
      if (at === turn) lost = proxy.loseReplyTo(`${key(callId)}\r\n`);
    },
  });
  await lost;
  return transcript;
}

const lostCalls = () => errors.filter((error) => error instanceof CallLostError);

describe('a script ioredis sends again', () => {
  it('a tool claim run twice is still this worker’s claim: the tool runs once, not "interrupted"', async () => {
    const { answers, events } = await playLosing('resent-claim', keys.tools, 2);
    expect(answers).toEqual(CALLER_SCRIPT.map((line) => expect.stringMatching(line.answer)));
    const charge = events.filter(
      (event): event is Extract<CallEvent, { type: 'tool' }> =>
        event.type === 'tool' && event.name === 'charge_card',
    );
    expect(charge).toEqual([expect.objectContaining({ outcome: 'success', replayed: false })]);
    expect(charge[0]?.output).toBe('{"charged":500}');
    // The charge's side effect, counted under its idempotency key: once.
    const counters = await client.keys(`${keys.shared('charges:resent-claim:')}*`);
    expect(await Promise.all(counters.map((key) => client.hget(key, 'd')))).toEqual(['1']);
    expect(lostCalls()).toEqual([]);
  });

  it('a snapshot write run twice counts as written: the call stays on its worker, no failover', async () => {
    const before = worker.metrics;
    const { answers, events } = await playLosing('resent-write', keys.state, 1);
    expect(answers).toEqual(CALLER_SCRIPT.map((line) => expect.stringMatching(line.answer)));
    expect(events.filter((event) => event.type === 'assigned')).toHaveLength(1);
    expect(lostCalls()).toEqual([]);
    expect(worker.metrics).toMatchObject({ lost: before.lost, resumed: before.resumed });
  });

  it('a finish run twice counts as finished: the call ends without a lost-call error', async () => {
    // The worker names a call's in-ids key only when it finishes the call.
    const { answers, events } = await playLosing('resent-finish', keys.inputIds, 3);
    expect(answers).toEqual(CALLER_SCRIPT.map((line) => expect.stringMatching(line.answer)));
    expect(events.at(-1)).toMatchObject({ type: 'ended', reason: 'hangup' });
    // The call leaves the worker once its finish has had its answer (the resent one).
    await firstValueFrom(worker.metrics$.pipe(filter((metrics) => metrics.active === 0)));
    expect(lostCalls()).toEqual([]);
    expect(await client.xlen(keys.calls)).toBe(0);
  });

  it('a handover run twice counts as handed over: the next worker resumes the call, no lost-call error', async () => {
    const call = await cluster.dispatch({
      swarm: 'support',
      context: { customerId: 'C-1' },
      callId: 'resent-handover',
    });
    let next: Worker | undefined;
    let lost: Promise<void> | undefined;
    const transcript = await playCaller(call, {
      onTurn: async (turn) => {
        if (turn !== 2) return;
        // Only a handover sends the call's record (its JSON holds the call id) from the worker.
        lost = proxy.loseReplyTo('"id":"resent-handover"');
        expect(await worker.drain({ timeoutMs: 0 })).toEqual({ completed: 0, handedOver: 1 });
        next = await startWorker({
          redis: redis.url,
          swarms: testSwarms,
          capacity: 4,
          model: { websocket: { type: 'websocket', dialect: 'ga', url: model.url } },
          onError: (error) => errors.push(error),
        });
      },
    });
    await lost;
    await next?.close();
    expect(transcript.answers).toEqual(CALLER_SCRIPT.map((line) => expect.stringMatching(line.answer)));
    const assigned = transcript.events.filter((event) => event.type === 'assigned');
    expect(assigned).toEqual([
      expect.objectContaining({ worker: worker.id, resumed: false }),
      expect.objectContaining({ worker: next?.id, resumed: true }),
    ]);
    expect(lostCalls()).toEqual([]);
  });
});

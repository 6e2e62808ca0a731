import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CallEvent, type CallSnapshot, clusterKeys, clusterSipCalls } from '../src/index.js';
import { startTestCluster, type TestCluster } from './fixtures/cluster-setup.js';
import { CALLER_SCRIPT } from './fixtures/swarms.js';

const SECRET = 'whsec_c2lwLWNsdXN0ZXItdGVzdA==';
const keys = clusterKeys();
let test: TestCluster;
let webhook: Server;
let webhookUrl: string;

beforeAll(async () => {
  test = await startTestCluster();
  const client = new OpenAI({
    apiKey: 'sk-local',
    baseURL: test.model.httpUrl,
    webhookSecret: SECRET,
    maxRetries: 0,
  });
  const calls = clusterSipCalls({
    cluster: test.cluster,
    client,
    route: (call) => ({ swarm: 'support', context: { customerId: call.from ?? 'unknown' } }),
  });
  webhook = createServer(calls.listener);
  await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
  webhookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/webhook`;
}, 30_000);
afterAll(async () => {
  await new Promise((resolve) => webhook?.close(resolve));
  await test?.close();
});

describe('a phone call (SIP) survives the worker attached to it', () => {
  it('is accepted by the webhook, run by a worker, and re-attached by call_id on another after a SIGKILL', async () => {
    await Promise.all(['w1', 'w2'].map((id) => test.fork(id, { capacity: 2 })));
    const placed = await test.model.placeCall({
      webhookUrl,
      secret: SECRET,
      from: '+15550123',
      audio: CALLER_SCRIPT.map((line) => line.say),
    });
    const answers: string[] = [];
    const events: CallEvent[] = [];
    let killed: string | undefined;
    for await (const event of test.cluster.call(placed.callId).events()) {
      events.push(event);
      if (event.type === 'response' && event.toolCalls === 0 && event.text) answers.push(event.text);
      // After billing answered, the caller's worker dies; the caller goes on talking.
      if (event.type === 'response' && event.text === 'Billing here.' && !killed) {
        const snapshot = JSON.parse(
          (await test.client.hget(keys.state(placed.callId), 'd')) as string,
        ) as CallSnapshot;
        killed = snapshot.owner;
        await test.workers.find((worker) => worker.id === killed)?.kill();
      }
    }
    const record = await placed.ended;
    expect(record).toMatchObject({ status: 'ended', endedBy: 'caller' });
    expect(answers).toEqual(CALLER_SCRIPT.map((line) => expect.stringMatching(line.answer)));
    const assigned = events.filter((event) => event.type === 'assigned');
    expect(assigned).toEqual([
      expect.objectContaining({ worker: killed, resumed: false, epoch: 1 }),
      expect.objectContaining({ resumed: true, epoch: 2 }),
    ]);
    expect((assigned[1] as { worker: string }).worker).not.toBe(killed);
    expect(events.at(-1)).toMatchObject({ type: 'ended', reason: 'remote' });
    // The accept carried the start agent's config; the new owner re-asserted Billing's on attach.
    expect(record.acceptedWith).toMatchObject({ instructions: 'You route callers.' });
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type CallSnapshot, clusterKeys } from '../src/index.js';
import { playCaller } from './fixtures/caller.js';
import { startTestCluster, type TestCluster } from './fixtures/cluster-setup.js';
import { eventually } from './fixtures/eventually.js';
import { CALLER_SCRIPT } from './fixtures/swarms.js';
import { peakActive } from './fixtures/workers.js';

const keys = clusterKeys();
let test: TestCluster;
beforeAll(async () => {
  test = await startTestCluster();
}, 30_000);
afterEach(async () => {
  await test.reset();
});
afterAll(async () => {
  await test?.close();
});

const dispatch = (n: number, prefix: string) =>
  Promise.all(
    Array.from({ length: n }, (_, i) =>
      test.cluster.dispatch({
        swarm: 'support',
        context: { customerId: `C-${i}` },
        callId: `${prefix}-${i}`,
      }),
    ),
  );

function expectScriptDone(transcript: { answers: string[] }) {
  expect(transcript.answers).toEqual(CALLER_SCRIPT.map((line) => expect.stringMatching(line.answer)));
}

/** The charges counters of the shared store: idempotency key → how many times the side effect ran. */
async function charges(): Promise<Record<string, number>> {
  const found: Record<string, number> = {};
  for (const key of await test.client.keys(`${keys.shared('charges:')}*`)) {
    const value = await test.client.hget(key, 'd');
    found[key.slice(keys.shared('charges:').length)] = Number(value);
  }
  return found;
}

async function ownerOf(callId: string): Promise<string | undefined> {
  const json = await test.client.hget(keys.state(callId), 'd');
  return json ? (JSON.parse(json) as CallSnapshot).owner : undefined;
}

describe('calls spread over worker processes', () => {
  it('runs every call to the end of its conversation on three workers, none above its capacity', async () => {
    const workers = await Promise.all(['w1', 'w2', 'w3'].map((id) => test.fork(id, { capacity: 2 })));
    const calls = await dispatch(9, 'spread');
    const transcripts = await Promise.all(calls.map((call) => playCaller(call, { pauseMs: 50 })));
    transcripts.forEach(expectScriptDone);
    const completed = () => workers.reduce((sum, worker) => sum + (worker.metrics.at(-1)?.completed ?? 0), 0);
    expect(await eventually(completed, (count) => count === 9)).toBe(9);
    for (const worker of workers) {
      expect(peakActive(worker), worker.id).toBeLessThanOrEqual(2);
      expect(worker.metrics.at(-1)?.completed, worker.id).toBeGreaterThan(0);
    }
    // Every charge ran once.
    expect(Object.values(await charges())).toEqual(Array(9).fill(1));
    const status = await eventually(test.cluster.status, (now) => now.running === 0);
    expect(status).toMatchObject({ running: 0, waiting: 0, orphaned: 0 });
    expect(status.workers.map((worker) => worker.id)).toEqual(['w1', 'w2', 'w3']);
  });

  it('keeps calls waiting in the stream while every worker is full (the lag), then runs them', async () => {
    await test.fork('w1', { capacity: 1 });
    const calls = await dispatch(3, 'full');
    const playing = calls.map((call) => playCaller(call, { pauseMs: 200 }));
    let waiting = 0;
    for (let i = 0; i < 40 && waiting === 0; i += 1) {
      waiting = (await test.cluster.status()).waiting;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(waiting).toBeGreaterThan(0);
    (await Promise.all(playing)).forEach(expectScriptDone);
    expect(peakActive(test.workers[0] as never)).toBe(1);
  });
});

describe('a call survives the worker that ran it', () => {
  it('SIGKILL mid-tool and mid-call: every conversation completes, no side effect ran twice', async () => {
    await Promise.all(['w1', 'w2', 'w3'].map((id) => test.fork(id, { capacity: 4 })));
    const calls = await dispatch(4, 'kill');
    const recoveries: number[] = [];
    /**
     * Kills the live worker that owns the call (when its owner died already, once another worker has
     * resumed it) and waits for a third one to resume it: the recovery time.
     */
    const killOwner = async (callId: string) => {
      const liveOwner = async () => {
        const owner = await ownerOf(callId);
        return test.workers.find((worker) => worker.id === owner && worker.child.signalCode === null);
      };
      const worker = await eventually(liveOwner, (found) => found !== undefined, 20_000);
      if (!worker) throw new Error(`${callId}: no live worker took the call`);
      const killedAt = Date.now();
      await worker.kill();
      for await (const event of test.cluster.call(callId).events()) {
        // Stream ids start with the time they were written: only a resumption after this kill counts.
        const writtenAt = Number(event.id.split('-')[0]);
        if (
          event.type === 'assigned' &&
          event.resumed &&
          event.worker !== worker.id &&
          writtenAt >= killedAt
        ) {
          recoveries.push(Date.now() - killedAt);
          return;
        }
      }
    };
    // Mid-tool: once call 0's charge_card has done its side effect (and sleeps), kill its worker.
    const killedMidTool = (async () => {
      const started = `${keys.shared('charges:')}kill-0:*`;
      for (let i = 0; i < 1000 && (await test.client.keys(started)).length === 0; i += 1)
        await new Promise((resolve) => setTimeout(resolve, 10));
      await killOwner('kill-0');
    })();
    // Mid-call: call 1, between two turns (its caller waits meanwhile), once the first kill is done, on a
    // worker still alive.
    const killMidCall = async (turn: number) => {
      if (turn !== 2) return;
      await killedMidTool;
      await killOwner('kill-1');
    };
    const transcripts = await Promise.all([
      playCaller(calls[0] as never, { pauseMs: 50 }),
      playCaller(calls[1] as never, { pauseMs: 300, onTurn: killMidCall }),
      ...calls.slice(2).map((call) => playCaller(call, { pauseMs: 300 })),
    ]);
    await killedMidTool;
    transcripts.forEach(expectScriptDone);
    expect(recoveries).toHaveLength(2);
    console.log(`failover: ${recoveries.map((ms) => `${ms} ms`).join(', ')} (lease 1500 ms)`);
    const counts = await charges();
    expect(Object.keys(counts)).toHaveLength(4);
    for (const [key, count] of Object.entries(counts)) expect(count, key).toBe(1);
    // The killed tool's call was settled as interrupted (not run again) by its next owner.
    const interrupted = transcripts[0]?.events.find(
      (event) => event.type === 'tool' && event.name === 'charge_card',
    );
    expect(interrupted).toMatchObject({ outcome: 'interrupted', replayed: true });
  });
});

describe('operations under load', () => {
  it('drain hands running calls over: they finish on the other worker, and new calls go there', async () => {
    const [first, second] = await Promise.all(['w1', 'w2'].map((id) => test.fork(id, { capacity: 4 })));
    if (!first || !second) throw new Error('no workers');
    const calls = await dispatch(4, 'drain');
    const playing = calls.map((call) => playCaller(call, { pauseMs: 250 }));
    // Once the first calls are running, drain the worker holding call 0.
    for (let i = 0; i < 200 && !(await ownerOf('drain-0')); i += 1)
      await new Promise((r) => setTimeout(r, 10));
    const owner = (await ownerOf('drain-0')) === 'w1' ? first : second;
    const other = owner === first ? second : first;
    const drained = await owner.drain(0);
    expect(drained.handedOver).toBeGreaterThan(0);
    const late = await dispatch(2, 'after-drain');
    const transcripts = await Promise.all([...playing, ...late.map((call) => playCaller(call))]);
    transcripts.forEach(expectScriptDone);
    for (const call of late) expect(await ownerOf(call.id)).toBe(other.id);
    const resumed = () => other.metrics.at(-1)?.resumed;
    expect(await eventually(resumed, (count) => count === drained.handedOver)).toBe(drained.handedOver);
    // A handover waits for a quiet point: no tool (a handoff included) was cut off by it.
    const tools = transcripts.flatMap((transcript) =>
      transcript.events.filter((event) => event.type === 'tool'),
    );
    expect(tools.filter((event) => event.outcome !== 'success')).toEqual([]);
    expect(Object.values(await charges())).toEqual(Array(6).fill(1));
    expect((await test.cluster.status()).workers.map((worker) => worker.id)).toEqual([other.id]);
  });

  it('drain lets a running tool finish on the draining worker before it hands the call over', async () => {
    const [first, second] = await Promise.all(['w1', 'w2'].map((id) => test.fork(id, { capacity: 2 })));
    if (!first || !second) throw new Error('no workers');
    const [call] = await dispatch(1, 'drain-tool');
    if (!call) throw new Error('no call');
    const playing = playCaller(call, { pauseMs: 50 });
    // charge_card has done its side effect and sleeps: drain its worker now.
    const started = `${keys.shared('charges:')}drain-tool-0:*`;
    for (let i = 0; i < 1000 && (await test.client.keys(started)).length === 0; i += 1)
      await new Promise((resolve) => setTimeout(resolve, 10));
    const owner = (await ownerOf('drain-tool-0')) === 'w1' ? first : second;
    expect(await owner.drain(0)).toEqual({ completed: 0, handedOver: 1 });
    const transcript = await playing;
    expectScriptDone(transcript);
    const charge = transcript.events.find((event) => event.type === 'tool' && event.name === 'charge_card');
    expect(charge).toMatchObject({ outcome: 'success', replayed: false, output: '{"charged":500}' });
    const assigned = transcript.events.filter((event) => event.type === 'assigned');
    expect(assigned.map((event) => event.worker)).toEqual([owner.id, owner === first ? 'w2' : 'w1']);
    expect(Object.values(await charges())).toEqual([1]);
  });

  it('rides out a Redis restart: workers reconnect and no call is lost', async () => {
    await Promise.all(['w1', 'w2'].map((id) => test.fork(id, { capacity: 4, leaseMs: 3000 })));
    const calls = await dispatch(4, 'restart');
    let restarted = false;
    const transcripts = await Promise.all(
      calls.map((call, index) =>
        playCaller(call, {
          pauseMs: 400,
          onTurn: async (turn) => {
            if (index !== 0 || turn !== 2) return;
            await test.redis.restart({ downMs: 300 });
            restarted = true;
          },
        }),
      ),
    );
    expect(restarted).toBe(true);
    transcripts.forEach(expectScriptDone);
    // A restart shorter than the lease fails nothing over; on a starved machine a worker may not renew in
    // time and its calls move. Either way no charge ran twice, and every charge the caller was told
    // succeeded (not replayed from the journal) ran exactly once.
    const counts = await charges();
    for (const [index, transcript] of transcripts.entries()) {
      const ran = Object.entries(counts).filter(([key]) => key.startsWith(`restart-${index}:`));
      expect(
        ran.every(([, count]) => count === 1),
        `restart-${index}`,
      ).toBe(true);
      const charged = transcript.events.some(
        (event) =>
          event.type === 'tool' &&
          event.name === 'charge_card' &&
          event.outcome === 'success' &&
          !event.replayed,
      );
      if (charged) expect(ran, `restart-${index}`).toHaveLength(1);
    }
    expect(await eventually(test.cluster.status, (now) => now.running === 0)).toMatchObject({
      running: 0,
      waiting: 0,
    });
  });
});

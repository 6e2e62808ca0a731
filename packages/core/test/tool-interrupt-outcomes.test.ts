import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  defineAgent,
  type InterruptPolicy,
  memoryStore,
  RealtimeSession,
  type ServerEvent,
  type ToolCallEvent,
  type ToolOutcomeStore,
  tool,
  toolOutcomesIn,
  type VersionedStore,
} from '../src/index.js';
import { createScriptedTransport, createServerScript } from '../src/testing/index.js';
import { deferred, tick } from './fixtures.js';

// Issue 16's onInterrupt meets issue 14's outcome store (a tool runs at most once per call_id, even
// when another process takes the conversation over): a 'finish' tool that went on through an
// interruption records its real outcome, and a 'cancel' tool that was aborted is recorded as
// cancelled; a later owner sends what was recorded and runs neither again.

const REFUND_OUTPUT = '{"refunded":"INV-1"}';
const CANCELLED = 'Error: the call to "refund_invoice" was cancelled because the user interrupted.';

async function refundSession(onInterrupt: InterruptPolicy, toolOutcomes: ToolOutcomeStore) {
  const release = deferred();
  const runs: string[] = [];
  const refund = tool({
    name: 'refund_invoice',
    description: 'Refunds an invoice',
    parameters: z.object({ invoiceId: z.string() }),
    onInterrupt,
    execute: async ({ invoiceId }, ctx) => {
      runs.push(ctx.idempotencyKey);
      await release.promise;
      return { refunded: invoiceId };
    },
  });
  const agent = defineAgent({ name: 'Billing', instructions: 'Refunds.', tools: [refund] });
  const server = createScriptedTransport();
  const session = new RealtimeSession({ agent, context: {}, transport: server.transport, toolOutcomes });
  const events: ToolCallEvent[] = [];
  session.toolCalls$.subscribe((event) => events.push(event));
  await session.connect();
  const outputs = () =>
    server.sent.flatMap((event) =>
      event.type === 'conversation.item.create' && event.item.type === 'function_call_output'
        ? [event.item.output]
        : [],
    );
  const toolEnd = () => events.find((event) => event.type === 'tool_end');
  return { session, server, runs, release: () => release.resolve(), outputs, toolEnd };
}

/** The model's call to `refund_invoice` (call id `call_r`): the events up to its `response.done`, and that. */
function refundCall(): { started: ServerEvent[]; cancelledEnd: ServerEvent[]; all: ServerEvent[] } {
  const { events } = createServerScript().functionCallResponse([
    { name: 'refund_invoice', arguments: { invoiceId: 'INV-1' }, callId: 'call_r' },
  ]);
  const doneAt = events.findIndex((event) => event.type === 'response.done');
  const cancelledEnd = events
    .slice(doneAt)
    .map((event) =>
      event.type === 'response.done'
        ? { ...event, response: { ...event.response, status: 'cancelled' } }
        : event,
    ) as ServerEvent[];
  return { started: events.slice(0, doneAt), cancelledEnd, all: events };
}

/** A later owner of the conversation replays the call: what it sends, and whether the tool ran. */
async function laterOwner(store: VersionedStore) {
  const next = await refundSession('finish', toolOutcomesIn(store));
  next.server.emit(...refundCall().all);
  await tick();
  return next;
}

describe('onInterrupt with a tool outcome store', () => {
  it("a 'finish' tool interrupted by a barge-in records its real outcome; a later owner sends it and does not run it", async () => {
    const store = memoryStore();
    const first = await refundSession('finish', toolOutcomesIn(store));
    const call = refundCall();
    first.server.emit(...call.started);
    await tick();
    first.session.interrupt();
    first.server.emit(...call.cancelledEnd);
    await tick();
    expect(await store.get('tool:call_r')).toMatchObject({ value: { state: 'started' } });
    first.release();
    await tick();
    expect(first.outputs()).toEqual([REFUND_OUTPUT]);
    expect(first.toolEnd()).toMatchObject({ outcome: 'success', interruptedBy: 'interrupted' });
    expect(await store.get('tool:call_r')).toMatchObject({
      value: { state: 'done', outcome: { ok: true, output: REFUND_OUTPUT } },
    });

    const next = await laterOwner(store);
    expect(next.runs).toEqual([]);
    expect(next.outputs()).toEqual([REFUND_OUTPUT]);
    expect(next.toolEnd()).toMatchObject({ outcome: 'success', replayed: true });
  });

  it("a 'finish' tool that goes on past close() is in the store before close() resolves (the next owner may start then)", async () => {
    const store = memoryStore();
    const journal = toolOutcomesIn(store);
    const recording = deferred();
    // A store slow to record: close() must wait for the write, not only for the tool.
    const slow: ToolOutcomeStore = {
      claim: (call) => journal.claim(call),
      record: async (call, outcome) => {
        await recording.promise;
        await journal.record(call, outcome);
      },
    };
    const first = await refundSession('finish', slow);
    first.server.emit(...refundCall().started);
    await tick();
    let closed = false;
    const closing = first.session.close().then(() => {
      closed = true;
    });
    first.release();
    await tick();
    expect(first.toolEnd()).toBeUndefined();
    expect(closed).toBe(false);
    recording.resolve();
    await closing;
    expect(first.toolEnd()).toMatchObject({
      outcome: 'success',
      outputSent: false,
      interruptedBy: 'session_closed',
    });
    expect(await store.get('tool:call_r')).toMatchObject({
      value: { state: 'done', outcome: { ok: true, output: REFUND_OUTPUT } },
    });

    const next = await laterOwner(store);
    expect(next.runs).toEqual([]);
    expect(next.outputs()).toEqual([REFUND_OUTPUT]);
  });

  it("a 'cancel' tool interrupted is recorded as cancelled; a later owner sends that and does not run it", async () => {
    const store = memoryStore();
    const first = await refundSession('cancel', toolOutcomesIn(store));
    first.server.emit(...refundCall().started);
    await tick();
    first.session.interrupt();
    await tick();
    expect(first.outputs()).toEqual([CANCELLED]);
    expect(await store.get('tool:call_r')).toMatchObject({
      value: { state: 'done', outcome: { ok: false, code: 'cancelled', output: CANCELLED } },
    });
    // The aborted tool ending later changes nothing.
    first.release();
    await tick();
    expect(first.outputs()).toEqual([CANCELLED]);

    const next = await laterOwner(store);
    expect(next.runs).toEqual([]);
    expect(next.outputs()).toEqual([CANCELLED]);
    expect(next.toolEnd()).toMatchObject({ outcome: 'cancelled', replayed: true });
  });
});

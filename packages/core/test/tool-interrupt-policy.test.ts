import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineAgent, type InterruptPolicy, type ServerEvent, ToolConfigError, tool } from '../src/index.js';
import { deferred, startSession, tick } from './fixtures.js';

// Issue 16, point 2: a tool declares what an interruption does to it. A `finish` tool (a refund)
// runs to its end through a barge-in, a handoff or close(), and the model gets its real outcome;
// a `cancel` tool (the default) is aborted as before.

type Sent = { type: string; item?: { output?: string } };

const REFUND_OUTPUT = '{"refunded":"INV-1"}';

function refundAgent(onInterrupt: InterruptPolicy, options: { needsApproval?: boolean } = {}) {
  const release = deferred();
  let signal: AbortSignal | undefined;
  let ran = false;
  const billing = defineAgent({ name: 'Billing', instructions: 'Billing.' });
  const refund = tool({
    name: 'refund_invoice',
    description: 'Refunds an invoice',
    parameters: z.object({ invoiceId: z.string() }),
    onInterrupt,
    ...options,
    execute: async ({ invoiceId }, ctx) => {
      signal = ctx.signal;
      await release.promise;
      ran = true;
      return { refunded: invoiceId };
    },
  });
  const agent = defineAgent({ name: 'Triage', instructions: 'Route.', tools: [refund], handoffs: [billing] });
  return {
    agent,
    release: () => release.resolve(),
    signal: () => signal,
    ran: () => ran,
  };
}

/** A session whose model called `refund_invoice` in a response still in progress. */
async function refundRunning(onInterrupt: InterruptPolicy, options: { needsApproval?: boolean } = {}) {
  const refund = refundAgent(onInterrupt, options);
  const started = await startSession({ agent: refund.agent, context: {} });
  const { events } = started.script.functionCallResponse([
    { name: 'refund_invoice', arguments: { invoiceId: 'INV-1' } },
  ]);
  const doneAt = events.findIndex((event) => event.type === 'response.done');
  started.server.emit(...events.slice(0, doneAt));
  await tick();
  const outputs = () =>
    (started.sentAfter(1) as Sent[])
      .filter((event) => event.item?.output !== undefined)
      .map((e) => e.item?.output);
  return { ...started, ...refund, rest: events.slice(doneAt), outputs };
}

/** The rest of the response, ending `cancelled` (as the server ends a response the caller barged into). */
function endedCancelled(rest: readonly ServerEvent[]): ServerEvent[] {
  return rest.map((event) =>
    event.type === 'response.done'
      ? { ...event, response: { ...event.response, status: 'cancelled' } }
      : event,
  );
}

describe("onInterrupt: 'finish'", () => {
  it('a barge-in lets the refund finish and sends its real output, with no follow-up response', async () => {
    const { session, server, rest, release, signal, outputs, sentAfter, toolEvents } =
      await refundRunning('finish');
    session.interrupt();
    server.emit(...endedCancelled(rest));
    await tick();
    expect(signal()?.aborted).toBe(false);
    // No output says it did not run.
    expect(outputs()).toEqual([]);
    release();
    await tick();
    expect(outputs()).toEqual([REFUND_OUTPUT]);
    expect((sentAfter(1) as Sent[]).map((event) => event.type)).not.toContain('response.create');
    expect(toolEvents.at(-1)).toMatchObject({
      type: 'tool_end',
      outcome: 'success',
      output: REFUND_OUTPUT,
      outputSent: true,
      interruptedBy: 'interrupted',
    });
  });

  it('a response the server cancels (server VAD barge-in) lets the refund finish', async () => {
    const { server, rest, release, signal, outputs, toolEvents } = await refundRunning('finish');
    server.emit(...endedCancelled(rest));
    await tick();
    expect(signal()?.aborted).toBe(false);
    release();
    await tick();
    expect(outputs()).toEqual([REFUND_OUTPUT]);
    expect(toolEvents.at(-1)).toMatchObject({ outcome: 'success', interruptedBy: 'response_cancelled' });
  });

  it('a handoff switches the agent at once and the refund output follows when it ends', async () => {
    const { server, script, session, rest, release, sentAfter } = await refundRunning('finish');
    server.emit(...rest);
    server.emit(...script.functionCallResponse([{ name: 'transfer_to_billing' }]).events);
    await tick();
    expect(session.agent.name).toBe('Billing');
    release();
    await tick();
    const sent = (sentAfter(1) as Sent[]).map((event) => event.item?.output ?? event.type);
    expect(sent).toEqual([
      'session.update',
      '{"transferred_to":"Billing"}',
      'response.create',
      REFUND_OUTPUT,
    ]);
  });

  it('close() waits for the refund and reports its real outcome before the streams complete', async () => {
    const { session, release, toolEvents, ran } = await refundRunning('finish');
    let closed = false;
    const closing = session.close().then(() => {
      closed = true;
    });
    await tick();
    expect(closed).toBe(false);
    release();
    await closing;
    expect(ran()).toBe(true);
    expect(toolEvents.at(-1)).toMatchObject({
      type: 'tool_end',
      outcome: 'success',
      result: { refunded: 'INV-1' },
      outputSent: false,
      interruptedBy: 'session_closed',
    });
  });

  it('a call still waiting for approval is cancelled: nothing irreversible has started', async () => {
    const { session, outputs, ran, toolEvents } = await refundRunning('finish', { needsApproval: true });
    session.interrupt();
    await tick();
    expect(outputs()).toEqual([
      'Error: the call to "refund_invoice" was cancelled because the user interrupted.',
    ]);
    expect(ran()).toBe(false);
    expect(toolEvents.at(-1)).not.toHaveProperty('interruptedBy');
  });
});

describe("onInterrupt: 'cancel' (the default)", () => {
  it('a barge-in aborts the call and the model is told it was cancelled', async () => {
    const { session, signal, outputs } = await refundRunning('cancel');
    session.interrupt();
    await tick();
    expect(signal()?.reason).toMatchObject({ name: 'AbortError', reason: 'interrupted' });
    expect(outputs()).toEqual([
      'Error: the call to "refund_invoice" was cancelled because the user interrupted.',
    ]);
  });

  it('is what tool() sets when onInterrupt is not given, and anything else is refused', () => {
    const parameters = z.object({});
    expect(tool({ name: 'a', description: 'a', parameters, execute: () => 1 }).onInterrupt).toBe('cancel');
    const bad = { name: 'a', description: 'a', parameters, execute: () => 1, onInterrupt: 'later' };
    expect(() => tool(bad as never)).toThrow(ToolConfigError);
    expect(() => tool(bad as never)).toThrow(/onInterrupt/);
  });
});

import {
  type ConversationItem,
  defineAgent,
  type InterruptPolicy,
  type ToolEndEvent,
  tool,
} from '@switchboard/core';
import { filter, firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type BrainOutput, scriptedBrain } from '../src/index.js';
import { cleanUpCalls, startCall } from './helpers/local-session.js';

// Issue 16, point 2, end to end: the caller barges in (or the app hands off, or closes) while a
// refund runs. A refund that declares `onInterrupt: 'finish'` completes, and on the next turn the
// model (a scripted brain reading the conversation) sees that it happened; a `cancel` tool is
// aborted and the model is told so.

cleanUpCalls();

/** What the model reads about the refund: the output of its call, if the conversation has one. */
function refundOutput(items: readonly ConversationItem[]): string {
  const call = items.find((item) => item.type === 'function_call' && item.name === 'refund_invoice');
  const output = items.find(
    (item) =>
      item.type === 'function_call_output' && call?.type === 'function_call' && item.call_id === call.call_id,
  );
  return output?.type === 'function_call_output' ? output.output : 'nothing';
}

/** A message that streams until the response is cancelled: the model is still talking when the caller barges in. */
async function* talkUntilCancelled(signal: AbortSignal): AsyncIterable<string> {
  yield 'Let me process that refund for you';
  await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
}

async function refundCall(onInterrupt: InterruptPolicy) {
  const brain = scriptedBrain([
    {
      user: /refund/i,
      respond: ({ request }): BrainOutput[] => [
        { type: 'function_call', name: 'refund_invoice', arguments: { invoiceId: 'INV-1' } },
        { type: 'message', text: talkUntilCancelled(request.signal) },
      ],
    },
    { user: /go through/i, say: ({ request }) => `The refund tool said: ${refundOutput(request.items)}` },
  ]);
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let executed = 0;
  let running = () => {};
  const started = new Promise<void>((resolve) => {
    running = resolve;
  });
  const refund = tool({
    name: 'refund_invoice',
    description: 'Refunds an invoice (irreversible)',
    parameters: z.object({ invoiceId: z.string() }),
    onInterrupt,
    execute: async ({ invoiceId }) => {
      executed += 1;
      running();
      await released;
      return { refunded: invoiceId };
    },
  });
  const support = defineAgent({ name: 'Support', instructions: 'Help with anything.' });
  const agent = defineAgent({
    name: 'Billing',
    instructions: 'Refund on request.',
    tools: [refund],
    handoffs: [support],
  });
  const { session, errors } = await startCall(brain, agent);
  const ended = firstValueFrom(
    session.toolCalls$.pipe(filter((event): event is ToolEndEvent => event.type === 'tool_end')),
  );
  const turn = session.sendText('Please refund INV-1');
  await started;
  return { session, turn, release, ended, errors, executed: () => executed };
}

describe('a barge-in while a refund runs, against the local server', () => {
  it("onInterrupt: 'finish': the refund completes and the next turn's model reads its real output", async () => {
    const { session, turn, release, ended, errors, executed } = await refundCall('finish');
    session.interrupt();
    expect((await turn.done).status).toBe('interrupted');
    release();
    expect(await ended).toMatchObject({
      outcome: 'success',
      output: '{"refunded":"INV-1"}',
      outputSent: true,
      interruptedBy: 'interrupted',
    });
    const next = await session.sendText('Did it go through?').done;
    expect(next.status).toBe('completed');
    expect(next.text).toBe('The refund tool said: {"refunded":"INV-1"}');
    expect(executed()).toBe(1);
    expect(errors).toEqual([]);
  });

  it("onInterrupt: 'cancel': the call is aborted and the model is told it was cancelled", async () => {
    const { session, turn, ended, errors } = await refundCall('cancel');
    session.interrupt();
    await turn.done;
    expect(await ended).toMatchObject({ outcome: 'cancelled', outputSent: true });
    const next = await session.sendText('Did it go through?').done;
    expect(next.text).toBe(
      'The refund tool said: Error: the call to "refund_invoice" was cancelled because the user interrupted.',
    );
    expect(errors).toEqual([]);
  });

  it("a handoff while a 'finish' refund runs switches at once; the refund finishes and the new agent reads its real output", async () => {
    const { session, turn, release, ended, errors, executed } = await refundCall('finish');
    await session.handoffTo('Support', { respond: false });
    expect(session.agent.name).toBe('Support');
    release();
    // The turn waited for the refund: a call still running keeps the model from yielding.
    expect((await turn.done).agent.name).toBe('Support');
    expect(await ended).toMatchObject({
      outcome: 'success',
      output: '{"refunded":"INV-1"}',
      outputSent: true,
      interruptedBy: 'handoff',
    });
    const next = await session.sendText('Did it go through?').done;
    expect(next.agent.name).toBe('Support');
    expect(next.text).toBe('The refund tool said: {"refunded":"INV-1"}');
    expect(executed()).toBe(1);
    expect(errors).toEqual([]);
  });

  it("close() while a 'finish' refund runs waits for it and reports what it did", async () => {
    const { session, release, ended } = await refundCall('finish');
    const closing = session.close();
    release();
    await closing;
    expect(await ended).toMatchObject({
      outcome: 'success',
      result: { refunded: 'INV-1' },
      outputSent: false,
      interruptedBy: 'session_closed',
    });
  });
});

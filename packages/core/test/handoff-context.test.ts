import { describe, expect, it } from 'vitest';
import {
  AudioSettingKeptWarning,
  type ClientEvent,
  defineAgent,
  type HandoffContextStrategy,
  HandoffSummaryError,
  handoff,
  ToolConfigError,
} from '../src/index.js';
import { startSession, tick } from './fixtures.js';
import { refundingTriage, type Sent, summaryResponse, summaryTag, trace } from './handoff-wire.js';

// Issue 16, point 6: what the agent taking over sees of the conversation (append, reset, summary),
// and the audio settings a handoff never changes.

function agents(context: HandoffContextStrategy, options: { note?: string } = {}) {
  const billing = defineAgent({ name: 'Billing', instructions: 'Billing.' });
  const triage = defineAgent({
    name: 'Triage',
    instructions: 'Route.',
    handoffs: [handoff(billing, { context, ...options })],
  });
  return { triage, billing };
}

/** A conversation of one user line and an answer, then the model hands off. */
async function handOffAfterAChat(context: HandoffContextStrategy, options: { note?: string } = {}) {
  const { triage } = agents(context, options);
  const started = await startSession({ agent: triage, context: {} });
  const { server, script } = started;
  server.emit(...script.userMessage('I was charged twice'));
  server.emit(...script.textResponse('Let me transfer you.').events);
  const transfer = script.functionCallResponse([{ name: 'transfer_to_billing' }]);
  server.emit(...transfer.events);
  await tick();
  const sent = () => started.sentAfter(1) as Sent[];
  return { ...started, transfer, sent };
}

describe('handoff context strategies', () => {
  it('append (the default) keeps the conversation: session.update, output, response.create', async () => {
    const { sent } = await handOffAfterAChat('append');
    expect(trace(sent())).toEqual([
      'session.update',
      'output {"transferred_to":"Billing"}',
      'response.create',
    ]);
  });

  it('reset deletes everything but the handoff call, then the note; the new agent speaks after', async () => {
    const { sent, session, transfer } = await handOffAfterAChat('reset', {
      note: 'The caller was charged twice.',
    });
    expect(trace(sent())).toEqual([
      'session.update',
      'delete',
      'delete',
      'system: The caller was charged twice.',
      'output {"transferred_to":"Billing"}',
      'response.create',
    ]);
    const kept = session.history.items.find((item) => item.type === 'function_call');
    const deleted = sent()
      .filter((event) => event.type === 'conversation.item.delete')
      .map((event) => (event as { item_id: string }).item_id);
    expect(deleted).toHaveLength(2);
    expect(deleted).not.toContain(kept?.id);
    expect(kept).toMatchObject({ call_id: transfer.callIds[0] });
  });

  it('reset without a note says who handed the call over', async () => {
    const { sent } = await handOffAfterAChat('reset');
    expect(trace(sent())).toContain('system: The conversation was handed over to you by the Triage agent.');
  });

  it('summary asks the model out of band, then resets the conversation to the summary', async () => {
    const { sent, server, session } = await handOffAfterAChat('summary');
    const request = sent().find((event) => event.type === 'response.create') as Extract<
      ClientEvent,
      { type: 'response.create' }
    >;
    expect(request.response).toMatchObject({ conversation: 'none', output_modalities: ['text'] });
    // Nothing switches before the summary is in.
    expect(session.agent.name).toBe('Triage');
    server.emit(...summaryResponse(summaryTag(sent()), 'Caller charged twice for INV-1.'));
    await tick();
    expect(session.agent.name).toBe('Billing');
    expect(trace(sent())).toEqual([
      'response.create',
      'session.update',
      'delete',
      'delete',
      'system: The Triage agent handed the conversation over to you. Summary so far: Caller charged twice for INV-1.',
      'output {"transferred_to":"Billing"}',
      'response.create',
    ]);
    // The out-of-band summary never entered the conversation.
    expect(session.history.items.map((item) => item.id)).not.toContain('item_summary');
  });

  it('a failed summary keeps the whole conversation and reports a HandoffSummaryError', async () => {
    const { sent, server, errors, session } = await handOffAfterAChat('summary');
    server.emit(...summaryResponse(summaryTag(sent()), '', 'failed'));
    await tick();
    expect(session.agent.name).toBe('Billing');
    expect(trace(sent()).slice(1)).toEqual([
      'session.update',
      'output {"transferred_to":"Billing"}',
      'response.create',
    ]);
    expect(errors).toEqual([expect.any(HandoffSummaryError)]);
    expect(errors[0]).toMatchObject({ code: 'handoff_summary_failed', from: 'Triage', to: 'Billing' });
  });

  it("reset keeps the item of a call still running (onInterrupt: 'finish'), so its output has a call", async () => {
    const { triage, release } = refundingTriage('reset');
    const { server, script, sentAfter, session } = await startSession({ agent: triage, context: {} });
    const refunding = script.functionCallResponse([{ name: 'refund_invoice' }]);
    server.emit(...refunding.events);
    await tick();
    server.emit(...script.functionCallResponse([{ name: 'transfer_to_billing' }]).events);
    await tick();
    const deleted = (sentAfter(1) as Sent[])
      .filter((event) => event.type === 'conversation.item.delete')
      .map((event) => (event as { item_id: string }).item_id);
    const refundItem = session.history.items.find(
      (item) => item.type === 'function_call' && item.call_id === refunding.callIds[0],
    );
    expect(refundItem).toBeDefined();
    expect(deleted).not.toContain(refundItem?.id);
    release();
    await tick();
    expect(trace(sentAfter(1) as Sent[]).at(-1)).toBe('output refunded');
  });

  it('handoff() refuses an unknown context, and a note without reset', () => {
    const billing = defineAgent({ name: 'Billing', instructions: 'Billing.' });
    expect(() => handoff(billing, { context: 'forget' as never })).toThrow(ToolConfigError);
    expect(() => handoff(billing, { context: 'summary', note: 'x' })).toThrow(/note/);
    expect(handoff(billing).context).toBe('append');
  });
});

describe('audio settings a handoff never changes', () => {
  it("another agent's output format is left out and reported; the voice too once the model has spoken", async () => {
    const billing = defineAgent({
      name: 'Billing',
      instructions: 'Billing.',
      voice: 'cedar',
      session: { audio: { output: { format: { type: 'audio/pcmu' } } } },
    });
    const triage = defineAgent({
      name: 'Triage',
      instructions: 'Route.',
      voice: 'marin',
      handoffs: [billing],
    });
    const { server, script, sentAfter, errors, session } = await startSession({ agent: triage, context: {} });
    server.emit(...script.audioResponse('Hello, how can I help?').events);
    server.emit(...script.functionCallResponse([{ name: 'transfer_to_billing' }]).events);
    await tick();
    expect(session.agent.name).toBe('Billing');
    const update = (sentAfter(1) as Sent[]).find((event) => event.type === 'session.update') as Extract<
      ClientEvent,
      { type: 'session.update' }
    >;
    expect(update.session.audio).toBeUndefined();
    expect(errors).toEqual([expect.any(AudioSettingKeptWarning), expect.any(AudioSettingKeptWarning)]);
    expect(errors.map((error) => (error as unknown as AudioSettingKeptWarning).setting).sort()).toEqual([
      'audio.output.format',
      'voice',
    ]);
  });

  it('before any audio, a handoff sends the new voice and no warning', async () => {
    const billing = defineAgent({ name: 'Billing', instructions: 'Billing.', voice: 'cedar' });
    const triage = defineAgent({
      name: 'Triage',
      instructions: 'Route.',
      voice: 'marin',
      handoffs: [billing],
    });
    const { server, script, sentAfter, errors } = await startSession({ agent: triage, context: {} });
    server.emit(...script.functionCallResponse([{ name: 'transfer_to_billing' }]).events);
    await tick();
    const update = (sentAfter(1) as Sent[]).find((event) => event.type === 'session.update') as Extract<
      ClientEvent,
      { type: 'session.update' }
    >;
    expect(update.session.audio).toEqual({ output: { voice: 'cedar' } });
    expect(errors).toEqual([]);
  });
});

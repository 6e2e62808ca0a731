import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineAgent, HandoffError, ServerError, type ServerEvent, tool } from '../src/index.js';
import { startSession, supportSwarm, tick } from './fixtures.js';

type Sent = { type: string; event_id?: string; item?: { type?: string; output?: string } };

describe('response.create sequencing (issue 9, point 10)', () => {
  it('sends a queued request after the server refuses ours for another reason than an active response', async () => {
    const agent = defineAgent({ name: 'Assistant', instructions: 'Be brief.' });
    const { server, script, session, sentAfter } = await startSession({ agent, context: {} });
    session.createResponse({ instructions: 'x'.repeat(10) });
    const refused = server.sent.at(-1) as Sent;
    session.sendText('Are you there?');
    expect((sentAfter(2) as Sent[]).map((event) => event.type)).toEqual(['conversation.item.create']);
    server.emit(script.error('invalid_value', 'bad instructions', refused.event_id));
    expect((sentAfter(3) as Sent[]).map((event) => event.type)).toEqual(['response.create']);
  });

  it('interrupt() right after sendText() sends response.cancel for the response it asked for', async () => {
    const agent = defineAgent({ name: 'Assistant', instructions: 'Be brief.' });
    const { session, sentAfter } = await startSession({ agent, context: {} });
    session.sendText('Tell me a long story');
    session.interrupt();
    expect((sentAfter(1) as Sent[]).map((event) => event.type)).toEqual([
      'conversation.item.create',
      'response.create',
      'response.cancel',
    ]);
  });

  it("sends cancelled outputs of an older response before a handoff's session.update and response.create", async () => {
    const hang = tool({
      name: 'lookup_invoice',
      description: 'Never answers',
      parameters: z.object({ invoiceId: z.string() }),
      execute: () => new Promise(() => {}),
    });
    const billing = defineAgent({ name: 'Billing', instructions: 'Billing.' });
    const triage = defineAgent({
      name: 'Triage',
      instructions: 'Route.',
      tools: [hang],
      handoffs: [billing],
    });
    const { server, script, sentAfter } = await startSession({ agent: triage, context: {} });
    const lookup = script.functionCallResponse([
      { name: 'lookup_invoice', arguments: { invoiceId: 'INV-1' } },
    ]);
    const doneAt = lookup.events.findIndex((event) => event.type === 'response.done');
    server.emit(...lookup.events.slice(0, doneAt));
    await tick();
    server.emit(...script.functionCallResponse([{ name: 'transfer_to_billing' }]).events);
    await tick();
    const sent = sentAfter(1) as Sent[];
    expect(sent.map((event) => event.item?.output ?? event.type)).toEqual([
      'Error: the call to "lookup_invoice" was cancelled because the conversation was handed to another agent.',
      'session.update',
      '{"transferred_to":"Billing"}',
      'response.create',
    ]);
  });

  it("tags a handoff's session.update with an event_id and puts the agent back when the server refuses it", async () => {
    const { server, script, session, sentAfter, errors } = await startSession({ swarm: supportSwarm() });
    server.emit(...script.functionCallResponse([{ name: 'transfer_to_billing' }]).events);
    await tick();
    expect(session.agent.name).toBe('Billing');
    const update = (sentAfter(1) as Sent[]).find((event) => event.type === 'session.update');
    expect(update?.event_id).toEqual(expect.any(String));
    server.emit(script.error('invalid_value', 'tools[0].parameters is invalid', update?.event_id));
    expect(session.agent.name).toBe('Triage');
    expect(errors.map((error) => error.constructor)).toEqual([ServerError, HandoffError]);
    expect(errors[1]?.message).toMatch(/"Triage" to "Billing" failed: server error invalid_value/);
  });
});

describe('interruption and out-of-band audio (issue 9, point 10)', () => {
  it('truncates the conversation audio item, not an out-of-band one that played after it', async () => {
    const agent = defineAgent({ name: 'Assistant', instructions: 'Be brief.' });
    const { server, session, sentAfter } = await startSession({ agent, context: {} });
    const second = Buffer.alloc(48_000).toString('base64'); // 1 s of PCM16 at 24 kHz
    const created = (id: string, conversation: string | null): ServerEvent => ({
      type: 'response.created',
      event_id: `e_${id}`,
      response: { id, status: 'in_progress', conversation_id: conversation },
    });
    const delta = (response: string, item: string): ServerEvent => ({
      type: 'response.output_audio.delta',
      event_id: `d_${item}`,
      response_id: response,
      item_id: item,
      output_index: 0,
      content_index: 0,
      delta: second,
    });
    server.emit(created('resp_a', 'conv_1'), delta('resp_a', 'item_a'));
    server.emit(created('resp_oob', null), delta('resp_oob', 'item_oob'));
    session.interrupt({ playedMs: 500 });
    expect(sentAfter(1)).toEqual([
      { type: 'response.cancel' },
      { type: 'conversation.item.truncate', item_id: 'item_a', content_index: 0, audio_end_ms: 500 },
    ]);
  });
});

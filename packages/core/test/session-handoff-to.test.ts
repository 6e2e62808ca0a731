import { describe, expect, it } from 'vitest';
import {
  type HandoffContextStrategy,
  HandoffError,
  type HandoffEvent,
  SessionArgumentError,
  UnknownAgentError,
} from '../src/index.js';
import { startSession, supportSwarm, tick } from './fixtures.js';
import {
  type Sent as HandoffSent,
  refundingTriage,
  summaryResponse,
  summaryTag,
  trace,
} from './handoff-wire.js';

/*
 * session.handoffTo (issue 16, point 7) on the scripted transport: the wire order of a handoff from
 * code. End to end against local-realtime: packages/local-realtime/test/handoff-to.test.ts.
 */

type Sent = { type: string; session?: { instructions?: string }; item?: { type?: string; role?: string } };

describe('session.handoffTo', () => {
  it('while a response runs: response.cancel, then session.update, the note, response.create after it ends', async () => {
    const { server, script, session, sentAfter } = await startSession({ swarm: supportSwarm() });
    const turn = session.sendText('Hello');
    const reply = script.textResponse('Let me see.').events;
    server.emit(...reply.slice(0, 2)); // response.created, and the reply is under way
    const before = server.sent.length;
    const event = await session.handoffTo('Billing', { reason: 'The caller pressed 2.' });
    expect(event).toEqual({
      type: 'handoff',
      from: 'Triage',
      to: 'Billing',
      source: 'app',
      reason: 'The caller pressed 2.',
    });
    const sent = sentAfter(before) as Sent[];
    expect(sent.map((e) => e.type)).toEqual([
      'response.cancel',
      'session.update',
      'conversation.item.create',
    ]);
    expect(sent[1]?.session?.instructions).toBe('You handle billing for customer C-42.');
    expect(sent[2]?.item).toMatchObject({ type: 'message', role: 'system' });
    // The new agent's response waits for the old one to end.
    await tick();
    expect(server.sent.at(-1)?.type).toBe('conversation.item.create');
    server.emit(...reply.slice(2));
    await tick();
    expect(server.sent.at(-1)?.type).toBe('response.create');
    server.emit(...script.textResponse('Billing here.').events);
    const result = await turn.done;
    expect(result.status).toBe('completed');
    expect(result.agent.name).toBe('Billing');
    expect(result.handoffs).toEqual([expect.objectContaining({ from: 'Triage', to: 'Billing' })]);
  });

  it('validates a declared handoff input before anything is sent, and refuses unknown names', async () => {
    const { server, session } = await startSession({ swarm: supportSwarm() });
    const handoffs: HandoffEvent[] = [];
    session.handoffs$.subscribe((event) => handoffs.push(event));
    const before = server.sent.length;
    const refused = await session
      .handoffTo('Tech Support', { input: { reason: 7 } })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(HandoffError);
    expect(() => session.handoffTo('Sales')).toThrow(UnknownAgentError);
    expect(server.sent.length).toBe(before);
    const event = await session.handoffTo('Tech Support', { input: { reason: 'wifi' }, respond: false });
    expect(event).toMatchObject({ to: 'Tech Support', input: { reason: 'wifi' } });
    expect(server.sent.slice(before).map((e) => e.type)).toEqual(['session.update']);
    expect(handoffs).toHaveLength(1);
  });
});

/** Triage (a refund that finishes through a handoff, a handoff to Billing with `context`) after a chat. */
async function chatThenHandOff(context: HandoffContextStrategy) {
  const { triage, release } = refundingTriage(context);
  const started = await startSession({ agent: triage, context: {} });
  const { server, script } = started;
  server.emit(...script.userMessage('I was charged twice'));
  server.emit(...script.textResponse('Let me look.').events);
  await tick();
  const before = server.sent.length;
  return { ...started, releaseRefund: release, sent: () => started.sentAfter(before) as HandoffSent[] };
}

const REASON = 'The caller pressed 2.';
const REASON_NOTE = `system: The conversation was handed to you (Billing): ${REASON}`;

describe('session.handoffTo and the handoff context strategies', () => {
  it("follows the declared handoff's reset: the conversation is cleared, the note and the reason go in, then the new agent speaks", async () => {
    const { session, sent } = await chatThenHandOff('reset');
    await session.handoffTo('Billing', { reason: REASON });
    expect(trace(sent())).toEqual([
      'session.update',
      'delete',
      'delete',
      'system: The conversation was handed over to you by the Triage agent.',
      REASON_NOTE,
      'response.create',
    ]);
  });

  it("follows the declared handoff's summary: written out of band before anything switches", async () => {
    const { session, server, sent } = await chatThenHandOff('summary');
    const handing = session.handoffTo('Billing', { reason: REASON });
    await tick();
    expect(trace(sent())).toEqual(['response.create']);
    expect(session.agent.name).toBe('Triage');
    server.emit(...summaryResponse(summaryTag(sent()), 'Charged twice for INV-1.'));
    expect(await handing).toMatchObject({ from: 'Triage', to: 'Billing', source: 'app' });
    expect(trace(sent()).slice(1)).toEqual([
      'session.update',
      'delete',
      'delete',
      'system: The Triage agent handed the conversation over to you. Summary so far: Charged twice for INV-1.',
      REASON_NOTE,
      'response.create',
    ]);
    expect(session.history.items.map((item) => item.id)).not.toContain('item_summary');
  });

  it('options.context overrides the declared one; a bad context or note throws before anything is sent', async () => {
    const { session, sent } = await chatThenHandOff('append');
    expect(() => session.handoffTo('Billing', { context: 'forget' as never })).toThrow(SessionArgumentError);
    expect(() => session.handoffTo('Billing', { note: 'Hi.' })).toThrow(/note/);
    expect(sent()).toEqual([]);
    await session.handoffTo('Billing', { context: 'reset', note: 'Start over.', respond: false });
    expect(trace(sent())).toEqual(['session.update', 'delete', 'delete', 'system: Start over.']);
  });

  it("reset keeps the item of a call that finishes through the handoff (onInterrupt: 'finish'), so its output lands", async () => {
    const { session, server, script, sent, releaseRefund } = await chatThenHandOff('reset');
    const refunding = script.functionCallResponse([{ name: 'refund_invoice' }]);
    server.emit(...refunding.events);
    await tick();
    const refundItem = session.history.items.find(
      (item) => item.type === 'function_call' && item.call_id === refunding.callIds[0],
    );
    await session.handoffTo('Billing', { respond: false });
    const deleted = sent()
      .filter((event) => event.type === 'conversation.item.delete')
      .map((event) => (event as { item_id: string }).item_id);
    expect(deleted).toHaveLength(2);
    expect(deleted).not.toContain(refundItem?.id);
    releaseRefund();
    await tick();
    expect(trace(sent()).at(-1)).toBe('output refunded');
  });
});

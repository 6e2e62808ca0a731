import { describe, expect, it } from 'vitest';
import { HandoffError, type HandoffEvent, UnknownAgentError } from '../src/index.js';
import { startSession, supportSwarm, tick } from './fixtures.js';

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

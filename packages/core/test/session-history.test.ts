import { describe, expect, it } from 'vitest';
import { defineAgent, type HistoryState } from '../src/index.js';
import { startSession } from './fixtures.js';

const agent = defineAgent({ name: 'Assistant', instructions: 'Be brief.' });

describe("a session's history: changed in place, copied for readers (issue 15, point 3)", () => {
  it('gives the same state until the conversation changes, and never changes a state it gave out', async () => {
    const { server, script, session } = await startSession({ agent, context: {} });
    server.emit(...script.userMessage('first'));
    const first = session.history;
    expect(session.history).toBe(first);
    // An event that changes nothing in the conversation keeps the state.
    server.emit({ type: 'rate_limits.updated', event_id: 'e_rl', rate_limits: [] });
    expect(session.history).toBe(first);
    server.emit(...script.textResponse('Hello there').events);
    const second = session.history;
    expect(second).not.toBe(first);
    expect(first.items.map((item) => item.type)).toEqual(['message']);
    expect(second.items.map((item) => (item.type === 'message' ? item.role : item.type))).toEqual([
      'user',
      'assistant',
    ]);
    expect(second.items[1]).toMatchObject({ content: [{ text: 'Hello there' }] });
    await session.close();
  });

  it('replays the conversation as it is to a late history$ reader, then each change once', async () => {
    const { server, script, session } = await startSession({ agent, context: {} });
    server.emit(...script.userMessage('before anyone listened'));
    const seen: HistoryState[] = [];
    session.history$.subscribe((state) => seen.push(state));
    expect(seen).toHaveLength(1);
    expect(seen[0]?.items).toHaveLength(1);
    server.emit({ type: 'rate_limits.updated', event_id: 'e_rl', rate_limits: [] });
    expect(seen).toHaveLength(1);
    server.emit(...script.userMessage('after'));
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.at(-1)).toBe(session.history);
    expect(seen.at(-1)?.items).toHaveLength(2);
    expect(seen[0]?.items).toHaveLength(1);
    await session.close();
  });
});

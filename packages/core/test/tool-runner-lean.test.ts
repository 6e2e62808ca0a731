import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { defineAgent, ToolAbortError, tool } from '../src/index.js';
import { startSession } from './fixtures.js';

/** Microtasks until `done()` holds (at most `limit`). */
async function microtasksUntil(done: () => boolean, limit = 100): Promise<number> {
  for (let count = 0; count < limit; count += 1) {
    if (done()) return count;
    await Promise.resolve();
  }
  return limit;
}

describe('the tool runner: one controller per call, no promise hops for a plain value (issue 15, point 3)', () => {
  it('sends a synchronous tool output within a few microtasks of the call', async () => {
    const add = tool({
      name: 'add',
      description: 'Adds two numbers.',
      parameters: z.object({ a: z.number(), b: z.number() }),
      execute: ({ a, b }) => a + b,
    });
    const agent = defineAgent({ name: 'Calc', instructions: 'Add.', tools: [add] });
    const { server, script, session } = await startSession({ agent, context: {} });
    const sent = server.sent.length;
    server.emit(...script.functionCallResponse([{ name: 'add', arguments: { a: 2, b: 3 } }]).events);
    const hops = await microtasksUntil(() =>
      server.sent.slice(sent).some((event) => event.type === 'conversation.item.create'),
    );
    // Validation is async (zod's safeParseAsync); after it, a plain value takes no promise of its
    // own (eight microtasks when every step was a guarded promise with its own controller).
    expect(hops).toBeLessThanOrEqual(6);
    await session.close();
  });

  it("gives every callback of a call the call's own signal, which a timeout aborts", async () => {
    const signals: AbortSignal[] = [];
    const slow = tool({
      name: 'slow',
      description: 'Never answers.',
      parameters: z.object({}),
      timeoutMs: 50,
      needsApproval: (_args, { signal }) => {
        signals.push(signal);
        return false;
      },
      execute: (_args, { signal }) => {
        signals.push(signal);
        return new Promise<never>(() => {});
      },
    });
    const agent = defineAgent({ name: 'Slow', instructions: 'Wait.', tools: [slow] });
    vi.useFakeTimers();
    try {
      const { server, script, session, toolEvents } = await startSession({ agent, context: {} });
      server.emit(...script.functionCallResponse([{ name: 'slow', arguments: {} }]).events);
      await vi.advanceTimersByTimeAsync(0);
      expect(signals).toHaveLength(2);
      expect(signals[0]).toBe(signals[1]);
      expect(signals[0]?.aborted).toBe(false);
      await vi.advanceTimersByTimeAsync(50);
      expect(signals[0]?.aborted).toBe(true);
      expect(signals[0]?.reason).toBeInstanceOf(ToolAbortError);
      expect(toolEvents.at(-1)).toMatchObject({ type: 'tool_end', error: { code: 'timeout' } });
      await session.close();
    } finally {
      vi.useRealTimers();
    }
  });
});

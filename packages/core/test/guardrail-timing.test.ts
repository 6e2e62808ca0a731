import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_GUARDRAIL_DEBOUNCE_MS,
  DEFAULT_GUARDRAIL_MAX_WAIT_MS,
  DEFAULT_GUARDRAIL_TIMEOUT_MS,
  GuardrailError,
  type GuardrailVerdict,
} from '../src/index.js';
import { deferred } from './fixtures.js';
import { guardedSession, phraseGuardrail, settle, streamed } from './guardrail-fixtures.js';

// Issue 16, point 5: when guardrails are asked. Fake timers: the delays are the session's own.

afterEach(() => {
  vi.useRealTimers();
});

describe('guardrails: when a transcript is checked', () => {
  it('a burst of deltas is checked once, debounceMs after the latest, over the whole text so far', async () => {
    const { guardrail, seen } = phraseGuardrail('never', /^$/);
    const { server, script } = await guardedSession({ output: [guardrail] });
    const stream = streamed(script.audioResponse('Hello there, how can I help?'));
    server.emit(...stream.opening, ...stream.spoken('Hello'));
    await vi.advanceTimersByTimeAsync(50);
    server.emit(...stream.spoken(' there,'));
    await vi.advanceTimersByTimeAsync(50);
    server.emit(...stream.spoken(' how'));
    await vi.advanceTimersByTimeAsync(DEFAULT_GUARDRAIL_DEBOUNCE_MS - 1);
    expect(seen).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(seen).toEqual(['Hello there, how']);
  });

  it('while deltas keep coming, text waits at most maxWaitMs for its check', async () => {
    const { guardrail, seen } = phraseGuardrail('never', /^$/);
    const { server, script } = await guardedSession({ output: [guardrail] });
    const stream = streamed(script.audioResponse('unused'));
    server.emit(...stream.opening);
    // A word every 100 ms: never quiet for the debounce, so only maxWaitMs brings the checks.
    for (let word = 0; word < 10; word++) {
      server.emit(...stream.spoken(`w${word} `));
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(DEFAULT_GUARDRAIL_MAX_WAIT_MS).toBe(500);
    expect(seen).toEqual(['w0 w1 w2 w3 w4 ', 'w0 w1 w2 w3 w4 w5 w6 w7 w8 w9 ']);
  });

  it('one check at a time per item: text that arrives meanwhile is checked when it ends', async () => {
    const answers = [deferred<GuardrailVerdict>(), deferred<GuardrailVerdict>()];
    const seen: string[] = [];
    const slow = { name: 'slow', check: (text: string) => answers[seen.push(text) - 1]?.promise ?? false };
    const { server, script } = await guardedSession({ output: [slow], debounceMs: 10, maxWaitMs: 10 });
    const stream = streamed(script.audioResponse('unused'));
    server.emit(...stream.opening, ...stream.spoken('one'));
    await vi.advanceTimersByTimeAsync(10);
    server.emit(...stream.spoken(' two'));
    await vi.advanceTimersByTimeAsync(100);
    expect(seen).toEqual(['one']);
    answers[0]?.resolve(false);
    await settle();
    await vi.advanceTimersByTimeAsync(10);
    expect(seen).toEqual(['one', 'one two']);
  });

  it('the complete transcript is checked at once, without waiting for the debounce', async () => {
    const { guardrail, seen } = phraseGuardrail('never', /^$/);
    const { server, script } = await guardedSession({
      output: [guardrail],
      debounceMs: 1_000,
      maxWaitMs: 1_000,
    });
    server.emit(...script.audioResponse('All done.').events);
    await settle();
    expect(seen).toEqual(['All done.']);
  });

  it('a check that hangs fails after timeoutMs with a GuardrailError (timed_out), and by default trips', async () => {
    const hangs = { name: 'hangs', check: () => new Promise<boolean>(() => {}) };
    const { server, script, errors, events } = await guardedSession({ output: [hangs] });
    const stream = streamed(script.audioResponse('unused'));
    server.emit(...stream.opening, ...stream.spoken('Hi'));
    await vi.advanceTimersByTimeAsync(DEFAULT_GUARDRAIL_DEBOUNCE_MS + DEFAULT_GUARDRAIL_TIMEOUT_MS - 1);
    expect(errors).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(errors).toHaveLength(1);
    const [error] = errors;
    expect(error).toBeInstanceOf(GuardrailError);
    expect(error).toMatchObject({
      code: 'guardrail_failed',
      guardrail: 'hangs',
      side: 'output',
      reason: 'timed_out',
    });
    expect(events.map((event) => [event.guardrail, event.failed])).toEqual([['hangs', true]]);
  });

  it('the text of an item that tripped is not checked again', async () => {
    const { guardrail, seen } = phraseGuardrail('codes', /vault code/);
    const { server, script } = await guardedSession({ output: [guardrail] });
    const stream = streamed(script.audioResponse('unused'));
    server.emit(...stream.opening, ...stream.spoken('The vault code'));
    await vi.advanceTimersByTimeAsync(DEFAULT_GUARDRAIL_DEBOUNCE_MS);
    // What the server still sends before it reads the cancel.
    server.emit(...stream.spoken(' is 4815.'), ...stream.rest);
    await vi.advanceTimersByTimeAsync(DEFAULT_GUARDRAIL_MAX_WAIT_MS);
    expect(seen).toEqual(['The vault code']);
  });
});

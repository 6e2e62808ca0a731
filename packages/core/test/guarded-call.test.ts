import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeCause } from '../src/errors/describe-cause.js';
import { ToolAbortError } from '../src/errors/tool-abort-error.js';
import { guardedCall, guardedSyncCall } from '../src/pipeline/guarded-call.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('guardedCall', () => {
  it('turns a value, a throw, a rejection and a throwing thenable into outcomes', async () => {
    const boom = new Error('boom');
    expect(await guardedCall(() => 42)).toEqual({ status: 'ok', value: 42 });
    expect(await guardedCall(async () => 'later')).toEqual({ status: 'ok', value: 'later' });
    expect(
      await guardedCall(() => {
        throw boom;
      }),
    ).toEqual({ status: 'threw', error: boom });
    expect(await guardedCall(() => Promise.reject('nope'))).toEqual({ status: 'threw', error: 'nope' });
    const thenable = {
      // biome-ignore lint/suspicious/noThenProperty: a hostile thenable is the point of this test
      then() {
        throw boom;
      },
    };
    expect(await guardedCall(() => thenable)).toEqual({ status: 'threw', error: boom });
  });

  it('starts nothing once the signal has fired', async () => {
    const controller = new AbortController();
    controller.abort('interrupted');
    const start = vi.fn();
    expect(await guardedCall(start, { signal: controller.signal })).toEqual({
      status: 'aborted',
      reason: 'interrupted',
    });
    expect(start).not.toHaveBeenCalled();
  });

  it('settles as aborted at once when the signal fires, passes the reason on, and drops the late rejection', async () => {
    const controller = new AbortController();
    let own: AbortSignal | undefined;
    const pending = guardedCall(
      (signal) => {
        own = signal;
        return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
      },
      { signal: controller.signal },
    );
    controller.abort('handoff');
    expect(await pending).toEqual({ status: 'aborted', reason: 'handoff' });
    expect(own?.reason).toBe('handoff');
  });

  it('times out a callback that hangs, aborts its signal and leaves no timer behind', async () => {
    vi.useFakeTimers();
    let own: AbortSignal | undefined;
    const pending = guardedCall(
      (signal) => {
        own = signal;
        return new Promise(() => {});
      },
      { timeoutMs: 250 },
    );
    await vi.advanceTimersByTimeAsync(250);
    expect(await pending).toEqual({ status: 'timed_out', timeoutMs: 250 });
    // An Error named AbortError (issue 18), so fetch(url, { signal }) rejects the way platform code expects.
    expect(own?.reason).toBeInstanceOf(ToolAbortError);
    expect(own?.reason).toMatchObject({ name: 'AbortError', code: 'ABORT_ERR', reason: 'timeout' });
    await guardedCall(() => 1, { timeoutMs: 1_000 });
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('guardedSyncCall and describeCause', () => {
  it('returns what a synchronous callback threw', () => {
    expect(guardedSyncCall(() => 'ok')).toEqual({ status: 'ok', value: 'ok' });
    expect(
      guardedSyncCall(() => {
        throw 'string';
      }),
    ).toEqual({ status: 'threw', error: 'string' });
  });

  it('describes anything that can be thrown without throwing', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
      },
    );
    expect(describeCause(new Error('x'))).toBe('x');
    expect(describeCause({ code: 7 })).toBe('{"code":7}');
    expect(describeCause(Symbol('s'))).toBe('Symbol(s)');
    expect(describeCause(Object.create(null))).toBe('{}');
    expect(describeCause(hostile)).toEqual(expect.any(String));
  });
});

import { describe, expect, it } from 'vitest';
import {
  type TransportError,
  TransportLifecycle,
  TransportSendError,
  type TransportStatus,
} from '../src/index.js';

function watch(lifecycle: TransportLifecycle) {
  const statuses: TransportStatus[] = [];
  const errors: TransportError[] = [];
  const events: unknown[] = [];
  let completed = 0;
  lifecycle.status$.subscribe({ next: (status) => statuses.push(status), complete: () => completed++ });
  lifecycle.events$.subscribe({ next: (event) => events.push(event), complete: () => completed++ });
  lifecycle.errors$.subscribe((error) => errors.push(error));
  return { statuses, errors, events, completed: () => completed };
}

describe('TransportLifecycle', () => {
  it('connect() dials once, resolves on open and numbers each open as a new generation', async () => {
    const lifecycle = new TransportLifecycle();
    const seen = watch(lifecycle);
    let dials = 0;
    const dial = () => {
      dials += 1;
      lifecycle.connecting(1);
    };
    const first = lifecycle.connect(dial);
    expect(lifecycle.connect(dial)).toBe(first);
    expect(lifecycle.awaitingOpen).toBe(true);
    lifecycle.open();
    await first;
    lifecycle.reconnecting(1, { kind: 'network_error', message: 'reset' });
    lifecycle.open();
    expect(dials).toBe(1);
    expect(lifecycle.generation).toBe(2);
    expect(seen.statuses.map((status) => status.state)).toEqual([
      'idle',
      'connecting',
      'open',
      'reconnecting',
      'open',
    ]);
    expect(seen.statuses.at(-1)).toEqual({ state: 'open', generation: 2 });
  });

  it('finish() happens once: held events become TransportSendErrors, connect() rejects, streams complete', async () => {
    const lifecycle = new TransportLifecycle('the call ended before it was sent');
    const seen = watch(lifecycle);
    const connecting = lifecycle.connect(() => lifecycle.connecting(1));
    lifecycle.hold({ type: 'response.create' });
    expect(lifecycle.finish({ kind: 'client' })).toBe(true);
    expect(lifecycle.finish({ kind: 'network_error', message: 'late' })).toBe(false);
    await expect(connecting).rejects.toMatchObject({ code: 'connect_failed', reason: { kind: 'client' } });
    await expect(lifecycle.connect(() => {})).rejects.toMatchObject({ reason: { kind: 'client' } });
    expect(seen.errors).toHaveLength(1);
    expect(seen.errors[0]).toBeInstanceOf(TransportSendError);
    expect(seen.errors[0]?.message).toBe(
      'could not send response.create: the call ended before it was sent (closed by the client)',
    );
    expect(seen.statuses.at(-1)).toEqual({ state: 'closed', reason: { kind: 'client' } });
    expect(seen.completed()).toBe(2);
  });

  it('after closed, a send is refused on errors$ (still open) and events are dropped', () => {
    const lifecycle = new TransportLifecycle();
    const seen = watch(lifecycle);
    expect(lifecycle.refuseIfClosed({ type: 'response.create' })).toBe(false);
    lifecycle.finish({ kind: 'server_closed', code: 1011, reason: 'internal error' });
    lifecycle.emit({ type: 'late' });
    expect(lifecycle.refuseIfClosed({ type: 'response.cancel' })).toBe(true);
    expect(seen.events).toEqual([]);
    expect(seen.errors.map((error) => error.message)).toEqual([
      expect.stringMatching(/^could not send response\.cancel: the transport is closed \(/),
    ]);
  });
});

describe('TransportLifecycle.listen', () => {
  it('hands a listener the current status, then every event, error and status, each before the streams, and ended where events$ completes', () => {
    const lifecycle = new TransportLifecycle();
    const order: string[] = [];
    lifecycle.listen({
      received: (value) => order.push(`listener event ${String(value)}`),
      error: (error) => order.push(`listener error ${error.constructor.name}`),
      status: (status) => order.push(`listener status ${status.state}`),
      ended: () => order.push('listener ended'),
    });
    lifecycle.events$.subscribe({
      next: (value) => order.push(`stream event ${String(value)}`),
      complete: () => order.push('stream complete'),
    });
    lifecycle.connect(() => lifecycle.connecting(1)).catch(() => {});
    lifecycle.open();
    lifecycle.emit('hello');
    lifecycle.finish({ kind: 'client' });
    lifecycle.refuseIfClosed({ type: 'response.create' });
    expect(order).toEqual([
      'listener status idle',
      'listener status connecting',
      'listener status open',
      'listener event hello',
      'stream event hello',
      'listener status closed',
      'listener ended',
      'stream complete',
      'listener error TransportSendError',
    ]);
  });

  it('makes no stream that nobody reads, and a stream first read after close replays closed and completes', () => {
    const lifecycle = new TransportLifecycle();
    lifecycle.connect(() => lifecycle.connecting(1)).catch(() => {});
    lifecycle.emit('nobody hears this');
    lifecycle.finish({ kind: 'client' });
    const statuses: string[] = [];
    let eventsCompleted = false;
    lifecycle.status$.subscribe((status) => statuses.push(status.state));
    lifecycle.events$.subscribe({ complete: () => (eventsCompleted = true) });
    expect(statuses).toEqual(['closed']);
    expect(eventsCompleted).toBe(true);
  });
});

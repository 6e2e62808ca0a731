import { describe, expect, it } from 'vitest';
import {
  type ClientEvent,
  defineAgent,
  RealtimeSession,
  type RealtimeTransport,
  TransportLifecycle,
  type TransportListener,
} from '../src/index.js';
import { inspectSession } from '../src/session/session-internals.js';

/** A transport with `listen` that counts reads of its streams and keeps what it was sent. */
class ListeningTransport implements RealtimeTransport {
  readonly lifecycle = new TransportLifecycle();
  readonly sent: ClientEvent[] = [];
  streamReads = 0;

  get events$() {
    this.streamReads += 1;
    return this.lifecycle.events$;
  }

  get status$() {
    this.streamReads += 1;
    return this.lifecycle.status$;
  }

  get errors$() {
    this.streamReads += 1;
    return this.lifecycle.errors$;
  }

  listen(listener: TransportListener): void {
    this.lifecycle.listen(listener);
  }

  connect(): Promise<void> {
    return this.lifecycle.connect(() => {
      this.lifecycle.connecting(1);
      queueMicrotask(() => {
        this.lifecycle.open();
        this.lifecycle.emit({ type: 'session.created', event_id: 'e1', session: { type: 'realtime' } });
      });
    });
  }

  send(event: ClientEvent): void {
    this.sent.push(event);
  }

  async close(): Promise<void> {
    this.lifecycle.finish({ kind: 'client' });
  }
}

const agent = defineAgent({ name: 'Assistant', instructions: 'Be brief.' });

describe('a session over a transport that can be listened to', () => {
  it('reads it through listen(): opens, sends its config, hears events, and subscribes to none of its streams', async () => {
    const transport = new ListeningTransport();
    const session = new RealtimeSession({ agent, context: {}, transport });
    const types: string[] = [];
    session.events$.subscribe((event) => types.push(event.type));
    await session.connect();
    expect(transport.sent[0]?.type).toBe('session.update');
    expect(types).toEqual(['session.created']);
    expect(transport.streamReads).toBe(0);
    await session.close();
    expect(inspectSession(session).unsubscribed).toBe(true);
  });

  it('hears nothing the transport says after the session closed', async () => {
    const transport = new ListeningTransport();
    const session = new RealtimeSession({ agent, context: {}, transport });
    const errors: unknown[] = [];
    session.errors$.subscribe({ next: (error) => errors.push(error) });
    await session.connect();
    await session.close();
    transport.lifecycle.refuseIfClosed({ type: 'response.create' });
    expect(errors).toEqual([]);
  });
});

import { expect } from 'vitest';
import type { WebSocket } from 'ws';
import { type LocalRealtimeServer, startLocalRealtime } from '../../src/index.js';
import { conformanceBrain } from './brains.js';
import { connectWs, type TestClient } from './clients.js';

/** A fast local server and plain-`ws` sessions on it, for the error tests. */
export class ErrorHarness {
  private server: LocalRealtimeServer | undefined;
  private readonly clients: TestClient[] = [];

  async start(): Promise<void> {
    this.server = await startLocalRealtime({
      brain: conformanceBrain(),
      audio: { pace: 'fast', voice: 'tone' },
    });
  }

  async stop(): Promise<void> {
    await Promise.all(this.clients.map((client) => client.close()));
    await this.server?.close();
  }

  /** A new session, after `session.created` (and `session.updated` when `session` is given). */
  async open(session?: Record<string, unknown>): Promise<TestClient & { socket: WebSocket }> {
    if (!this.server) throw new Error('start() first');
    const client = await connectWs(`${this.server.url}?model=gpt-realtime`, {
      headers: { Authorization: 'Bearer sk-test' },
    });
    this.clients.push(client);
    await client.log.next('session.created');
    if (session) {
      client.send({ type: 'session.update', session: { type: 'realtime', ...session } });
      await client.log.next('session.updated');
    }
    return client;
  }
}

/** Sends an event with an event_id and returns the error it caused. */
export async function errorFor(
  client: TestClient,
  event: Record<string, unknown>,
  eventId = 'evt_bad',
): Promise<Record<string, unknown>> {
  client.send({ ...event, event_id: eventId });
  const error = await client.log.next('error');
  expect(error.event_id).toMatch(/^event_/);
  return error.error as Record<string, unknown>;
}

/** A `conversation.item.create` of a user text message. */
export const userItem = (text: string, extra: Record<string, unknown> = {}) => ({
  type: 'conversation.item.create',
  item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
  ...extra,
});

import { type Agent, RealtimeSession, type RealtimeSessionOptions } from '@switchboard/core';
import { websocketTransport } from '@switchboard/transport-websocket';
import { afterEach } from 'vitest';
import { type Brain, type LocalRealtimeServer, startLocalRealtime } from '../../src/index.js';

const cleanups: (() => Promise<void>)[] = [];

/** Registers the cleanup of every server and session {@link startCall} makes (call once per test file). */
export function cleanUpCalls(): void {
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
}

/**
 * A local server with `brain` (fast pace) and a connected core session on it, over a real WebSocket
 * on loopback; `errors` collects the session's `errors$`. Both close after the test.
 */
export async function startCall(
  brain: Brain,
  agent: Agent,
  options: Pick<RealtimeSessionOptions<unknown>, 'filler' | 'guardrails'> = {},
): Promise<{ server: LocalRealtimeServer; session: RealtimeSession; errors: Error[] }> {
  const server = await startLocalRealtime({ port: 0, audio: { pace: 'fast', voice: 'tone' }, brain });
  cleanups.push(() => server.close());
  const session = new RealtimeSession({
    agent,
    context: {},
    transport: websocketTransport({ dialect: 'ga', url: server.url }),
    ...options,
  });
  const errors: Error[] = [];
  session.errors$.subscribe((error) => errors.push(error));
  cleanups.push(() => session.close());
  await session.connect();
  return { server, session, errors };
}

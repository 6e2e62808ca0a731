import WebSocket from 'ws';

/** A session that must keep working while another client attacks the server. */
export interface Canary {
  /** One text turn; resolves with its latency in ms (request sent → `response.done`). */
  turn(): Promise<number>;
  close(): Promise<void>;
}

/** Opens a realtime WebSocket session with text output and no turn detection. */
export async function openCanary(url: string, apiKey: string): Promise<Canary> {
  const { socket } = await openSocket(url, apiKey);
  const waiters = new Map<string, (event: Record<string, unknown>) => void>();
  socket.on('message', (data) => {
    const event = JSON.parse(String(data)) as Record<string, unknown>;
    const waiter = waiters.get(String(event.type));
    if (waiter) {
      waiters.delete(String(event.type));
      waiter(event);
    }
  });
  const next = (type: string, timeoutMs = 30_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`canary: no ${type} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      waiters.set(type, (event) => {
        clearTimeout(timer);
        resolve(event);
      });
    });
  const updated = next('session.updated');
  socket.send(
    JSON.stringify({
      type: 'session.update',
      session: { type: 'realtime', output_modalities: ['text'], audio: { input: { turn_detection: null } } },
    }),
  );
  await updated;
  let turns = 0;
  return {
    async turn() {
      turns += 1;
      const text = `canary ${turns}`;
      const started = performance.now();
      const done = next('response.done');
      socket.send(
        JSON.stringify({
          type: 'conversation.item.create',
          item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
        }),
      );
      socket.send(JSON.stringify({ type: 'response.create' }));
      const event = await done;
      if (!JSON.stringify(event).includes(`Echo: ${text}`)) throw new Error('canary: wrong answer');
      return performance.now() - started;
    },
    close: () => closeSocket(socket),
  };
}

/**
 * Opens a realtime WebSocket (`Authorization: Bearer`); resolves once the server's first event
 * (`session.created`) has arrived, with that event.
 */
export function openSocket(url: string, apiKey: string): Promise<{ socket: WebSocket; first: string }> {
  const socket = new WebSocket(`${url}?model=gpt-realtime`, {
    headers: { Authorization: `Bearer ${apiKey}` },
  });
  return new Promise((resolve, reject) => {
    // Listening from the start: the first frame can come in the same read as the upgrade's answer.
    socket.once('message', (data) => resolve({ socket, first: String(data) }));
    socket.once('error', reject);
  });
}

/** Closes a socket; resolves once it is closed (cut after a second). */
export function closeSocket(socket: WebSocket): Promise<void> {
  if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => socket.terminate(), 1000);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.close();
  });
}

/** The median of some latencies. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

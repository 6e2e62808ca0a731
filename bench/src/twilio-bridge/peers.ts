import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

/** A 20 ms µ-law frame whose first four bytes carry a sequence number (the rest is silence). */
export function numberedFrame(sequence: number): string {
  const frame = Buffer.alloc(160, 0xff);
  frame.writeUInt32BE(sequence, 0);
  return frame.toString('base64');
}

/** The sequence number of a {@link numberedFrame}. */
export function frameNumber(base64: string): number {
  return Buffer.from(base64, 'base64').readUInt32BE(0);
}

/**
 * The model's side: a WebSocket server that sends numbered `response.output_audio.delta`s on
 * demand and timestamps each numbered `input_audio_buffer.append` it receives.
 */
export async function startModel() {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => wss.once('listening', resolve));
  const appends = new Map<number, number>();
  let socket: WebSocket | undefined;
  let updated = false;
  wss.on('connection', (ws) => {
    socket = ws;
    updated = false;
    ws.on('message', (data) => {
      const at = performance.now();
      const event = JSON.parse(String(data)) as { type: string; audio?: string };
      if (event.type === 'input_audio_buffer.append' && event.audio)
        appends.set(frameNumber(event.audio), at);
      if (event.type === 'session.update') updated = true;
    });
  });
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/v1/realtime`,
    appends,
    get ready() {
      return socket?.readyState === WebSocket.OPEN && updated;
    },
    sendDelta(sequence: number) {
      socket?.send(
        JSON.stringify({
          type: 'response.output_audio.delta',
          event_id: `event_${sequence}`,
          response_id: 'resp_1',
          item_id: 'item_1',
          output_index: 0,
          content_index: 0,
          delta: numberedFrame(sequence),
        }),
      );
    },
    close: () => new Promise<void>((resolve) => wss.close(() => resolve())),
  };
}

/**
 * The floor to compare with: a bridge that only parses and forwards (Twilio `media` → `append`,
 * `delta` → `media` + `mark`), over the same sockets, with no session behind it.
 */
export async function startBareRelay(modelUrl: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer();
  const wss = new WebSocketServer({ server, path: '/twilio/media' });
  wss.on('connection', (twilio) => {
    const model = new WebSocket(modelUrl);
    let streamSid = '';
    let marks = 0;
    model.on('open', () =>
      model.send(JSON.stringify({ type: 'session.update', session: { type: 'realtime' } })),
    );
    model.on('message', (data) => {
      const event = JSON.parse(String(data)) as { type: string; delta?: string };
      if (event.type !== 'response.output_audio.delta' || !event.delta) return;
      twilio.send(JSON.stringify({ event: 'media', streamSid, media: { payload: event.delta } }));
      marks += 1;
      twilio.send(JSON.stringify({ event: 'mark', streamSid, mark: { name: `m${marks}` } }));
    });
    twilio.on('message', (data) => {
      const message = JSON.parse(String(data)) as {
        event: string;
        streamSid?: string;
        media?: { payload: string };
      };
      if (message.event === 'start') streamSid = message.streamSid ?? '';
      if (message.event === 'media' && message.media && model.readyState === WebSocket.OPEN)
        model.send(JSON.stringify({ type: 'input_audio_buffer.append', audio: message.media.payload }));
    });
    twilio.on('close', () => model.close());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/twilio/media`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}

/** Twilio's side: opens the stream, sends numbered media frames, timestamps the numbered media it gets. */
export async function openTwilioStream(url: string) {
  const socket = new WebSocket(url);
  const media = new Map<number, number>();
  const streamSid = 'MZbench';
  socket.on('message', (data) => {
    const at = performance.now();
    const message = JSON.parse(String(data)) as {
      event: string;
      media?: { payload: string };
      mark?: { name: string };
    };
    if (message.event === 'media' && message.media) media.set(frameNumber(message.media.payload), at);
    // Echo marks at once: this measures the bridge, not playback.
    if (message.event === 'mark')
      socket.send(JSON.stringify({ event: 'mark', streamSid, mark: message.mark }));
  });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  socket.send(JSON.stringify({ event: 'connected', protocol: 'Call', version: '1.0.0' }));
  socket.send(
    JSON.stringify({
      event: 'start',
      sequenceNumber: '1',
      streamSid,
      start: {
        streamSid,
        accountSid: 'ACbench',
        callSid: 'CAbench',
        tracks: ['inbound'],
        customParameters: {},
        mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
      },
    }),
  );
  return {
    media,
    sendFrame(sequence: number) {
      socket.send(
        JSON.stringify({
          event: 'media',
          streamSid,
          media: {
            track: 'inbound',
            chunk: String(sequence),
            timestamp: String(sequence * 20),
            payload: numberedFrame(sequence),
          },
        }),
      );
    },
    close: () =>
      new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.close();
      }),
  };
}

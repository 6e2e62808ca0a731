import { randomBytes } from 'node:crypto';
import {
  type CallerCaptions,
  type CallerLine,
  createSynthesizer,
  PhoneLinePlayer,
  phoneAudio,
  type Synthesizer,
} from '@switchboard/local-realtime';
import twilio from 'twilio';
import WebSocket from 'ws';
import { TwilioOutboundSchema } from '../media-messages.js';
import { PhonePlayback } from './phone-playback.js';

/** Options of {@link simulateTwilioCall}. */
export interface SimulatedTwilioCallOptions {
  /** The app's media-stream WebSocket, e.g. `ws://127.0.0.1:3000/twilio/media`. */
  readonly url: string;
  /** Signs the upgrade (`X-Twilio-Signature`) as Twilio does, for an app that checks it. */
  readonly authToken?: string;
  /** The URL to sign (default `url`): the public `wss://` URL the app verifies against. */
  readonly signedUrl?: string;
  /** The `<Parameter>`s of the TwiML: the `start` message's `customParameters`. */
  readonly parameters?: Readonly<Record<string, string>>;
  readonly callSid?: string;
  /**
   * The local server's captions (`server.captions`): each line's text is registered with its µ-law
   * bytes, so local-realtime's brain hears the caller through the app's bridge.
   */
  readonly captions?: CallerCaptions;
  /** Speaks text lines (default: espeak-ng when installed, the tone voice otherwise). */
  readonly synthesizer?: Synthesizer;
}

/** A mark the simulator echoed, and when (ms since the stream started). */
export interface EchoedMark {
  readonly name: string;
  readonly atMs: number;
  /** Milliseconds of agent audio the app had sent before this mark (over the whole call). */
  readonly queuedMs: number;
  /** True when a `clear` dropped the audio before it instead of playing it. */
  readonly cleared: boolean;
}

/** A `clear` the app sent. */
export interface ClearRecord {
  readonly atMs: number;
  /** Milliseconds of agent audio played when it came. */
  readonly playedMs: number;
  /** Milliseconds of agent audio it dropped. */
  readonly droppedMs: number;
}

/** A call placed by {@link simulateTwilioCall}. */
export interface SimulatedTwilioCall {
  readonly callSid: string;
  readonly streamSid: string;
  /** Marks echoed back to the app, in order. */
  readonly marks: readonly EchoedMark[];
  /** Every `clear` the app sent. */
  readonly clears: readonly ClearRecord[];
  /** Messages from the app that were not the protocol's (they would be errors at Twilio). */
  readonly invalid: readonly string[];
  /** What the caller heard of the agent: µ-law 8 kHz, everything played (a clear cuts it). */
  heard(): Uint8Array;
  /** The caller says a line (text or WAV) in real time; resolves when it was sent. */
  say(line: CallerLine): Promise<void>;
  /** The caller presses keys (`dtmf` messages). */
  press(digits: string): void;
  /**
   * Resolves once the agent has answered since the caller last spoke and gone quiet: its audio has
   * played out and nothing new came for `quietMs` (default 1000). Gives up after `timeoutMs` (20 s).
   */
  agentDone(options?: { readonly quietMs?: number; readonly timeoutMs?: number }): Promise<void>;
  /** The caller hangs up: `stop`, then the socket closes. */
  hangUp(): Promise<void>;
  /** Resolves when the socket closed, with the app's close code and reason. */
  readonly closed: Promise<{ readonly code: number; readonly reason: string }>;
}

/**
 * A caller on Twilio, for tests: opens the app's media-stream WebSocket the way Twilio does
 * (`connected`, `start` with the custom parameters and `audio/x-mulaw` 8 kHz, then a `media` frame
 * every 20 ms: silence, or the caller's lines from espeak-ng text or WAV files), sends `dtmf` and
 * `stop`, and plays what the app sends back at the real rate: `media` queues, each `mark` is echoed
 * when the audio before it has played, `clear` drops the queue and echoes the pending marks at once.
 *
 * @example
 * ```ts
 * import { startLocalRealtime } from '@switchboard/local-realtime';
 * import { simulateTwilioCall } from '@switchboard/transport-twilio/testing';
 *
 * const server = await startLocalRealtime({ port: 0 });
 * const call = await simulateTwilioCall({ url: 'ws://127.0.0.1:3000/twilio/media', captions: server.captions });
 * await call.say('What is on my invoice?');
 * await call.agentDone();
 * call.press('1');
 * await call.hangUp();
 * ```
 */
export async function simulateTwilioCall(options: SimulatedTwilioCallOptions): Promise<SimulatedTwilioCall> {
  const callSid = options.callSid ?? `CA${randomBytes(16).toString('hex')}`;
  const streamSid = `MZ${randomBytes(16).toString('hex')}`;
  const accountSid = `AC${randomBytes(16).toString('hex')}`;
  const synthesizer = options.synthesizer ?? (await createSynthesizer());
  const headers: Record<string, string> = {};
  if (options.authToken !== undefined) {
    headers['X-Twilio-Signature'] = twilio.getExpectedTwilioSignature(
      options.authToken,
      options.signedUrl ?? options.url,
      {},
    );
  }
  const socket = new WebSocket(options.url, { headers });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  socket.on('error', () => {});

  let sequence = 0;
  const startedAt = performance.now();
  const now = () => performance.now() - startedAt;
  const send = (message: Record<string, unknown>) => {
    if (socket.readyState !== socket.OPEN) return;
    sequence += 1;
    socket.send(JSON.stringify({ ...message, sequenceNumber: String(sequence), streamSid }));
  };
  const marks: EchoedMark[] = [];
  const clears: ClearRecord[] = [];
  const invalid: string[] = [];
  let receivedMs = 0;
  const queuedAtMark = new Map<string, number>();
  const playback = new PhonePlayback({
    now,
    echo: (name, cleared) => {
      marks.push({ name, atMs: now(), queuedMs: queuedAtMark.get(name) ?? 0, cleared });
      send({ event: 'mark', mark: { name } });
    },
  });
  let spokeAt = 0;
  let answeredAt = -1;
  let lastMediaAt = 0;
  socket.on('message', (data) => {
    let value: unknown;
    try {
      value = JSON.parse(String(data));
    } catch {
      invalid.push(String(data).slice(0, 200));
      return;
    }
    const parsed = TwilioOutboundSchema.safeParse(value);
    if (!parsed.success || parsed.data.streamSid !== streamSid) {
      invalid.push(JSON.stringify(value).slice(0, 200));
      return;
    }
    const message = parsed.data;
    if (message.event === 'media') {
      lastMediaAt = now();
      if (answeredAt < spokeAt) answeredAt = lastMediaAt;
      const audio = Buffer.from(message.media.payload, 'base64');
      receivedMs += audio.length / 8;
      playback.media(audio);
    } else if (message.event === 'mark') {
      queuedAtMark.set(message.mark.name, receivedMs);
      playback.mark(message.mark.name);
    } else clears.push({ atMs: now(), ...playback.clear() });
  });

  socket.send(JSON.stringify({ event: 'connected', protocol: 'Call', version: '1.0.0' }));
  sequence += 1;
  socket.send(
    JSON.stringify({
      event: 'start',
      sequenceNumber: String(sequence),
      streamSid,
      start: {
        accountSid,
        streamSid,
        callSid,
        tracks: ['inbound'],
        customParameters: { ...options.parameters },
        mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
      },
    }),
  );
  let chunk = 0;
  const line = new PhoneLinePlayer((frame, timestampMs) => {
    chunk += 1;
    send({
      event: 'media',
      media: {
        track: 'inbound',
        chunk: String(chunk),
        timestamp: String(timestampMs),
        payload: Buffer.from(frame).toString('base64'),
      },
    });
  });
  line.start();
  const stop = () => {
    line.stop();
    playback.stop();
  };
  closed.then(stop, stop);

  return {
    callSid,
    streamSid,
    marks,
    clears,
    invalid,
    closed,
    heard: () => playback.heard(),
    async say(text) {
      const audio = await phoneAudio(text, synthesizer);
      if (audio.text !== undefined) options.captions?.register(audio.text, audio.ulaw);
      spokeAt = now();
      await line.say(audio.ulaw);
      spokeAt = now();
    },
    press(digits) {
      for (const digit of digits) send({ event: 'dtmf', dtmf: { track: 'inbound_track', digit } });
    },
    agentDone({ quietMs = 1000, timeoutMs = 20_000 } = {}) {
      const started = now();
      return new Promise<void>((resolve) => {
        const check = () => {
          const answered = answeredAt >= spokeAt;
          const quiet = answered && !playback.playing && now() - lastMediaAt >= quietMs;
          if (quiet || now() - started >= timeoutMs || socket.readyState !== socket.OPEN) return resolve();
          setTimeout(check, 25);
        };
        check();
      });
    },
    async hangUp() {
      line.stop();
      send({ event: 'stop', stop: { accountSid, callSid } });
      socket.close(1000, 'caller hung up');
      await closed;
    },
  };
}

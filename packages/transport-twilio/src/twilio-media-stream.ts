import { decodeJson } from '@switchboard/core/protocol';
import { type Observable, Subject } from 'rxjs';
import type { WebSocket } from 'ws';
import { TwilioProtocolError, TwilioStreamError } from './errors.js';
import {
  type TwilioInbound,
  TwilioInboundSchema,
  type TwilioOutbound,
  type TwilioStreamStart,
} from './media-messages.js';

/** Options of {@link TwilioMediaStream}. */
export interface TwilioMediaStreamOptions {
  /** How long Twilio has to send `start` after the socket opened (default 10 s). */
  readonly startTimeoutMs?: number;
}

/** Everything after `start`: the messages the bridge acts on. */
export type TwilioStreamMessage = Exclude<TwilioInbound, { event: 'connected' | 'start' }>;

/**
 * One Twilio media stream (the WebSocket Twilio opens for `<Connect><Stream>`), read and written in
 * the documented protocol. Every frame is untrusted: it is parsed with the protocol's schemas, and
 * what does not fit is reported on `errors$` and dropped; nothing a peer sends can throw. The stream
 * is usable once `started` resolves with the `start` metadata (call SID, custom parameters); it
 * must carry µ-law at 8 kHz, the one format the bridge passes through without transcoding.
 *
 * @example
 * ```ts
 * import { TwilioMediaStream } from '@switchboard/transport-twilio';
 * import type { WebSocket } from 'ws';
 *
 * declare const socket: WebSocket;
 * const stream = new TwilioMediaStream(socket);
 * const start = await stream.started;
 * console.log(start.callSid, start.customParameters);
 * stream.messages$.subscribe((message) => { if (message.event === 'dtmf') console.log(message.dtmf.digit); });
 * ```
 */
export class TwilioMediaStream {
  /** Resolves with the `start` metadata; rejects if the socket closes (or times out) first. */
  readonly started: Promise<TwilioStreamStart>;
  /** `media`, `mark`, `dtmf` and `stop` messages, in order; completes when the socket closes. */
  readonly messages$: Observable<TwilioStreamMessage>;
  /** Frames that were not protocol messages, and socket errors. */
  readonly errors$: Observable<TwilioProtocolError | TwilioStreamError>;
  /** Resolves when the socket closed, with its close code and reason. */
  readonly closed: Promise<{ readonly code: number; readonly reason: string }>;
  readonly #socket: WebSocket;
  readonly #messages = new Subject<TwilioStreamMessage>();
  readonly #errors = new Subject<TwilioProtocolError | TwilioStreamError>();
  #start: TwilioStreamStart | undefined;

  constructor(socket: WebSocket, options: TwilioMediaStreamOptions = {}) {
    this.#socket = socket;
    this.messages$ = this.#messages.asObservable();
    this.errors$ = this.#errors.asObservable();
    let started: (start: TwilioStreamStart) => void = () => {};
    let failed: (error: Error) => void = () => {};
    this.started = new Promise((resolve, reject) => {
      started = resolve;
      failed = reject;
    });
    // Nobody may be waiting yet; the rejection is still observed by whoever awaits it later.
    this.started.catch(() => {});
    const timer = setTimeout(() => {
      failed(new TwilioProtocolError('no start message arrived in time', undefined));
      socket.close(1008, 'no start message');
    }, options.startTimeoutMs ?? 10_000);
    timer.unref?.();
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        clearTimeout(timer);
        failed(new TwilioProtocolError(`the stream closed before it started (code ${code})`, undefined));
        this.#messages.complete();
        resolve({ code, reason: reason.toString() });
      });
    });
    socket.on('error', (error) =>
      this.#errors.next(
        new TwilioStreamError('socket_failed', `the stream's socket failed: ${error.message}`, {
          cause: error,
        }),
      ),
    );
    socket.on('message', (data, isBinary) => {
      if (isBinary) {
        this.#errors.next(
          new TwilioProtocolError('a binary frame arrived; the protocol is JSON text', undefined),
        );
        return;
      }
      const message = this.#parse(String(data));
      if (!message) return;
      if (message.event === 'start') {
        if (this.#start) return this.#errors.next(new TwilioProtocolError('a second start message', 'start'));
        const format = message.start.mediaFormat;
        if (format.encoding !== 'audio/x-mulaw' || format.sampleRate !== 8000) {
          failed(
            new TwilioProtocolError(
              `unsupported media format ${format.encoding}/${format.sampleRate}`,
              'start',
            ),
          );
          socket.close(1003, 'unsupported media format');
          return;
        }
        this.#start = message.start;
        clearTimeout(timer);
        started(message.start);
      } else if (message.event !== 'connected') {
        if (!this.#start || message.streamSid !== this.#start.streamSid) {
          this.#errors.next(
            new TwilioProtocolError(`"${message.event}" for an unknown stream`, message.event),
          );
          return;
        }
        this.#messages.next(message);
      }
    });
  }

  /** The `start` metadata, once it arrived. */
  get start(): TwilioStreamStart | undefined {
    return this.#start;
  }

  /** Whether the socket is open. */
  get open(): boolean {
    return this.#socket.readyState === this.#socket.OPEN;
  }

  /** Queues base64 µ-law (8 kHz) for playback to the caller. */
  sendMedia(payload: string): void {
    this.#send({ event: 'media', streamSid: this.#sid(), media: { payload } });
  }

  /** A mark after the media sent so far: Twilio echoes it once that audio played (or was cleared). */
  sendMark(name: string): void {
    this.#send({ event: 'mark', streamSid: this.#sid(), mark: { name } });
  }

  /** Drops every queued media frame; Twilio echoes the marks still queued. */
  clear(): void {
    this.#send({ event: 'clear', streamSid: this.#sid() });
  }

  /** Ends the stream (and so the `<Connect>`: with nothing after it in the TwiML, the call ends). */
  close(code = 1000, reason = 'stream ended'): void {
    if (this.#socket.readyState === this.#socket.OPEN || this.#socket.readyState === this.#socket.CONNECTING)
      this.#socket.close(code, reason);
  }

  #sid(): string {
    return this.#start?.streamSid ?? '';
  }

  #send(message: TwilioOutbound): void {
    if (this.open && this.#start) this.#socket.send(JSON.stringify(message));
  }

  #parse(text: string): TwilioInbound | undefined {
    const value = decodeJson(text);
    const event =
      typeof value === 'object' && value !== null ? (value as { event?: unknown }).event : undefined;
    const parsed = TwilioInboundSchema.safeParse(value);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join('.') || 'message'}: ${issue.message}` : 'invalid';
    this.#errors.next(
      new TwilioProtocolError(
        `not a media-stream message (${where})`,
        typeof event === 'string' ? event : undefined,
      ),
    );
    return undefined;
  }
}

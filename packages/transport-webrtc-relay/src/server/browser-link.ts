import type { WebSocket } from 'ws';
import { z } from 'zod';
import { type BrowserToServer, POLICY_VIOLATION_CLOSE, type ServerToBrowser } from '../relay-protocol.js';
import { RelayViolationError } from './errors.js';
import type { ResolvedLimits } from './options.js';
import { TokenBucket } from './rate-limit.js';

/** An SDP offer is a few KiB; anything near this is not one. */
const MAX_SDP_CHARS = 64 * 1024;

/**
 * What a browser may send, and nothing else: strict objects, so an unexpected field is refused
 * rather than carried along.
 */
const BrowserMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('offer'), sdp: z.string().min(1).max(MAX_SDP_CHARS) }),
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.literal('server_event'), id: z.number().int().positive(), event: z.string() }),
  z.strictObject({ type: z.literal('refresh_secret') }),
  z.strictObject({
    type: z.literal('failed'),
    code: z.enum(['microphone_denied', 'sdp_failed', 'peer_failed', 'timeout']),
    message: z.string().max(2000),
  }),
  z.strictObject({ type: z.literal('hangup') }),
]);

/** What the link reports to the call that owns it. */
export interface BrowserLinkHandlers {
  /** A well-formed message, within the limits. */
  message(message: BrowserToServer): void;
  /** A refused message (already answered with a `notice`). */
  violation(error: RelayViolationError): void;
  /** The socket closed (by either side). */
  closed(code: number, reason: string): void;
}

/** How long a closing socket may take to answer the close frame before it is cut. */
const CLOSE_TIMEOUT_MS = 1000;
/** What a relayed event may add to the server's own largest message (an echo adds defaults and ids). */
const ECHO_ALLOWANCE_BYTES = 64 * 1024;

/**
 * The server's end of one browser's relay socket: it enforces the frame size and the message schema
 * before anything reaches the call, answers each refusal with a `notice`, and closes the socket with
 * 1008 once the browser has broken the rules `maxViolations` times. The rate limits slow the browser
 * down instead of refusing: once a bucket is in debt, what was already read waits in order and the
 * socket is not read (TCP pushes back on the browser) until the debt is repaid, so a burst of
 * legitimate events is delayed, never dropped, and a flood costs the server only what one read holds.
 */
export class BrowserLink {
  readonly #socket: WebSocket;
  readonly #limits: ResolvedLimits;
  readonly #handlers: BrowserLinkHandlers;
  readonly #messages: TokenBucket;
  readonly #bytes: TokenBucket;
  readonly #closed: Promise<void>;
  #violations = 0;
  #open = true;
  /** Frames read while the rate limits are in debt, oldest first. */
  readonly #waiting: { readonly data: Buffer | Buffer[] | ArrayBuffer; readonly isBinary: boolean }[] = [];
  /** Set while the link waits for the rate limits' debt to be repaid. */
  #drainTimer: ReturnType<typeof setTimeout> | undefined;
  /** The largest message the server sent here: its echo (`session.updated`) comes back about as large. */
  #largestSent = 0;

  constructor(socket: WebSocket, limits: ResolvedLimits, handlers: BrowserLinkHandlers) {
    this.#socket = socket;
    this.#limits = limits;
    this.#handlers = handlers;
    this.#messages = new TokenBucket(limits.messagesPerSecond, limits.messagesPerSecond * 2);
    this.#bytes = new TokenBucket(limits.bytesPerSecond, limits.bytesPerSecond * 2);
    this.#closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        this.#open = false;
        clearTimeout(this.#drainTimer);
        resolve();
        handlers.closed(code, reason.toString());
      });
    });
    // A socket error is followed by 'close'; listening keeps ws from throwing it at the server.
    socket.on('error', () => {});
    socket.on('message', (data, isBinary) => {
      this.#waiting.push({ data: data as Buffer | Buffer[] | ArrayBuffer, isBinary });
      if (this.#waiting.length === 1 && !this.#drainTimer) this.#drain();
    });
  }

  /** Whether the socket is still open. */
  get open(): boolean {
    return this.#open;
  }

  /** Sends one message; silently nothing once the socket is closing. */
  send(message: ServerToBrowser): void {
    if (!this.#open || this.#socket.readyState !== this.#socket.OPEN) return;
    const text = JSON.stringify(message);
    this.#largestSent = Math.max(this.#largestSent, Buffer.byteLength(text));
    this.#socket.send(text);
  }

  /**
   * The largest frame accepted from the browser: `maxMessageBytes`, or more when the server itself
   * sent a larger message, whose echo must get through (issue 10: a 300 KiB `session.updated`
   * echoing long instructions was refused, and with it the call).
   */
  get maxIncomingBytes(): number {
    return Math.max(this.#limits.maxMessageBytes, 2 * this.#largestSent + ECHO_ALLOWANCE_BYTES);
  }

  /** Refuses something the call found wrong in a valid message (a forged tool call …). */
  refuse(error: RelayViolationError): void {
    this.#violations += 1;
    this.send({ type: 'notice', code: error.kind, message: error.message });
    this.#handlers.violation(error);
    if (this.#violations >= this.#limits.maxViolations) {
      this.close(POLICY_VIOLATION_CLOSE, 'too many refused messages').catch(() => this.#socket.terminate());
    }
  }

  /** Closes the socket; resolves once it is closed (cut after a second without an answer). */
  close(code = 1000, reason = ''): Promise<void> {
    if (this.#open) {
      this.#open = false;
      try {
        this.#socket.close(code, reason);
      } catch {
        this.#socket.terminate();
      }
      const timer = setTimeout(() => this.#socket.terminate(), CLOSE_TIMEOUT_MS);
      timer.unref?.();
      const stop = () => clearTimeout(timer);
      this.#closed.then(stop, stop);
    }
    return this.#closed;
  }

  /**
   * Handles the frames that wait, in order, charging each to the rate limits; when a charge puts a
   * bucket in debt, stops reading the socket and comes back once the debt is repaid.
   */
  #drain(): void {
    this.#drainTimer = undefined;
    for (let frame = this.#waiting.shift(); frame && this.#open; frame = this.#waiting.shift()) {
      const size = byteLength(frame.data);
      const waitMs = Math.max(this.#messages.charge(1), this.#bytes.charge(size));
      this.#receive(frame.data, size, frame.isBinary);
      if (waitMs > 0) {
        this.#socket.pause();
        this.#drainTimer = setTimeout(() => this.#drain(), Math.ceil(waitMs));
        return;
      }
    }
    if (this.#socket.isPaused) this.#socket.resume();
  }

  /** One frame of an open link (`#drain` stops at the close). */
  #receive(data: Buffer | Buffer[] | ArrayBuffer, size: number, isBinary: boolean): void {
    if (size > this.maxIncomingBytes) {
      this.refuse(
        new RelayViolationError('too_large', `${size} bytes; the limit is ${this.maxIncomingBytes}`),
      );
      return;
    }
    if (isBinary) {
      this.refuse(new RelayViolationError('bad_message', 'binary frames are not accepted'));
      return;
    }
    let decoded: unknown;
    try {
      decoded = JSON.parse(textOf(data));
    } catch {
      this.refuse(new RelayViolationError('not_json', 'the message is not JSON'));
      return;
    }
    const parsed = BrowserMessageSchema.safeParse(decoded);
    if (!parsed.success) {
      const type = typeOfValue(decoded);
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      this.refuse(new RelayViolationError('bad_message', `${where}${issue?.message ?? 'invalid'}`, type));
      return;
    }
    this.#handlers.message(parsed.data);
  }
}

function byteLength(data: Buffer | Buffer[] | ArrayBuffer): number {
  if (Array.isArray(data)) return data.reduce((sum, chunk) => sum + chunk.length, 0);
  return data.byteLength;
}

function textOf(data: Buffer | Buffer[] | ArrayBuffer): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}

function typeOfValue(value: unknown): string | undefined {
  const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  return typeof type === 'string' ? type.slice(0, 100) : undefined;
}

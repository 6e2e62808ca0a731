import type { ClientEvent, RealtimeTransport, TransportError, TransportStatus } from '@switchboard/core';
import { websocketTransport } from '@switchboard/transport-websocket';
import type OpenAI from 'openai';
import { merge, type Observable, ReplaySubject, Subject } from 'rxjs';
import { SipCallError } from './errors.js';
import type { SipTransportOptions } from './options.js';

/**
 * One accepted SIP call as a `RealtimeTransport`: the server-side control WebSocket of the call
 * (`?call_id=`, through `@switchboard/transport-websocket`), plus the call itself: {@link hangup}
 * (`calls.hangup`) and {@link refer} (`calls.refer`, a transfer). The API plays the audio to the
 * caller (`playback: 'server'`), so an interruption also clears its output buffer.
 *
 * Ending: `hangup()` and a successful `refer()` end the transport with reason `client` (the app
 * ended the call); `close()` also hangs up a call that is still on, so no caller is left with an
 * agent nobody controls. The caller hanging up closes the socket from the server's side.
 *
 * @example
 * ```ts
 * import { RealtimeSession, type Swarm } from '@switchboard/core';
 * import { sipTransport } from '@switchboard/transport-sip';
 * import OpenAI from 'openai';
 *
 * declare const event: { data: { call_id: string } }; // the verified realtime.call.incoming webhook
 * declare const swarm: Swarm<{ notes: string[] }>;
 * const transport = sipTransport({ callId: event.data.call_id, client: new OpenAI() });
 * const session = new RealtimeSession({ swarm, transport });
 * await session.connect();
 * ```
 */
export class SipTransport implements RealtimeTransport {
  readonly playback = 'server';
  readonly callId: string;
  readonly events$: Observable<unknown>;
  readonly status$: Observable<TransportStatus>;
  readonly errors$: Observable<TransportError>;
  readonly #client: OpenAI;
  readonly #keepCallOnClose: boolean;
  readonly #socket: RealtimeTransport;
  readonly #status = new ReplaySubject<TransportStatus>(1);
  readonly #errors = new Subject<TransportError>();
  /** Set once the app ended the call (hang-up or transfer): the socket's close is then ours. */
  #left: 'hangup' | 'transfer' | undefined;

  constructor(options: SipTransportOptions) {
    this.callId = options.callId;
    this.#client = options.client;
    this.#keepCallOnClose = options.keepCallOnClose === true;
    this.#socket = websocketTransport({
      dialect: 'ga',
      url: `${options.client.baseURL.replace(/\/+$/, '')}/realtime`,
      callId: options.callId,
      ...(options.client.apiKey ? { apiKey: options.client.apiKey } : {}),
    });
    this.events$ = this.#socket.events$;
    this.errors$ = merge(this.#socket.errors$, this.#errors);
    this.status$ = this.#status.asObservable();
    this.#socket.status$.subscribe({
      next: (status) => {
        const ours = status.state === 'closed' && this.#left !== undefined;
        this.#status.next(ours ? { state: 'closed', reason: { kind: 'client' } } : status);
      },
      complete: () => this.#status.complete(),
    });
  }

  /** Opens the control socket; resolves when it is open. */
  connect(): Promise<void> {
    return this.#socket.connect();
  }

  send(event: ClientEvent): void {
    this.#socket.send(event);
  }

  /** Ends the call (`calls.hangup`) and closes the socket. A call that already ended is not an error. */
  async hangup(): Promise<void> {
    if (this.#left !== undefined) return;
    this.#left = 'hangup';
    try {
      await this.#client.realtime.calls.hangup(this.callId);
    } catch (error) {
      if (!isGone(error)) this.#errors.next(new SipCallError('hangup', this.callId, error));
    }
    await this.#socket.close();
  }

  /**
   * Transfers the call to `targetUri` (`tel:+1…` or `sip:agent@example.com`) with a SIP REFER. On
   * success the call has left: the socket closes and the transport ends. Rejects with a
   * {@link SipCallError} when the API refuses, and the call goes on.
   */
  async refer(targetUri: string): Promise<void> {
    if (this.#left !== undefined) throw new SipCallError('refer', this.callId, 'the call has ended');
    this.#left = 'transfer';
    try {
      await this.#client.realtime.calls.refer(this.callId, { target_uri: targetUri });
    } catch (error) {
      this.#left = undefined;
      throw new SipCallError('refer', this.callId, error);
    }
    await this.#socket.close();
  }

  /**
   * Closes the control socket, hanging up first when the app has not ended the call already (unless
   * `keepCallOnClose`: then the call stays on for another control socket).
   */
  async close(): Promise<void> {
    if (this.#left === undefined && !this.#keepCallOnClose) await this.hangup();
    else await this.#socket.close();
  }
}

/**
 * Makes the transport of one accepted SIP call (see {@link SipTransport}).
 *
 * @example
 * ```ts
 * import OpenAI from 'openai';
 * import { sipTransport } from '@switchboard/transport-sip';
 *
 * const transport = sipTransport({ callId: 'rtc_123', client: new OpenAI() });
 * ```
 */
export function sipTransport(options: SipTransportOptions): SipTransport {
  return new SipTransport(options);
}

/** The call is already over (the caller hung up, or it was transferred): nothing left to end. */
function isGone(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  return status === 404 || (status === 400 && (error as { code?: unknown }).code === 'call_ended');
}

import type { ClientEvent, RealtimeTransport } from '@switchboard/core';
import { websocketTransport } from '@switchboard/transport-websocket';
import type { Subscription } from 'rxjs';
import type { BrowserToServer } from '../relay-protocol.js';
import { type CallHost, type CallMode, initialSession } from './call-mode.js';
import { asHttpError, RealtimeHttpError, RelayViolationError } from './errors.js';
import { createCall, hangUpCall } from './realtime-http.js';

/**
 * Sideband mode (GA): the browser sends its SDP offer over the relay socket; the server creates the
 * call with its own key and the session's first config (`POST /realtime/calls`, multipart `sdp` +
 * `session`), returns the answer, and opens its own WebSocket to the call (`?call_id=`). From then
 * on every event flows between that socket and the session: the browser carries only audio, and
 * nothing it sends over the relay socket can reach the session (a `server_event` is refused).
 */
export class SidebandCall implements CallMode {
  readonly #host: CallHost;
  #pending: ClientEvent[] = [];
  #socket: RealtimeTransport | undefined;
  #subscriptions: Subscription[] = [];
  #callId: string | undefined;
  #offered = false;
  #stopped = false;

  constructor(host: CallHost) {
    this.#host = host;
  }

  /** The call's id, once the realtime endpoint answered the offer. */
  get callId(): string | undefined {
    return this.#callId;
  }

  start(initial: readonly ClientEvent[]): void {
    this.#pending.push(...initial);
    this.#host.link.send({ type: 'bootstrap', mode: 'sideband' });
  }

  send(event: ClientEvent): void {
    if (this.#socket) this.#socket.send(event);
    else this.#pending.push(event);
  }

  browserMessage(message: BrowserToServer): void {
    switch (message.type) {
      case 'offer':
        if (this.#offered) {
          this.#host.link.refuse(new RelayViolationError('not_allowed', 'the call has its offer', 'offer'));
          return;
        }
        this.#offered = true;
        this.#dial(message.sdp).catch((error: unknown) =>
          this.#host.end({
            kind: 'network_error',
            message: `the call could not be set up: ${error instanceof Error ? error.message : String(error)}`,
          }),
        );
        return;
      case 'ready':
        return;
      default:
        // Events reach the session only from the call's own socket, never from the browser.
        this.#host.link.refuse(
          new RelayViolationError(
            'not_allowed',
            `"${message.type}" is not accepted in sideband mode`,
            message.type,
          ),
        );
    }
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    for (const subscription of this.#subscriptions) subscription.unsubscribe();
    const socket = this.#socket;
    this.#socket = undefined;
    const callId = this.#callId;
    await Promise.all([
      socket?.close(),
      callId === undefined
        ? undefined
        : hangUpCall(this.#host.api, callId).catch((error: unknown) => {
            // A call the model side already ended answers 404: nothing is left to release.
            if (!(error instanceof RealtimeHttpError && error.status === 404))
              this.#host.error(asHttpError('hang up', error));
          }),
    ]);
  }

  async #dial(sdp: string): Promise<void> {
    const host = this.#host;
    let created: { answer: string; callId: string };
    try {
      created = await createCall(host.api, {
        sdp,
        session: { ...initialSession(this.#pending), model: host.model },
      });
    } catch (error) {
      const { message, status } = asHttpError('create call', error);
      if (status === 401 || status === 403) host.end({ kind: 'auth_failed', status, message });
      else host.end({ kind: 'network_error', message: `the call could not be created: ${message}` });
      return;
    }
    if (this.#stopped) {
      await hangUpCall(host.api, created.callId).catch(() => {});
      return;
    }
    this.#callId = created.callId;
    host.link.send({ type: 'answer', sdp: created.answer });
    const socket = websocketTransport({
      dialect: 'ga',
      url: `${host.api.baseURL}/realtime`,
      callId: created.callId,
      ...(host.api.apiKey === undefined ? {} : { apiKey: host.api.apiKey }),
    });
    this.#socket = socket;
    this.#subscriptions.push(
      socket.events$.subscribe((event) => host.emit(event)),
      socket.errors$.subscribe((error) => host.error(error)),
      socket.status$.subscribe((status) => {
        if (status.state === 'closed' && status.reason.kind !== 'client') host.end(status.reason);
      }),
    );
    // The socket queues until it is open, so the order of the session's events is kept.
    const pending = this.#pending;
    this.#pending = [];
    for (const event of pending) socket.send(event);
    await socket.connect().catch(() => {
      // Reported through status$ above.
    });
  }
}

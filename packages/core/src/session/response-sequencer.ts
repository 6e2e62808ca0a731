import { isOutOfBand } from '../pipeline/response-calls.js';
import type { ClientEventOf, ResponseCreateParams, ServerEvent } from '../protocol/index.js';

/** The error code the API answers with when a second conversation response is requested. */
const ACTIVE_RESPONSE_CODE = 'conversation_already_has_active_response';
/** Marks a slot the server says is taken by a response whose id we have not seen. */
const UNKNOWN_ACTIVE = '\u0000unknown-active-response';

/**
 * Sends `response.create` for the automatic parts of the session (after tool outputs, after a
 * handoff) without ever asking while a conversation response is active, which the server rejects.
 *
 * Requests made while the slot is taken are merged into one and sent when `response.done` frees it;
 * a request the server rejects as concurrent is not lost but retried the same way. Out-of-band responses (`conversation: "none"`) do not take the slot.
 *
 * @example
 * ```ts
 * import { type RealtimeTransport, ResponseSequencer, type ServerEvent } from '@switchboard/core';
 *
 * declare const transport: RealtimeTransport;
 * declare const events$: { subscribe(next: (event: ServerEvent) => void): unknown };
 * const sequencer = new ResponseSequencer((event) => transport.send(event));
 * events$.subscribe((event) => sequencer.observe(event));
 * sequencer.request(); // sent now if no response is active, else when the active one is done
 * ```
 */
export class ResponseSequencer {
  #activeResponseId: string | undefined;
  /** A `response.create` sent and not yet followed by any `response.created`. */
  #inFlight: SentCreate | undefined;
  /**
   * Creates sent before a `response.created` we cannot tie to them: that response may have been
   * someone else's (server VAD), so an error naming one of these ids is still ours to retry.
   */
  /** Made at the first create sent while another is in flight. */
  #unconfirmed: Map<string, SentCreate> | undefined;
  #pending: { params: ResponseCreateParams | undefined } | undefined;
  /** What holds the slot although no conversation response is active (a filler being spoken); made at the first hold. */
  #holds: Set<string> | undefined;
  #counter = 0;

  readonly #send: (event: ClientEventOf<'response.create'>) => void;
  readonly #eventIdPrefix: string;

  constructor(send: (event: ClientEventOf<'response.create'>) => void, eventIdPrefix = 'sb_response_') {
    this.#send = send;
    this.#eventIdPrefix = eventIdPrefix;
  }

  /** Whether a conversation response is being generated (one we know of, or one the server said exists). */
  get responseActive(): boolean {
    return this.#activeResponseId !== undefined;
  }

  /** The conversation response being generated, when its id is known. */
  get activeResponseId(): string | undefined {
    return this.#activeResponseId === UNKNOWN_ACTIVE ? undefined : this.#activeResponseId;
  }

  /** Whether a conversation response is being generated (or has been requested and not yet started). */
  get busy(): boolean {
    return this.#activeResponseId !== undefined || this.#inFlight !== undefined;
  }

  /**
   * Whether nothing is going on in the conversation's response slot: no response active, none sent
   * and unanswered, none waiting to be sent.
   */
  get idle(): boolean {
    return !this.busy && this.#pending === undefined;
  }

  /** Asks for one response; merged with any request still waiting for the slot. */
  request(params?: ResponseCreateParams): void {
    this.#pending = { params: params ?? this.#pending?.params };
    this.#flush();
  }

  /** Keeps requests waiting until {@link release} with the same key (a filler that must not be talked over). */
  hold(key: string): void {
    this.#holds ??= new Set();
    this.#holds.add(key);
  }

  /** Ends a {@link hold}: a request that waited is sent now if the slot is free. */
  release(key: string): void {
    if (this.#holds?.delete(key)) this.#flush();
  }

  /**
   * Drops a waiting request (after an interruption or when the session closes); a request already
   * sent is no longer retried if the server refuses it as concurrent.
   */
  cancelPending(): void {
    this.#pending = undefined;
    if (this.#inFlight) this.#inFlight.withdrawn = true;
    for (const sent of this.#unconfirmed?.values() ?? []) sent.withdrawn = true;
  }

  /** Feeds the server's events so the sequencer knows when the response slot is taken and freed. */
  observe(event: ServerEvent): void {
    switch (event.type) {
      case 'response.created':
        if (!isOutOfBand(event.response)) {
          this.#activeResponseId = event.response.id;
          if (this.#inFlight) {
            this.#unconfirmed ??= new Map();
            this.#unconfirmed.set(this.#inFlight.eventId, this.#inFlight);
          }
          this.#inFlight = undefined;
        }
        return;
      case 'response.done':
        if (isOutOfBand(event.response)) return;
        if (event.response.id === this.#activeResponseId || this.#activeResponseId === UNKNOWN_ACTIVE) {
          this.#activeResponseId = undefined;
          // An error for a create always arrives before the end of the response that blocked it.
          this.#unconfirmed?.clear();
          this.#flush();
        }
        return;
      case 'error': {
        const eventId = event.error.event_id;
        const sent = eventId
          ? this.#inFlight?.eventId === eventId
            ? this.#inFlight
            : this.#unconfirmed?.get(eventId)
          : undefined;
        if (!sent || !eventId) return;
        if (this.#inFlight === sent) this.#inFlight = undefined;
        this.#unconfirmed?.delete(eventId);
        if (event.error.code === ACTIVE_RESPONSE_CODE) {
          // Another response (server VAD, the app) holds the slot: wait for its response.done.
          if (!sent.withdrawn) this.#pending = this.#pending ?? { params: sent.params };
          this.#activeResponseId = this.#activeResponseId ?? UNKNOWN_ACTIVE;
        } else {
          // Refused for its content: sending it again would fail again. The slot is free for what waits.
          this.#flush();
        }
        return;
      }
      default:
        return;
    }
  }

  /**
   * Forgets the slot state, for a fresh connection after a reconnect. A request sent on the old
   * connection that no `response.created` answered is lost with it: it is sent again (merged with
   * any waiting one).
   */
  reset(): void {
    const lost = this.#inFlight;
    if (lost && !lost.withdrawn) this.#pending = this.#pending ?? { params: lost.params };
    this.#activeResponseId = undefined;
    this.#inFlight = undefined;
    this.#unconfirmed?.clear();
    this.#holds?.clear();
    this.#flush();
  }

  #flush(): void {
    if (!this.#pending || this.busy || (this.#holds !== undefined && this.#holds.size > 0)) return;
    const { params } = this.#pending;
    this.#pending = undefined;
    const eventId = `${this.#eventIdPrefix}${++this.#counter}`;
    this.#inFlight = { eventId, params };
    this.#send(
      params
        ? { type: 'response.create', event_id: eventId, response: params }
        : { type: 'response.create', event_id: eventId },
    );
  }
}

interface SentCreate {
  readonly eventId: string;
  readonly params: ResponseCreateParams | undefined;
  /** Cancelled by the app (an interruption) after it was sent: not retried. */
  withdrawn?: boolean;
}

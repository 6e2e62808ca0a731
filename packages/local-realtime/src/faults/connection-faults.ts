import type { ServerEvent } from '@switchboard/core/protocol';
import type { RealtimeErrorBody } from '../session/errors.js';
import { newId } from '../session/ids.js';
import type { PlannedFailure } from '../session/response-runner.js';
import type { Fault, FaultTrigger, FiredFault, InjectedError } from './fault-types.js';

/** What a connection's faults act on. */
export interface FaultTarget {
  readonly sessionId: string;
  /** Puts one server event on the wire. */
  deliver(event: ServerEvent): void;
  /** Ends the connection: with no close frame, or with this close frame. */
  drop(close: { readonly code: number; readonly reason: string } | undefined): void;
  /** Makes the `nth` response from now on fail (see `LocalSession.failResponse`). */
  failResponse(nth: number, failure: PlannedFailure): void;
  /** The message of the `session_expired` error (it names the session's maximum duration). */
  expiredMessage(): string;
  /** A fault fired. */
  fired(fired: FiredFault): void;
}

/** One fault armed on the connection, with its own counts. */
interface Armed {
  readonly fault: Fault;
  /** Server events sent since it was armed. */
  sent: number;
  /** Events of its type seen (for `nth`). */
  seen: number;
  done: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** A `reorder`'s event, held until its `after` event has gone out. */
  held: ServerEvent | undefined;
}

const DEFAULT_ERROR_MESSAGE = 'The server had an error while processing your request. (injected fault)';

/** The `error` body of an injected `error` event or failed response. */
function errorBody(error: InjectedError | undefined): RealtimeErrorBody {
  return {
    type: (error?.type ?? 'server_error') as RealtimeErrorBody['type'],
    code: error?.code ?? null,
    message: error?.message ?? DEFAULT_ERROR_MESSAGE,
    param: error?.param ?? null,
    event_id: null,
  };
}

function isBefore(trigger: FaultTrigger): trigger is { beforeEvent: string; nth?: number } {
  return 'beforeEvent' in trigger;
}

function isAfter(trigger: FaultTrigger): trigger is { afterEvent: string; nth?: number } {
  return 'afterEvent' in trigger;
}

/**
 * The faults of one connection, between its session and the wire: every server event passes
 * through {@link emit}, which fires the faults whose trigger it meets (before or after sending it),
 * holds events while a `delay` runs and sends a `reorder`'s event late. Once the connection is
 * dropped or expired nothing more goes out.
 */
export class ConnectionFaults {
  readonly #target: FaultTarget;
  readonly #armed: Armed[] = [];
  /** Events held by a `delay`, in order. */
  #held: ServerEvent[] = [];
  #holding = false;
  #holdTimer: ReturnType<typeof setTimeout> | undefined;
  #ended = false;

  constructor(target: FaultTarget) {
    this.#target = target;
  }

  /** Arms a fault on this connection; its counts start now. */
  arm(fault: Fault): void {
    if (this.#ended) return;
    const armed: Armed = { fault, sent: 0, seen: 0, done: false, timer: undefined, held: undefined };
    this.#armed.push(armed);
    if (fault.kind === 'reorder') return;
    const at = fault.at;
    if ('now' in at || ('afterEvents' in at && at.afterEvents === 0)) this.#fire(armed, undefined);
    else if ('afterMs' in at) armed.timer = setTimeout(() => this.#fire(armed, undefined), at.afterMs);
  }

  /** Every server event of the session goes through here. */
  emit(event: ServerEvent): void {
    if (this.#ended) return;
    if (this.#holding) this.#held.push(event);
    else this.#process(event);
  }

  /**
   * Ends the session as the API does at its maximum duration: an `error` event (`session_expired`)
   * that no delay holds, then close code 1001 with the same message.
   */
  expire(): void {
    if (this.#ended) return;
    const message = this.#target.expiredMessage();
    this.#target.deliver({
      type: 'error',
      event_id: newId('event'),
      error: { type: 'invalid_request_error', code: 'session_expired', message, param: null, event_id: null },
    });
    this.#end({ code: 1001, reason: message });
  }

  /** The connection is gone: timers stop, nothing more is sent. */
  close(): void {
    this.#ended = true;
    clearTimeout(this.#holdTimer);
    for (const armed of this.#armed) clearTimeout(armed.timer);
    this.#armed.length = 0;
    this.#held = [];
  }

  #process(event: ServerEvent): void {
    for (const armed of [...this.#armed]) {
      if (armed.done) continue;
      const { fault } = armed;
      if (fault.kind === 'reorder') {
        if (armed.held || event.type !== fault.event || ++armed.seen !== (fault.nth ?? 1)) continue;
        armed.held = event;
        return;
      }
      if (!isBefore(fault.at) || event.type !== fault.at.beforeEvent) continue;
      if (++armed.seen !== (fault.at.nth ?? 1)) continue;
      this.#fire(armed, event.type);
      if (this.#ended) return;
      if (this.#holding) {
        this.#held.push(event);
        return;
      }
    }
    this.#send(event);
  }

  /** Sends an event, then fires what waits for it. */
  #send(event: ServerEvent): void {
    this.#target.deliver(event);
    for (const armed of [...this.#armed]) {
      if (armed.done || this.#ended) continue;
      armed.sent += 1;
      const { fault } = armed;
      if (fault.kind === 'reorder') {
        if (armed.held && event.type === fault.after) {
          const late = armed.held;
          this.#retire(armed);
          this.#target.fired({ fault, sessionId: this.#target.sessionId, event: late.type });
          this.#send(late);
        }
        continue;
      }
      const at = fault.at;
      if ('afterEvents' in at && armed.sent === at.afterEvents) this.#fire(armed, event.type);
      else if (isAfter(at) && event.type === at.afterEvent && ++armed.seen === (at.nth ?? 1))
        this.#fire(armed, event.type);
    }
  }

  #fire(armed: Armed, eventType: string | undefined): void {
    if (armed.done || this.#ended) return;
    this.#retire(armed);
    const { fault } = armed;
    this.#target.fired({
      fault,
      sessionId: this.#target.sessionId,
      ...(eventType === undefined ? {} : { event: eventType }),
    });
    switch (fault.kind) {
      case 'drop':
        this.#end(fault.close ? { code: fault.close.code, reason: fault.close.reason ?? '' } : undefined);
        return;
      case 'expire':
        this.expire();
        return;
      case 'error':
        this.#target.deliver({ type: 'error', event_id: newId('event'), error: errorBody(fault.error) });
        return;
      case 'delay':
        this.#holding = true;
        clearTimeout(this.#holdTimer);
        this.#holdTimer = setTimeout(() => this.#release(), fault.ms);
        return;
      case 'fail_response': {
        const { type, code, message } = errorBody(fault.error);
        const error = code === null ? { type, message } : { type, code, message };
        this.#target.failResponse(fault.nth ?? 1, { afterItems: fault.afterItems ?? 0, error });
        return;
      }
      case 'reorder':
        return;
    }
  }

  /** A delay is over: the held events go out in order (a fault among them may hold the rest again). */
  #release(): void {
    this.#holding = false;
    const queue = this.#held;
    this.#held = [];
    while (queue.length > 0 && !this.#ended) {
      const event = queue.shift() as ServerEvent;
      if (this.#holding) this.#held.push(event);
      else this.#process(event);
    }
  }

  #retire(armed: Armed): void {
    armed.done = true;
    clearTimeout(armed.timer);
    const index = this.#armed.indexOf(armed);
    if (index >= 0) this.#armed.splice(index, 1);
  }

  #end(close: { readonly code: number; readonly reason: string } | undefined): void {
    this.close();
    this.#target.drop(close);
  }
}

import type { Observable } from 'rxjs';
import type { Agent } from '../definitions/shapes.js';
import { HandoffError, ServerError } from '../errors/session-errors.js';
import type { PreparedSwitch } from '../pipeline/dispatch-host.js';
import { guardedSyncCall } from '../pipeline/guarded-call.js';
import type { ClientEvent, ClientEventOf, ServerEventOf } from '../protocol/index.js';
import { LazyValue } from '../rx/lazy-subjects.js';

/** The last switch sent: its `session.update` may still be refused by the server. */
interface SentSwitch<Ctx> {
  readonly eventId: string;
  readonly previous: Agent<Ctx>;
  readonly agent: Agent<Ctx>;
}

/**
 * The session's active agent and the switches between agents. A switch builds the new agent's
 * `session.update` first (a throwing `instructions()` changes nothing), then makes it active and
 * sends the update with an `event_id`, so that a server `error` naming that id puts the previous
 * agent back: the client never believes in a config the server refused.
 */
export class ActiveAgent<Ctx> {
  readonly #agent: LazyValue<Agent<Ctx>>;
  #lastSwitch: SentSwitch<Ctx> | undefined;
  #switches = 0;

  readonly #build: (agent: Agent<Ctx>) => ClientEventOf<'session.update'>;
  readonly #send: (event: ClientEvent) => void;

  constructor(
    start: Agent<Ctx>,
    build: (agent: Agent<Ctx>) => ClientEventOf<'session.update'>,
    send: (event: ClientEvent) => void,
  ) {
    this.#build = build;
    this.#send = send;
    this.#agent = new LazyValue(start);
  }

  /** Replays the active agent, then every change. */
  get agent$(): Observable<Agent<Ctx>> {
    return this.#agent.observable;
  }

  get value(): Agent<Ctx> {
    return this.#agent.value;
  }

  /** Builds `agent`'s `session.update`; `commit()` then makes it active and sends it. */
  prepare(agent: Agent<Ctx>): PreparedSwitch {
    const built = guardedSyncCall(() => this.#build(agent));
    if (built.status === 'threw') return { ok: false, error: built.error };
    return {
      ok: true,
      commit: () => {
        const eventId = `sb_agent_${++this.#switches}`;
        this.#lastSwitch = { eventId, previous: this.value, agent };
        this.#agent.next(agent);
        this.#send({ ...built.value, event_id: eventId });
      },
    };
  }

  /**
   * Reads a server `error`: when it refuses the latest switch's `session.update` and that agent is
   * still active, the previous one is active again and the returned {@link HandoffError} says why.
   */
  refused(event: ServerEventOf<'error'>): HandoffError | undefined {
    const sent = this.#lastSwitch;
    if (!sent || event.error.event_id !== sent.eventId || this.value !== sent.agent) return undefined;
    this.#lastSwitch = undefined;
    this.#agent.next(sent.previous);
    return new HandoffError(sent.previous.name, sent.agent.name, new ServerError(event));
  }

  complete(): void {
    this.#agent.complete();
  }
}

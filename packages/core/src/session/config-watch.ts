import { ForeignSessionUpdateError } from '../errors/trust-errors.js';
import type { ClientEvent, ClientEventOf, ServerEvent } from '../protocol/index.js';
import { echoDifferences, foldSessionUpdate, type WatchedConfig } from './config-echo.js';

/** What a session does about a foreign config: see `RealtimeSessionOptions.onForeignSessionUpdate`. */
export type ForeignSessionUpdatePolicy = 'reassert' | 'hangup' | 'report';

/** A `session.update` of ours that went out and has no answer yet. */
interface SentUpdate {
  readonly eventId: string;
  readonly session: Readonly<Record<string, unknown>>;
  /** Sent by the watch itself to restore the config. */
  readonly reassert: boolean;
}

/** What the watch needs from its session. */
export interface ConfigWatchHost {
  /** The active agent's name, for the error. */
  agentName(): string;
  send(event: ClientEventOf<'session.update'>): void;
  error(error: ForeignSessionUpdateError): void;
  hangup(): void;
}

/**
 * Watches a realtime session that a browser can change too (`sessionControl: 'shared'`): every
 * `session.update` the session sends is remembered (with an `event_id`, so that a server `error`
 * refusing it can be matched), and every `session.updated` is compared with the config the session
 * has set ({@link echoDifferences}). The server answers updates in order, so an echo while updates
 * of ours are unanswered is the echo of the oldest one and is compared with the config as of it.
 * A config that is not ours is reported, then re-asserted, hung up on, or left, by policy. The echo
 * of a re-assert is ours: if it still differs, that is reported once and not re-asserted again until
 * the differences change, so a re-assert cannot loop.
 */
export class SessionConfigWatch {
  /** The watched fields as every answered update of ours left them on the server. */
  #base: WatchedConfig = {};
  /** Our updates sent and not yet answered, oldest first. */
  #pending: SentUpdate[] = [];
  /** The paths of the last echo that differed (reported already). */
  #reported: ReadonlySet<string> = new Set();
  /** Event ids of re-asserts made and not yet sent. */
  readonly #reasserts = new Set<string>();
  /** How many updates got an `event_id` here, and how many re-asserts were made (for their ids). */
  #stamped = 0;
  #reasserted = 0;
  readonly #policy: ForeignSessionUpdatePolicy;
  readonly #host: ConfigWatchHost;

  constructor(policy: ForeignSessionUpdatePolicy, host: ConfigWatchHost) {
    this.#policy = policy;
    this.#host = host;
  }

  /**
   * The last look at a client event before it goes on the wire: a realtime `session.update` gets an
   * `event_id` (when it has none) and joins the updates waiting for their answer.
   */
  outgoing(event: ClientEvent): ClientEvent {
    if (event.type !== 'session.update' || event.session.type !== 'realtime') return event;
    const eventId = event.event_id ?? `sb_session_${++this.#stamped}`;
    this.#pending.push({ eventId, session: event.session, reassert: this.#reasserts.delete(eventId) });
    return event.event_id === undefined ? { ...event, event_id: eventId } : event;
  }

  observe(event: ServerEvent): void {
    if (event.type === 'error') {
      // The server refused an update of ours: it will not answer it with session.updated.
      const refused = event.error.event_id;
      if (refused) this.#pending = this.#pending.filter((sent) => sent.eventId !== refused);
    } else if (event.type === 'session.updated' && event.session.type === 'realtime') {
      this.#check(event.session);
    }
  }

  /** A new connection is a new session on the server: nothing of ours is set there yet. */
  renewed(): void {
    this.#base = {};
    this.#pending = [];
    this.#reported = new Set();
  }

  #check(echoed: Readonly<Record<string, unknown>>): void {
    const own = this.#pending.shift();
    if (own) this.#base = foldSessionUpdate(this.#base, own.session);
    const differences = echoDifferences(this.#base, echoed);
    const known = this.#reported;
    this.#reported = new Set(differences.map((difference) => difference.path));
    if (differences.length === 0) return;
    const agent = this.#host.agentName();
    if (own?.reassert) {
      this.#host.error(new ForeignSessionUpdateError(agent, differences, 'unrestored'));
      return;
    }
    // Differences reported already and still there are not news (and were acted on).
    if (differences.every((difference) => known.has(difference.path))) return;
    this.#host.error(new ForeignSessionUpdateError(agent, differences, this.#policy));
    if (this.#policy === 'reassert') this.#reassert();
    else if (this.#policy === 'hangup') this.#host.hangup();
  }

  /**
   * Sends again every watched field of ours, as the server should hold it once our updates still
   * unanswered (a handoff's, say) are applied: the re-assert comes after them and must not undo them.
   */
  #reassert(): void {
    const eventId = `sb_reassert_${++this.#reasserted}`;
    this.#reasserts.add(eventId);
    const expected = this.#pending.reduce(
      (config, sent) => foldSessionUpdate(config, sent.session),
      this.#base,
    );
    const session = { ...expected, type: 'realtime' } as ClientEventOf<'session.update'>['session'];
    this.#host.send({ type: 'session.update', event_id: eventId, session });
  }
}

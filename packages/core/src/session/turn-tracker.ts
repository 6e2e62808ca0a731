import { type Observable, ReplaySubject } from 'rxjs';
import type { Agent } from '../definitions/shapes.js';
import { isOutOfBand } from '../pipeline/response-calls.js';
import type { ConversationItem, ServerEvent, ServerEventOf } from '../protocol/index.js';
import { isRecord } from '../protocol/is-record.js';
import { LazySubject } from '../rx/lazy-subjects.js';
import {
  inputSettled,
  type OpenTurnOptions,
  openTurn,
  reduceTurn,
  type TurnEvent,
  type TurnState,
  turnResult,
  yieldedStatus,
} from './turn-reducer.js';
import type { Turn, TurnInput, TurnResult, TurnStatus, TurnStep } from './turn-types.js';

/** What the tracker needs from its session. */
export interface TurnTrackerHost<Ctx> {
  /** No conversation response is active or requested and no call is in the tool pipeline. */
  idle(): boolean;
  agent(): Agent<Ctx>;
  /** The history's copy of an item: its text accumulated from the deltas when the final item leaves it out. */
  historyItem(id: string): ConversationItem | undefined;
  /** A turn started (before `turns$` has it). */
  started(turn: Turn<Ctx>): void;
}

interface OpenTurn<Ctx> {
  readonly turn: Turn<Ctx>;
  state: TurnState;
  readonly steps: ReplaySubject<TurnStep>;
  readonly resolve: (result: TurnResult<Ctx>) => void;
}

/** The server events a turn reads (the rest, deltas above all, never reach the reducer). */
const TURN_EVENTS: ReadonlySet<ServerEvent['type']> = new Set([
  'input_audio_buffer.committed',
  'input_audio_buffer.cleared',
  'conversation.item.input_audio_transcription.completed',
  'response.created',
  'response.done',
  'response.output_item.done',
]);

/**
 * The session's turns: opens one per user input (and per conversation response started while none
 * is open), feeds it the session's events through {@link reduceTurn}, and settles it when the model
 * yields (checked once the event's synchronous effects are done, so the follow-up the pipeline asks
 * for in the same tick counts), on `interrupt()`, on new input, or on close.
 */
export class TurnTracker<Ctx> {
  readonly #turns = new LazySubject<Turn<Ctx>>();
  #open: OpenTurn<Ctx> | undefined;
  #count = 0;
  #checkScheduled = false;
  /** Whether server VAD creates a response when it commits speech (from the server's session events). */
  #autoResponse = true;

  /** Every turn, as it starts. */
  get turns$(): Observable<Turn<Ctx>> {
    return this.#turns.observable;
  }

  readonly #host: TurnTrackerHost<Ctx>;

  constructor(host: TurnTrackerHost<Ctx>) {
    this.#host = host;
  }

  /** The turn not settled yet, if any. */
  get current(): Turn<Ctx> | undefined {
    return this.#open?.turn;
  }

  /**
   * Starts a turn. One still open is settled first: `interrupted`, unless the model has yielded
   * meanwhile; its calls still running go on in the new turn (their ends are reported there).
   */
  start(input: TurnInput, options: Pick<OpenTurnOptions, 'listening'> = {}): Turn<Ctx> {
    this.#checkNow();
    const superseded = this.#open;
    if (superseded) this.#settle(superseded, 'interrupted');
    let resolve!: (result: TurnResult<Ctx>) => void;
    const done = new Promise<TurnResult<Ctx>>((settle) => {
      resolve = settle;
    });
    const steps = new ReplaySubject<TurnStep>();
    const turn: Turn<Ctx> = { id: `turn_${++this.#count}`, input, steps$: steps.asObservable(), done };
    const state = openTurn(input, {
      ...options,
      agent: this.#host.agent().name,
      autoResponse: this.#autoResponse,
      carriedCalls: superseded?.state.toolCalls.filter((call) => call.outcome === undefined) ?? [],
    });
    this.#open = { turn, state, steps, resolve };
    this.#host.started(turn);
    this.#turns.next(turn);
    this.#scheduleCheck();
    return turn;
  }

  /** Reads one server event (after the session's own parts have). */
  observe(event: ServerEvent): void {
    switch (event.type) {
      case 'session.created':
      case 'session.updated':
        this.#autoResponse = createsResponses(event, this.#autoResponse);
        return;
      case 'input_audio_buffer.speech_started':
        if (!this.#open?.state.listening)
          this.start({ kind: 'audio', itemId: event.item_id }, { listening: true });
        return;
      case 'response.created':
        if (!this.#open && !isOutOfBand(event.response)) this.start({ kind: 'response' });
        break;
      case 'response.output_item.done':
        this.#feed(withHistoryText(event, this.#host));
        return;
      default:
        break;
    }
    if (TURN_EVENTS.has(event.type)) this.#feed(event);
  }

  /** Reads a tool-pipeline event, a handoff or an error of the session. */
  report(event: Exclude<TurnEvent, ServerEvent>): void {
    this.#feed(event);
  }

  /** Something outside the event stream changed (the connection was lost): checks again whether the model yielded. */
  recheck(): void {
    if (this.#open) this.#scheduleCheck();
  }

  /** `session.interrupt()`: the open turn is `interrupted`, unless the user is still speaking it. */
  interrupt(): void {
    if (this.#open && !this.#open.state.listening) this.#settle(this.#open, 'interrupted');
  }

  /** The session closed: the open turn is `closed` and `turns$` completes. */
  close(): void {
    if (this.#open) this.#settle(this.#open, 'closed');
    this.#turns.complete();
  }

  #feed(event: TurnEvent): void {
    const open = this.#open;
    if (!open) return;
    // Checked even when the turn's state stays the same: the end of a response that is not the
    // turn's (an older turn's, still ending) may be what frees the session.
    this.#scheduleCheck();
    const before = open.state;
    open.state = reduceTurn(before, event);
    for (let i = before.transcript.length; i < open.state.transcript.length; i++)
      open.steps.next(open.state.transcript[i] as TurnStep);
  }

  #scheduleCheck(): void {
    if (this.#checkScheduled) return;
    this.#checkScheduled = true;
    queueMicrotask(() => this.#checkNow());
  }

  #checkNow(): void {
    this.#checkScheduled = false;
    const open = this.#open;
    if (open && inputSettled(open.state) && this.#host.idle()) this.#settle(open, yieldedStatus(open.state));
  }

  #settle(open: OpenTurn<Ctx>, status: TurnStatus): void {
    if (this.#open === open) this.#open = undefined;
    open.resolve(turnResult(open.state, status, this.#host.agent()));
    open.steps.complete();
  }
}

/**
 * Whether server VAD creates a response once it commits speech: not when the session's
 * `turn_detection` is `null` or says `create_response: false`. A carried field under the tolerance
 * policy, so read defensively: anything else keeps what was known.
 */
function createsResponses(
  event: ServerEventOf<'session.created' | 'session.updated'>,
  previous: boolean,
): boolean {
  const audio: unknown = event.session.audio;
  const input = isRecord(audio) ? audio.input : undefined;
  const detection = isRecord(input) ? input.turn_detection : undefined;
  if (detection === null) return false;
  return isRecord(detection) ? detection.create_response !== false : previous;
}

/** The finished item as the history holds it (text accumulated from the deltas if the final item has none). */
function withHistoryText(
  event: ServerEventOf<'response.output_item.done'>,
  host: TurnTrackerHost<unknown>,
): ServerEventOf<'response.output_item.done'> {
  const kept = event.item.id === undefined ? undefined : host.historyItem(event.item.id);
  return kept ? { ...event, item: kept } : event;
}

import { filter, map, type Observable } from 'rxjs';
import type { SessionError } from '../errors/session-errors.js';
import type { ConversationItem, ServerEvent, UnknownServerEvent } from '../protocol/index.js';
import { LazySubject, LazyValue } from '../rx/lazy-subjects.js';
import type { BudgetEvent } from './budget-options.js';
import type { FillerEvent } from './dead-air.js';
import type { GuardrailEvent } from './guardrail-options.js';
import { applyToItems, emptyHistory, type HistoryState } from './history.js';
import { OwnedItems } from './item-list.js';
import type { RolloverEvent } from './rollover.js';
import type { HandoffEvent, ToolCallEvent } from './session-events.js';
import type { TurnEvent } from './turn-reducer.js';

/** What a session's turns hear of the pipeline besides server events. */
export type TurnReport = Exclude<TurnEvent, ServerEvent>;

/**
 * A session's outward streams: server events, the conversation, tool calls, handoffs, errors,
 * rollovers, fillers, guardrail trips and budget steps. Each subject is made when its stream is first read (an idle session nobody watches
 * holds none); tool calls, handoffs and errors also go to the session's turns, first, whether
 * anyone watches or not.
 */
export class SessionStreams {
  readonly #events = new LazySubject<ServerEvent | UnknownServerEvent>();
  /** The conversation, changed in place; {@link history} is a copy made when read after a change. */
  readonly #conversation = new OwnedItems();
  #state: HistoryState = emptyHistory;
  /** The conversation's change count {@link #state} was copied at. */
  #stateAt = 0;
  readonly #history = new LazyValue<HistoryState>(emptyHistory);
  readonly #toolCalls = new LazySubject<ToolCallEvent>();
  readonly #handoffs = new LazySubject<HandoffEvent>();
  readonly #errors = new LazySubject<SessionError>();
  readonly #rollovers = new LazySubject<RolloverEvent>();
  readonly #fillers = new LazySubject<FillerEvent>();
  readonly #guardrails = new LazySubject<GuardrailEvent>();
  readonly #budget = new LazySubject<BudgetEvent>();
  readonly #report: (event: TurnReport) => void;
  #dtmf: Observable<string> | undefined;

  /** @param report - Hears every tool call event, handoff and error before the streams do. */
  constructor(report: (event: TurnReport) => void) {
    this.#report = report;
  }

  get events$(): Observable<ServerEvent | UnknownServerEvent> {
    return this.#events.observable;
  }

  get history$(): Observable<HistoryState> {
    // Starts from the conversation now (nobody heard the changes before the first read).
    if (!this.#history.observed) this.#history.next(this.history);
    return this.#history.observable;
  }

  get toolCalls$(): Observable<ToolCallEvent> {
    return this.#toolCalls.observable;
  }

  get handoffs$(): Observable<HandoffEvent> {
    return this.#handoffs.observable;
  }

  get errors$(): Observable<SessionError> {
    return this.#errors.observable;
  }

  get rollovers$(): Observable<RolloverEvent> {
    return this.#rollovers.observable;
  }

  get fillers$(): Observable<FillerEvent> {
    return this.#fillers.observable;
  }

  get guardrails$(): Observable<GuardrailEvent> {
    return this.#guardrails.observable;
  }

  get budget$(): Observable<BudgetEvent> {
    return this.#budget.observable;
  }

  /** Keys pressed on a phone line, from `input_audio_buffer.dtmf_event_received`. */
  get dtmf$(): Observable<string> {
    this.#dtmf ??= this.events$.pipe(
      filter((event) => event.type === 'input_audio_buffer.dtmf_event_received'),
      map((event) => event.event),
    );
    return this.#dtmf;
  }

  /** The conversation now (the same object until it changes). */
  get history(): HistoryState {
    const changes = this.#conversation.changes;
    if (this.#stateAt !== changes) {
      this.#state = { items: this.#conversation.items.slice() };
      this.#stateAt = changes;
    }
    return this.#state;
  }

  /** The conversation's item with `id`. */
  item(id: string): ConversationItem | undefined {
    const index = this.#conversation.indexOf(id);
    return index === -1 ? undefined : this.#conversation.items[index];
  }

  /** Applies a server event to the conversation (see `reduceHistory`); `history$` hears a change. */
  apply(event: ServerEvent): void {
    const before = this.#conversation.changes;
    applyToItems(this.#conversation, event);
    if (this.#conversation.changes !== before && this.#history.observed) this.#history.next(this.history);
  }

  event(event: ServerEvent | UnknownServerEvent): void {
    this.#events.next(event);
  }

  toolCall(event: ToolCallEvent): void {
    this.#report(event);
    this.#toolCalls.next(event);
  }

  handoff(event: HandoffEvent): void {
    this.#report(event);
    this.#handoffs.next(event);
  }

  error(error: SessionError): void {
    this.#report({ type: 'session_error', error });
    this.#errors.next(error);
  }

  rollover(event: RolloverEvent): void {
    this.#rollovers.next(event);
  }

  filler(event: FillerEvent): void {
    this.#fillers.next(event);
  }

  guardrail(event: GuardrailEvent): void {
    this.#guardrails.next(event);
  }

  budget(event: BudgetEvent): void {
    this.#budget.next(event);
  }

  /** Completes every stream (a stream first read later completes at once). */
  complete(): void {
    for (const stream of [
      this.#events,
      this.#history,
      this.#toolCalls,
      this.#handoffs,
      this.#errors,
      this.#rollovers,
      this.#fillers,
      this.#guardrails,
      this.#budget,
    ]) {
      stream.complete();
    }
  }
}

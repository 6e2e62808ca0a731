import { BehaviorSubject, filter, map, type Observable, Subject, Subscription } from 'rxjs';
import type { Agent, Handoff } from '../definitions/shapes.js';
import type { Swarm } from '../definitions/swarm.js';
import { AgentConfigError, HandoffResolutionError } from '../errors/config-errors.js';
import { describeCause } from '../errors/describe-cause.js';
import {
  AudioSettingKeptWarning,
  FunctionResultError,
  HandoffError,
  InputTooLargeError,
  InstructionsError,
  ServerError,
  SessionArgumentError,
  type SessionError,
  SessionStateError,
  TelemetryError,
} from '../errors/session-errors.js';
import { TransportCloseError } from '../errors/transport-errors.js';
import { priceTable } from '../observability/pricing.js';
import {
  guardedInToolCall,
  type ObservedSession,
  type SessionTelemetryScope,
  type TransportDescription,
} from '../observability/telemetry.js';
import { describeTransport } from '../observability/transport-description.js';
import { TurnMeter, type TurnMetrics } from '../observability/turn-meter.js';
import { type ResponseUsage, type SessionUsage, UsageMeter } from '../observability/usage-meter.js';
import { ToolDispatcher } from '../pipeline/tool-dispatcher.js';
import { base64Length, MAX_AUDIO_APPEND_BYTES } from '../protocol/audio-bytes.js';
import {
  type ClientEvent,
  type ClientEventOf,
  type ConversationItem,
  type MessageRole,
  type ParsedServerEvent,
  parseServerEvent,
  type ResponseCreateParams,
  type ServerEvent,
  type UnknownServerEvent,
} from '../protocol/index.js';
import type { RealtimeTransport, TransportStatus } from '../transport/transport.js';
import { ActiveAgent } from './active-agent.js';
import { appHandoffStrategy, type HandoffToOptions, handoffFromApp, handoffTarget } from './app-handoff.js';
import { AudioLock } from './audio-lock.js';
import { AudioOutputTracker } from './audio-output-tracker.js';
import { Budget } from './budget.js';
import { type BudgetEvent, resolveBudget } from './budget-options.js';
import {
  checkAudioPosition,
  checkItemId,
  functionOutput,
  itemCreate,
  responseCancel,
  type SendTextOptions,
  textMessage,
  truncation,
} from './client-requests.js';
import { SessionConfigWatch } from './config-watch.js';
import { checkFillerOptions, DeadAir, type FillerEvent } from './dead-air.js';
import { type AudioInput, encodeAudio } from './encode-audio.js';
import { type GuardrailEvent, guardrailSettings } from './guardrail-options.js';
import { Guardrails } from './guardrails.js';
import { ConversationHandover } from './handoff-context.js';
import { emptyHistory, type HistoryState, reduceHistory } from './history.js';
import { ItemRetrievals, type RetrieveItemOptions } from './item-retrievals.js';
import { ResponseSequencer } from './response-sequencer.js';
import { type ResumePlan, resumePlan } from './resume.js';
import { Rollover, type RolloverEvent } from './rollover.js';
import { ConversationSummary } from './rollover-summary.js';
import { buildSessionConfig } from './session-config.js';
import type { HandoffEvent, ToolCallEvent } from './session-events.js';
import { type FollowUpListener, registerInternals } from './session-internals.js';
import { SessionLink } from './session-link.js';
import {
  foreignUpdatePolicyOf,
  type RealtimeSessionOptions,
  type SessionState,
  startAgentOf,
  toolTimeoutOf,
} from './session-options.js';
import { TurnTracker } from './turn-tracker.js';
import type { Turn } from './turn-types.js';

export type { RealtimeSessionOptions, SessionState } from './session-options.js';

/**
 * A live realtime conversation: one transport, the active agent, and the automatic tool pipeline.
 * On connect it sends the agent's `session.update`; from then on it runs every function call the
 * model makes, sends the outputs and one `response.create`, and switches agents on handoffs.
 *
 * @example
 * ```ts
 * import { defineAgent, RealtimeSession, type RealtimeTransport } from '@switchboard/core';
 *
 * declare const transport: RealtimeTransport; // e.g. createTransport({ type: 'websocket', dialect: 'ga' })
 * const agent = defineAgent({ name: 'Assistant', instructions: 'Be brief.' });
 * const session = new RealtimeSession({ agent, context: {}, transport });
 * session.toolCalls$.subscribe((event) => console.log(event.type, event.name));
 * await session.connect();
 * const result = await session.sendText('Where is my refund for invoice INV-1001?').done;
 * console.log(result.status, result.text);
 * await session.close();
 * ```
 */
export class RealtimeSession<Ctx = unknown> {
  /** The shared context the swarm's (or agent's) tools and instructions see. */
  readonly context: Ctx;
  readonly #transport: RealtimeTransport;
  readonly #swarm: Swarm<Ctx> | undefined;
  readonly #events = new Subject<ServerEvent | UnknownServerEvent>();
  readonly #history = new BehaviorSubject<HistoryState>(emptyHistory);
  readonly #agent: ActiveAgent<Ctx>;
  readonly #toolCalls = new Subject<ToolCallEvent>();
  readonly #handoffs = new Subject<HandoffEvent>();
  readonly #errors = new Subject<SessionError>();
  readonly #sequencer: ResponseSequencer;
  readonly #dispatcher: ToolDispatcher<Ctx>;
  readonly #playback = new AudioOutputTracker();
  readonly #link: SessionLink;
  /** Set when a browser can change the realtime session too (`sessionControl: 'shared'`). */
  readonly #configWatch: SessionConfigWatch | undefined;
  readonly #turns: TurnTracker<Ctx>;
  readonly #retrievals: ItemRetrievals;
  readonly #handover: ConversationHandover;
  readonly #audioLock = new AudioLock();
  readonly #deadAir: DeadAir;
  readonly #fillers = new Subject<FillerEvent>();
  readonly #guardrails: Guardrails<Ctx>;
  readonly #guardrailEvents = new Subject<GuardrailEvent>();
  #typedCount = 0;
  readonly #rollover: Rollover;
  readonly #rollovers = new Subject<RolloverEvent>();
  readonly #budget: Budget | undefined;
  readonly #budgetEvents = new Subject<BudgetEvent>();
  /** Handoffs from code still running their handoff's callbacks; aborted on close. */
  readonly #appHandoffs = new Set<AbortController>();
  #appHandoffCount = 0;
  readonly #toolTimeoutMs: number;
  /** The `ctx.idempotencyKey` of a call id (scoped by `idempotencyScope`). */
  readonly #idempotencyKey: (callId: string) => string;
  readonly #usage: UsageMeter;
  /** Made when `metrics$` is first read: a session nobody measures pays nothing for it. */
  #turnMeter: TurnMeter | undefined;
  readonly #telemetry: SessionTelemetryScope | undefined;
  #state: SessionState = 'idle';
  /** Tests listen to the pipeline's response requests through `session-internals`. */
  #followUpTap: FollowUpListener | undefined;
  /** Why the first `open` could not send the agent's config; `connect()` rejects with it. */
  #openFailure: SessionError | undefined;
  /** What the first connection does to pick a resumed conversation up; dropped once done. */
  #resume: ResumePlan | undefined;
  /** The session's subscriptions to its transport, ended when the session finishes. */
  readonly #subscriptions = new Subscription();

  /** Parsed server events, canonical (GA) form; unknown event types arrive as `{ type: 'unknown' }`. */
  readonly events$: Observable<ServerEvent | UnknownServerEvent> = this.#events.asObservable();
  /** The conversation, re-emitted when it changes. */
  readonly history$: Observable<HistoryState> = this.#history.asObservable();
  /** The active agent; replays the current one. */
  readonly agent$: Observable<Agent<Ctx>>;
  /** Tool pipeline progress: starts, approval requests, ends with outcome and duration. */
  readonly toolCalls$: Observable<ToolCallEvent> = this.#toolCalls.asObservable();
  /** Agent switches. */
  readonly handoffs$: Observable<HandoffEvent> = this.#handoffs.asObservable();
  /** Fillers while tools run: a spoken line or the app's hold audio starts, and ends (see `filler`). */
  readonly fillers$: Observable<FillerEvent> = this.#fillers.asObservable();
  /**
   * Guardrail trips: which guardrail, input or output, the text it tripped on, and what was done
   * (response cancelled, audio flushed — `action.flush: 'app'` asks the app to drop what its player
   * has queued —, item truncated or removed, the safe line said). See the `guardrails` option.
   */
  readonly guardrails$: Observable<GuardrailEvent> = this.#guardrailEvents.asObservable();
  /** Malformed server events, warnings about delivered ones, server `error` events, transport and handoff failures. */
  readonly errors$: Observable<SessionError> = this.#errors.asObservable();
  /** The transport's connection state. */
  readonly status$: Observable<TransportStatus>;
  /** Every turn as it starts: from `sendText`, `createResponse`, speech server VAD hears, … (see {@link Turn}). */
  readonly turns$: Observable<Turn<Ctx>>;
  /** Session rollovers to a new connection: before the time cap, on `session_expired`, or asked for. */
  readonly rollovers$: Observable<RolloverEvent> = this.#rollovers.asObservable();
  /** The per-call budget's steps: the warning, the limit reached, the model switched, the call ended (see `budget`). */
  readonly budget$: Observable<BudgetEvent> = this.#budgetEvents.asObservable();
  /** Keys the caller pressed on a phone line (`0`–`9`, `*`, `#`, `A`–`D`), from SIP or Twilio DTMF. */
  readonly dtmf$: Observable<string> = this.#events.pipe(
    filter((event) => event.type === 'input_audio_buffer.dtmf_event_received'),
    map((event) => event.event),
  );

  constructor(options: RealtimeSessionOptions<Ctx>) {
    const toolTimeoutMs = toolTimeoutOf(options);
    checkFillerOptions(options.filler);
    const guardrails = guardrailSettings(options.guardrails);
    const foreignUpdatePolicy = foreignUpdatePolicyOf(options);
    this.#toolTimeoutMs = toolTimeoutMs;
    this.#transport = options.transport;
    this.#configWatch =
      this.#transport.sessionControl === 'shared'
        ? new SessionConfigWatch(foreignUpdatePolicy, {
            agentName: () => this.agent.name,
            send: (event) => this.#link.send(event),
            error: (error) => this.#errors.next(error),
            hangup: () => this.#hangUpInBackground(),
          })
        : undefined;
    const summary = new ConversationSummary(
      options.rollover ? options.rollover.summary : undefined,
      toolTimeoutMs,
    );
    this.#rollover = new Rollover(options.rollover, this.#transport, {
      quiet: () => this.#state === 'open' && this.#turns.current === undefined && this.#idle(),
      prepare: async (signal) => {
        const failure = await summary.refresh(this.#history.value, signal);
        if (failure) this.#errors.next(failure);
      },
      agentName: () => this.agent.name,
      event: (event) => {
        this.#budget?.rollover(event);
        this.#rollovers.next(event);
      },
    });
    const budget = resolveBudget(options.budget, this.#rollover.possible);
    this.#budget =
      budget &&
      new Budget(budget, {
        note: (text) => this.#addText(text, 'system', false),
        stopResponses: () => this.#sequencer.cancelPending(),
        respond: (params) => {
          if (this.#state === 'open') this.createResponse(params);
        },
        receivedAudioMs: () => this.#playback.receivedMs,
        hangup: () => this.#hangUpInBackground(),
        switchModel: (model) => this.#rollover.request('budget', model),
        event: (event) => this.#budgetEvents.next(event),
        error: (error) => this.#errors.next(error),
      });
    this.#link = new SessionLink(this.#transport, {
      opening: () => this.#sessionUpdate(this.agent, true),
      history: () => summary.view(this.#history.value),
      renewed: () => {
        this.#playback.reset();
        this.#configWatch?.renewed();
      },
      lost: () => {
        // The lost request first: a follow-up requested now waits for its response, not taken for it.
        this.#sequencer.reset();
        this.#deadAir.reset();
        this.#guardrails.reset();
        this.#dispatcher.connectionLost();
        // A response cut off with nothing to follow it: the model has yielded.
        this.#turns.recheck();
      },
      cannotOpen: (cause) => this.#cannotOpen(cause),
      opened: (first, items) => {
        this.#rollover.opened();
        this.#rollover.restored(items, summary.lastViewSummarized);
        if (first) this.#resumeOpened();
      },
      error: (error) => this.#errors.next(error),
      outgoing: (event) => this.#configWatch?.outgoing(event) ?? event,
    });
    this.#swarm = options.swarm;
    this.context = options.swarm ? options.swarm.context : options.context;
    this.#agent = new ActiveAgent<Ctx>(
      startAgentOf(options),
      (agent) => this.#sessionUpdate(agent, false),
      (event) => this.#link.send(event),
    );
    this.agent$ = this.#agent.agent$;
    this.status$ = this.#transport.status$;
    this.#sequencer = new ResponseSequencer((event) => this.#link.send(event));
    const scope = options.idempotencyScope;
    this.#idempotencyKey = (callId) => (scope === undefined ? callId : `${scope}:${callId}`);
    this.#deadAir = new DeadAir(options.filler, {
      send: (event) => this.#link.send(event),
      hold: (key) => this.#sequencer.hold(key),
      release: (key) => this.#sequencer.release(key),
      responseActive: () => this.#sequencer.responseActive,
      delayOf: (call) => {
        const agent = this.#swarm?.has(call.agent) ? this.#swarm.agent(call.agent) : this.agent;
        if (agent.name !== call.agent) return undefined;
        return agent.tools.find((tool) => tool.name === call.name)?.fillerAfterMs ?? agent.fillerAfterMs;
      },
      event: (event) => this.#fillers.next(event),
    });
    this.#guardrails = new Guardrails(guardrails, {
      context: this.context,
      agent: () => this.agent,
      send: (event) => this.#link.send(event),
      hold: (key) => this.#sequencer.hold(key),
      release: (key) => this.#sequencer.release(key),
      activeResponseId: () => this.#sequencer.activeResponseId,
      busy: () => this.#sequencer.busy,
      stop: (cancel, clearServerAudio) => {
        this.#stopModel(
          cancel === undefined ? undefined : responseCancel(cancel ?? undefined),
          clearServerAudio,
        );
        // A blocked input may leave the turn with nothing to wait for: the model has yielded.
        this.#turns.recheck();
      },
      playback: () => this.#transport.playback ?? 'client',
      truncate: (itemId, playedMs) => {
        const truncate = this.#playback.truncation(playedMs, itemId);
        if (truncate) this.#link.send(truncate);
        return truncate?.audio_end_ms;
      },
      event: (event) => this.#guardrailEvents.next(event),
      error: (error) => this.#errors.next(error),
    });
    this.#handover = new ConversationHandover({
      history: () => this.#history.value,
      send: (event) => this.#link.send(event),
      events$: this.#events.pipe(filter((event): event is ServerEvent => event.type !== 'unknown')),
      timeoutMs: toolTimeoutMs,
      error: (error) => this.#errors.next(error),
    });
    this.#dispatcher = new ToolDispatcher<Ctx>({
      context: this.context,
      defaultTimeoutMs: toolTimeoutMs,
      toolOutcomes: options.toolOutcomes,
      idempotencyKey: this.#idempotencyKey,
      modelEvents: this.#transport.modelEvents ?? 'direct',
      activeAgent: () => this.agent,
      agentNamed: (name) => (this.#swarm?.has(name) ? this.#swarm.agent(name) : undefined),
      resolveHandoff: (handoff: Handoff<Ctx>) => this.#member(handoff.target()),
      prepareSwitch: (agent) => this.#agent.prepare(agent),
      prepareHandover: (handoff, from, to, signal) => this.#handover.prepare(handoff, from, to, signal),
      sendText: (text, respond) => this.#addText(text, 'user', respond),
      send: (event) => this.#link.send(event),
      requestResponse: (responseId, reason) => {
        // A budget is ending the call: its goodbye is the last response.
        if (this.#budget?.ending) return;
        this.#followUpTap?.(responseId, reason);
        this.#sequencer.request();
      },
      inToolCall: (callId, run) =>
        this.#telemetry
          ? guardedInToolCall(this.#telemetry, callId, run, (error) =>
              this.#errors.next(new TelemetryError(callId, error)),
            )
          : run(),
      toolEvent: (event) => this.#toolCalls.next(event),
      handoff: (event) => this.#handoffs.next(event),
      error: (error) => this.#errors.next(error),
    });
    this.#turns = new TurnTracker<Ctx>({
      idle: () => this.#idle(),
      agent: () => this.agent,
      historyItem: (id) => this.#history.value.items.findLast((item) => item.id === id),
      started: (turn) => {
        this.#turnMeter?.started(turn);
        // A turn's end may be the quiet moment a rollover waits for.
        turn.done.then(
          () => this.#rollover.check(),
          () => undefined, // never rejects (see Turn.done)
        );
      },
    });
    this.turns$ = this.#turns.turns$;
    this.#usage = new UsageMeter(options.prices ?? priceTable);
    this.#toolCalls.subscribe((event) => this.#turns.report(event));
    this.#toolCalls.subscribe((event) => this.#deadAir.toolEvent(event));
    this.#handoffs.subscribe((event) => this.#turns.report(event));
    this.#errors.subscribe((error) => this.#turns.report({ type: 'session_error', error }));
    this.#retrievals = new ItemRetrievals((event) => this.#link.send(event));
    if (options.resume) {
      this.#resume = resumePlan(options.resume, this.agent.name);
      this.#link.restoreOnFirstOpen(this.#resume.restore);
    }
    registerInternals(this, {
      view: () => ({
        dispatcher: this.#dispatcher.load,
        unsubscribed: this.#subscriptions.closed,
        unechoedOutputs: this.#link.unechoedOutputs,
        idle: this.#idle(),
      }),
      tap: (listener) => {
        this.#followUpTap = listener;
      },
    });

    this.#subscriptions.add(
      this.#transport.events$.subscribe({
        next: (value) => this.#ingest(parseServerEvent(value)),
        complete: () => this.#finish(),
      }),
    );
    this.#subscriptions.add(this.#transport.errors$.subscribe((error) => this.#errors.next(error)));
    // A phone bridge cut the audio at what the caller heard: truncate the item there.
    const cuts = this.#transport.playbackCut$?.subscribe(({ playedMs }) => {
      // A position the player could not measure cannot be truncated at (a NaN would go out as null).
      const measured = Number.isFinite(playedMs) && playedMs >= 0;
      const truncate = this.#state === 'open' && measured ? this.#playback.truncation(playedMs) : undefined;
      if (truncate) this.#link.send(truncate);
    });
    if (cuts) this.#subscriptions.add(cuts);
    this.#telemetry = options.telemetry?.attach(
      observed(this as RealtimeSession<unknown>, describeTransport(this.#transport)),
    );
    this.#subscriptions.add(
      this.#transport.status$.subscribe((status) =>
        this.#link.status(status, this.#state === 'closing' || this.#state === 'closed'),
      ),
    );
  }

  /** The active agent now. */
  get agent(): Agent<Ctx> {
    return this.#agent.value;
  }

  /** The conversation now. */
  get history(): HistoryState {
    return this.#history.value;
  }

  /** Each response's token usage and cost (from its `response.done`), with the session's totals after it. */
  get usage$(): Observable<ResponseUsage> {
    return this.#usage.usage$;
  }

  /**
   * The numbers of every turn that starts from the first read on, as it settles: latency to the
   * first delta, duration, tool calls, tokens, cost.
   */
  get metrics$(): Observable<TurnMetrics> {
    if (!this.#turnMeter) {
      this.#turnMeter = new TurnMeter();
      if (this.#state === 'closed') this.#turnMeter.complete();
    }
    return this.#turnMeter.metrics$;
  }

  /** Tokens and cost of the session so far (see `usage$`). */
  get usage(): SessionUsage {
    return this.#usage.usage;
  }

  /** Where the session is in its lifecycle. */
  get state(): SessionState {
    return this.#state;
  }

  /**
   * Opens the transport; the active agent's `session.update` is the first event sent. Rejects with
   * the transport's error when it cannot connect, and with an {@link InstructionsError} (or the
   * config error) when the agent's `session.update` cannot be built; either way the session is then
   * closed and its streams completed.
   */
  async connect(): Promise<void> {
    if (this.#state !== 'idle') throw new SessionStateError('connect', this.#state);
    this.#state = 'connecting';
    try {
      await this.#transport.connect();
    } catch (error) {
      this.#finish();
      throw error;
    }
    const failure = this.#openFailure;
    if (failure) {
      await this.close();
      throw failure;
    }
    if (this.#state === 'connecting') this.#state = 'open';
    this.#budget?.start();
  }

  /** Sends a raw client event (canonical GA form), for anything the methods below do not cover. */
  send(event: ClientEvent): void {
    this.#assertUsable('send');
    this.#link.send(event);
  }

  /**
   * Adds a text message (`role`: `user` by default, `system` for a note to the model mid-call,
   * `assistant` for a line it should believe it said) and, unless `respond: false`, asks for a
   * response: the returned {@link Turn} follows it until the model yields. With `respond: false`
   * no turn starts and an open one goes on.
   */
  sendText(text: string, options?: SendTextOptions & { readonly respond?: true }): Turn<Ctx>;
  sendText(text: string, options: SendTextOptions & { readonly respond: false }): undefined;
  sendText(text: string, options?: SendTextOptions): Turn<Ctx> | undefined;
  sendText(text: string, options: SendTextOptions = {}): Turn<Ctx> | undefined {
    this.#assertUsable('sendText');
    const { role = 'user', respond = true } = options;
    const turn = respond ? this.#turns.start({ kind: 'text', text, role }) : undefined;
    this.#addText(text, role, respond);
    return turn;
  }

  /** Appends PCM16 audio to the input buffer. Throws {@link InputTooLargeError} past the API's 15 MiB limit. */
  sendAudio(pcm16: AudioInput): void {
    this.#assertUsable('sendAudio');
    const size = base64Length(pcm16.byteLength);
    if (size > MAX_AUDIO_APPEND_BYTES)
      throw new InputTooLargeError('input_audio_buffer.append audio', size, MAX_AUDIO_APPEND_BYTES);
    this.#link.send({ type: 'input_audio_buffer.append', audio: encodeAudio(pcm16) });
  }

  /**
   * Commits the input audio buffer as a user message (when turn detection is off). A commit by
   * itself asks for no response; with `respond: true` a response follows and the returned
   * {@link Turn} follows it.
   */
  commitAudio(options?: { readonly respond?: false }): undefined;
  commitAudio(options: { readonly respond: true }): Turn<Ctx>;
  commitAudio(options?: { readonly respond?: boolean }): Turn<Ctx> | undefined;
  commitAudio(options: { readonly respond?: boolean } = {}): Turn<Ctx> | undefined {
    this.#assertUsable('commitAudio');
    const turn = options.respond ? this.#turns.start({ kind: 'audio', itemId: undefined }) : undefined;
    this.#link.send({ type: 'input_audio_buffer.commit' });
    if (turn) this.#sequencer.request();
    return turn;
  }

  /** Drops the audio appended to the input buffer and not committed yet (`input_audio_buffer.clear`). */
  clearAudio(): void {
    this.#assertUsable('clearAudio');
    this.#link.send({ type: 'input_audio_buffer.clear' });
  }

  /** Adds any item (audio, an image, history to seed) after `previousItemId` (`null`: first) or last; asks for no response. */
  addItem(item: ConversationItem, options: { readonly previousItemId?: string | null } = {}): void {
    this.#assertUsable('addItem');
    this.#link.send(itemCreate(item, options.previousItemId));
  }

  /** Removes an item from the conversation (`conversation.item.delete`); `history$` drops it once the server confirms. */
  deleteItem(itemId: string): void {
    this.#assertUsable('deleteItem');
    this.#link.send({ type: 'conversation.item.delete', item_id: checkItemId('deleteItem', itemId) });
  }

  /**
   * Asks the server for its copy of an item, audio included (`conversation.item.retrieve`). Resolves
   * with the item; rejects with an {@link ItemRetrieveError}: `refused` (the server's `error` for this
   * request, e.g. no such item), `timeout` (default 10 s), `aborted`, `session_closed`.
   */
  retrieveItem(itemId: string, options: RetrieveItemOptions = {}): Promise<ConversationItem> {
    this.#assertUsable('retrieveItem');
    return this.#retrievals.retrieve(checkItemId('retrieveItem', itemId), options);
  }

  /** Cuts an assistant audio item at `audioEndMs`, what the user heard; the server drops the transcript past it. */
  truncateItem(itemId: string, audioEndMs: number, options: { readonly contentIndex?: number } = {}): void {
    this.#assertUsable('truncateItem');
    this.#link.send(truncation(itemId, audioEndMs, options.contentIndex ?? 0));
  }

  /**
   * Asks the model for a response. Out-of-band responses (`conversation: 'none'`, with `metadata` and
   * `input`) are sent at once and belong to no turn; conversation responses wait for the active one
   * to finish, and belong to the open turn (returned), or start a new one.
   */
  createResponse(options: ResponseCreateParams & { readonly conversation: 'none' }): undefined;
  createResponse(options?: ResponseCreateParams & { readonly conversation?: 'auto' }): Turn<Ctx>;
  createResponse(options?: ResponseCreateParams): Turn<Ctx> | undefined;
  createResponse(options?: ResponseCreateParams): Turn<Ctx> | undefined {
    this.#assertUsable('createResponse');
    if (options?.conversation === 'none') {
      this.#link.send({ type: 'response.create', response: options });
      return undefined;
    }
    const turn = this.#turns.current ?? this.#turns.start({ kind: 'response' });
    this.#sequencer.request(options);
    return turn;
  }

  /** Cancels the active response, or `responseId`'s; unlike {@link interrupt} it truncates and aborts nothing else. */
  cancelResponse(responseId?: string): void {
    this.#assertUsable('cancelResponse');
    this.#link.send(responseCancel(responseId));
  }

  /**
   * Sends the result of a call the app answers (its tool has no `execute`: `result_requested` on
   * `toolCalls$`); the pipeline settles it like any call. A call the pipeline never saw gets its
   * output, then (unless `respond: false`) a response. Throws a {@link FunctionResultError} for a
   * call the pipeline runs itself, or a result JSON cannot carry.
   */
  sendFunctionResult(callId: string, result: unknown, options: { readonly respond?: boolean } = {}): void {
    this.#assertUsable('sendFunctionResult');
    if (this.#dispatcher.provideResult(callId, result)) return;
    if (this.#dispatcher.knowsCall(callId))
      throw new FunctionResultError(
        'owned_by_pipeline',
        callId,
        'the tool pipeline answers it (its tool has execute)',
      );
    this.#link.send({ type: 'conversation.item.create', item: functionOutput(callId, result) });
    if (options.respond !== false) this.#sequencer.request();
  }

  /**
   * The user spoke over the assistant: cancels the active response, aborts tool calls in flight
   * (their outputs say so; no follow-up response is requested) and truncates the latest assistant
   * audio at `playedMs`, the audio the app reports as actually played. When the transport's
   * server plays the audio (WebRTC), it also clears the server's output audio buffer. A `playedMs`
   * that is not a finite number ≥ 0 throws a {@link SessionArgumentError} and nothing is sent.
   */
  interrupt(options: { playedMs?: number } = {}): void {
    this.#assertUsable('interrupt');
    const { playedMs } = options;
    if (playedMs !== undefined) checkAudioPosition('interrupt', 'playedMs', playedMs);
    // Our own request may not have been answered yet: the server handles events in order, so the
    // cancel still reaches the response it creates.
    this.#stopModel(
      this.#sequencer.busy ? responseCancel(undefined) : undefined,
      this.#transport.playback === 'server',
    );
    this.#guardrails.interrupt();
    this.#turns.interrupt();
    if (playedMs !== undefined) {
      const truncate = this.#playback.truncation(playedMs);
      if (truncate) this.#link.send(truncate);
    }
  }

  /**
   * Makes `agent` the active agent (it must belong to the swarm, when there is one). Throws a
   * {@link HandoffError} and changes nothing when the agent's `session.update` cannot be built
   * (its `instructions` threw).
   */
  updateAgent(agent: Agent<Ctx>): void {
    this.#assertUsable('updateAgent');
    const from = this.agent.name;
    const target = this.#member(agent);
    const prepared = this.#agent.prepare(target);
    if (!prepared.ok) throw new HandoffError(from, target.name, prepared.error);
    prepared.commit();
    this.#handoffs.next({ type: 'handoff', from, to: target.name });
  }

  /**
   * Rolls the session over to a new connection at the next quiet moment (now, when no turn is open
   * and nothing is in the tool pipeline), as before the time cap: the active agent's config and the
   * conversation's text are restored there, events sent meanwhile wait for it, and `rollovers$`
   * reports it. Returns false when the transport cannot `renew()` (or `rollover: false`).
   */
  rollover(): boolean {
    this.#assertUsable('rollover');
    return this.#rollover.request();
  }

  /**
   * Hands the conversation to the agent called `agentName` from code (a supervisor, a DTMF menu, a
   * timeout), through the model's handoff path: the active agent's handoff to it, when it declares
   * one, gets `options.input` validated and its `onHandoff` run (its `callId` is `app_handoff_<n>`);
   * its context strategy (`options.context`, else the declared handoff's, else `append`) is
   * prepared (`summary`: written out of band) and the new agent's config built; then the old agent
   * stops (its response is cancelled and its calls aborted with `handoff`, but those whose tool says
   * `onInterrupt: 'finish'`), the agent switches, the strategy applies (`reset`, `summary`: a clean
   * conversation plus the note), `handoffs$` reports it (`source: 'app'`), `options.reason` goes in
   * as a system note and the new agent speaks (unless `respond: false`).
   *
   * Throws a {@link SessionStateError} once the session is closing or closed, an
   * {@link UnknownAgentError} (code `unknown_agent`) for a name that is not in the swarm (without a
   * swarm: not among the active agent's handoff targets), and a {@link SessionArgumentError} for a
   * `context` or `note` that does not fit (as `handoff()` refuses them). Resolves with the `handoff` event, or
   * `undefined` when that agent is already active (nothing changes); rejects with a
   * {@link HandoffError} when the switch cannot happen (invalid input, `onHandoff` failed or timed
   * out, the target's `instructions` threw, the session closed meanwhile): nothing changed then.
   *
   * @example
   * ```ts
   * import type { RealtimeSession } from '@switchboard/core';
   *
   * declare const session: RealtimeSession;
   * session.dtmf$.subscribe((key) => {
   *   if (key !== '2') return;
   *   session
   *     .handoffTo('Billing', { reason: 'The caller pressed 2 for billing.' })
   *     .catch((error: unknown) => console.error('could not transfer', error));
   * });
   * ```
   */
  handoffTo(agentName: string, options: HandoffToOptions = {}): Promise<HandoffEvent | undefined> {
    this.#assertUsable('handoffTo');
    const from = this.agent;
    const to = handoffTarget(this.#swarm, from, agentName);
    if (to === from) return Promise.resolve(undefined);
    const strategy = appHandoffStrategy(from, to, options);
    const controller = new AbortController();
    this.#appHandoffs.add(controller);
    const callId = `app_handoff_${++this.#appHandoffCount}`;
    const request = { from, to, callId, signal: controller.signal, strategy };
    return handoffFromApp(
      {
        context: this.context,
        defaultTimeoutMs: this.#toolTimeoutMs,
        idempotencyKey: this.#idempotencyKey,
        activeAgent: () => this.agent,
        prepare: (agent) => this.#agent.prepare(agent),
        prepareHandover: (handoff, from, to, signal) => this.#handover.prepare(handoff, from, to, signal),
        runningCallIds: () => this.#dispatcher.runningCallIds(),
        stopActive: () => {
          // The agent being left stops talking: as an interruption does, minus the truncation.
          if (this.#sequencer.busy) {
            this.#link.send({ type: 'response.cancel' });
            if (this.#transport.playback === 'server') this.#link.send({ type: 'output_audio_buffer.clear' });
          }
          this.#sequencer.cancelPending();
          this.#dispatcher.handoffFromApp();
        },
        sendText: (text, role, respond) => this.#addText(text, role, respond),
        respond: () => this.createResponse(),
        handoff: (event) => this.#handoffs.next(event),
      },
      request,
      options,
    ).finally(() => this.#appHandoffs.delete(controller));
  }

  /** Lets a call that needs approval run. Returns false when no call with that id is waiting. */
  approve(callId: string): boolean {
    return this.#dispatcher.decide(callId, { approved: true });
  }

  /** Refuses a call that needs approval; the model is told, with `reason`. Returns false when none is waiting. */
  reject(callId: string, reason?: string): boolean {
    return this.#dispatcher.decide(
      callId,
      reason === undefined ? { approved: false } : { approved: false, reason },
    );
  }

  /**
   * Ends a phone call (SIP `calls.hangup`, or the end of a Twilio media stream), then the session
   * as {@link close} does. On a transport that is not a phone line it is `close()`. Never rejects:
   * a hangup that fails is reported on `errors$` and the session still closes.
   */
  async hangup(): Promise<void> {
    if (this.#state === 'closing' || this.#state === 'closed') return;
    try {
      await this.#transport.hangup?.();
    } catch (error) {
      this.#errors.next(new TransportCloseError('hangup', error));
    }
    await this.close();
  }

  /**
   * Ends the session: aborts running tools (each still gets its `tool_end`), waits for the calls
   * whose tool says `onInterrupt: 'finish'` to end (their `tool_end` carries the real outcome),
   * closes the transport, completes every stream. Never rejects: a transport whose `close()` fails
   * has its error reported on `errors$` just before the streams complete.
   */
  async close(): Promise<void> {
    if (this.#state === 'closing' || this.#state === 'closed') return;
    this.#state = 'closing';
    this.#budget?.close();
    for (const handoff of this.#appHandoffs) handoff.abort('session_closed');
    this.#dispatcher.close();
    this.#sequencer.cancelPending();
    await this.#dispatcher.goingOnEnded();
    try {
      await this.#transport.close();
    } catch (error) {
      this.#errors.next(new TransportCloseError('close', error));
    }
    this.#finish();
  }

  #ingest(parsed: ParsedServerEvent): void {
    if (!parsed.ok) {
      this.#errors.next(parsed.error);
      return;
    }
    const { event } = parsed;
    for (const warning of parsed.warnings) this.#errors.next(warning);
    let used: ResponseUsage | undefined;
    if (event.type !== 'unknown') {
      this.#sequencer.observe(event);
      this.#playback.observe(event);
      used = this.#usage.observe(event);
      if (used) this.#turnMeter?.used(used);
      this.#link.observe(event);
      this.#configWatch?.observe(event);
      const history = reduceHistory(this.#history.value, event);
      if (history !== this.#history.value) this.#history.next(history);
      if (event.type === 'error') {
        this.#errors.next(new ServerError(event));
        const refused = this.#agent.refused(event);
        if (refused) this.#errors.next(refused);
        // The server ends the session: a new connection before it closes this one.
        if (event.error.code === 'session_expired' && this.#state === 'open') this.#rollover.expired();
      }
    }
    this.#events.next(event);
    if (event.type === 'unknown') return;
    this.#dispatcher.observe(event);
    this.#handover.observe(event);
    this.#deadAir.observe(event);
    this.#guardrails.observe(event);
    this.#retrievals.observe(event);
    this.#turns.observe(event);
    this.#rollover.check();
    this.#turnMeter?.observe(event);
    this.#budget?.observe(event);
    if (used) this.#budget?.used(used);
  }

  /** Ends the call from inside the session (a policy, a budget): `hangup()` reports its own failures. */
  #hangUpInBackground(): void {
    this.hangup().catch((error: unknown) => this.#errors.next(new TransportCloseError('hangup', error)));
  }

  /** Nothing is going on: no conversation response active or requested, no call in the pipeline. */
  #idle(): boolean {
    return this.#sequencer.idle && !this.#dispatcher.busy;
  }

  #addText(text: string, role: MessageRole, respond: boolean): void {
    const item = textMessage(text, role);
    // Typed user input is checked by the input guardrails before its response (see Guardrails.typed).
    const id = role === 'user' ? `sb_typed_${++this.#typedCount}` : undefined;
    const checked = id !== undefined && this.#guardrails.typed(id, text, respond);
    this.#link.send({ type: 'conversation.item.create', item: checked ? { ...item, id } : item });
    if (respond) this.#sequencer.request();
  }

  /** The first connection of a resumed session is open: its history went out; now its calls and owed response. */
  #resumeOpened(): void {
    const plan = this.#resume;
    this.#resume = undefined;
    if (!plan) return;
    if (plan.calls.length > 0) this.#dispatcher.adopt(plan.calls);
    if (plan.respond) this.#sequencer.request();
  }

  /**
   * Stops the model as an interruption does: the response cancelled (`cancel`), the server's
   * buffered audio cleared (WebRTC, SIP: `clearServerAudio`), requests waiting dropped, spoken
   * fillers cancelled, calls in flight aborted (those that finish, finish).
   */
  #stopModel(cancel: ClientEventOf<'response.cancel'> | undefined, clearServerAudio: boolean): void {
    if (cancel) this.#link.send(cancel);
    // Over WebRTC the server buffers the audio: cancelling the response does not silence it.
    if (clearServerAudio) this.#link.send({ type: 'output_audio_buffer.clear' });
    this.#sequencer.cancelPending();
    this.#deadAir.interrupt();
    this.#dispatcher.interrupt();
  }

  /** The agent's config cannot be built for a new connection: nothing is sent and the session closes. */
  #cannotOpen(cause: unknown): void {
    const error = openingError(this.agent.name, cause);
    if (this.#state === 'connecting') {
      this.#openFailure = error; // connect() rejects with it
      return;
    }
    this.#errors.next(error);
    this.close().catch((failure: unknown) => this.#errors.next(new TransportCloseError('close', failure)));
  }

  /** The swarm's own agent of that name (a swarm checks its handoff graph when it is built). */
  #member(agent: Agent<Ctx>): Agent<Ctx> {
    return this.#swarm ? this.#swarm.agent(agent.name) : agent;
  }

  /**
   * `agent`'s `session.update`, fitted to what may change mid-call (see {@link AudioLock}): the
   * audio formats the call started with, and no voice once the model has spoken. A switch that
   * leaves an agent's own setting out says so on `errors$`.
   */
  #sessionUpdate(agent: Agent<Ctx>, opening: boolean): ClientEventOf<'session.update'> {
    const built = buildSessionConfig(agent, this.context);
    const { config, kept } = this.#audioLock.fit(built, { opening, spoken: this.#playback.started });
    if (!opening)
      for (const setting of kept) this.#errors.next(new AudioSettingKeptWarning(agent.name, setting));
    return { type: 'session.update', session: config };
  }

  #assertUsable(operation: string): void {
    if (this.#state === 'closing' || this.#state === 'closed')
      throw new SessionStateError(operation, this.#state);
  }

  #finish(): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    for (const handoff of this.#appHandoffs) handoff.abort('session_closed');
    // The streams complete now: a call that goes on past this can no longer be reported.
    this.#dispatcher.close();
    this.#sequencer.cancelPending();
    this.#deadAir.reset();
    this.#guardrails.reset();
    this.#link.clear();
    this.#retrievals.close();
    this.#rollover.close();
    this.#budget?.close();
    this.#turns.close();
    this.#usage.complete();
    this.#turnMeter?.complete();
    this.#subscriptions.unsubscribe();
    this.#agent.complete();
    for (const subject of [
      this.#events,
      this.#history,
      this.#toolCalls,
      this.#handoffs,
      this.#fillers,
      this.#guardrailEvents,
      this.#errors,
      this.#rollovers,
      this.#budgetEvents,
    ]) {
      (subject as Subject<unknown>).complete();
    }
  }
}

/**
 * What building an agent's `session.update` threw, as a session error: its `instructions` threw (an
 * {@link InstructionsError}), a handoff's target cannot be resolved, or its definition cannot be
 * sent (an {@link AgentConfigError}, which anything else thrown there also becomes).
 */
function openingError(
  agentName: string,
  cause: unknown,
): InstructionsError | AgentConfigError | HandoffResolutionError {
  if (
    cause instanceof InstructionsError ||
    cause instanceof AgentConfigError ||
    cause instanceof HandoffResolutionError
  )
    return cause;
  return new AgentConfigError(
    'invalid_agent_option',
    agentName,
    'session',
    undefined,
    `cannot be turned into a session.update (${describeCause(cause)})`,
    { cause },
  );
}

/** The view of a session a telemetry integration gets. */
function observed(session: RealtimeSession<unknown>, transport: TransportDescription): ObservedSession {
  const { events$, toolCalls$, handoffs$, errors$, status$, turns$, usage$, metrics$ } = session;
  return {
    events$,
    toolCalls$,
    handoffs$,
    errors$,
    status$,
    turns$,
    usage$,
    metrics$,
    transport,
    get agent() {
      return session.agent as Agent<unknown>;
    },
  };
}

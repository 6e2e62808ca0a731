import type { Agent, Handoff } from '../definitions/shapes.js';
import type { Swarm } from '../definitions/swarm.js';
import {
  AudioSettingKeptWarning,
  ServerError,
  type SessionError,
  TelemetryError,
} from '../errors/session-errors.js';
import { TransportCloseError } from '../errors/transport-errors.js';
import { priceTable } from '../observability/pricing.js';
import { guardedInToolCall, type SessionTelemetryScope } from '../observability/telemetry.js';
import type { TurnMeter } from '../observability/turn-meter.js';
import { type ResponseUsage, UsageMeter } from '../observability/usage-meter.js';
import type { ModelEventSource } from '../pipeline/call-trust.js';
import type {
  DispatchHost,
  FollowUpReason,
  PreparedHandover,
  PreparedSwitch,
} from '../pipeline/dispatch-host.js';
import { ToolDispatcher } from '../pipeline/tool-dispatcher.js';
import type { ToolOutcomeStore } from '../pipeline/tool-outcomes.js';
import {
  type ClientEvent,
  type ClientEventOf,
  type ConversationItem,
  type MessageRole,
  parseServerEvent,
  type ResponseCreateParams,
} from '../protocol/index.js';
import type { RealtimeTransport, TransportListener, TransportStatus } from '../transport/transport.js';
import { ActiveAgent } from './active-agent.js';
import { AudioLock } from './audio-lock.js';
import { AudioOutputTracker } from './audio-output-tracker.js';
import { Budget } from './budget.js';
import { resolveBudget } from './budget-options.js';
import { textMessage } from './client-requests.js';
import { type ConfigWatchHost, SessionConfigWatch } from './config-watch.js';
import { checkFillerOptions, DeadAir } from './dead-air.js';
import { guardrailSettings } from './guardrail-options.js';
import { Guardrails } from './guardrails.js';
import { ConversationHandover } from './handoff-context.js';
import type { HistoryState } from './history.js';
import { ItemRetrievals } from './item-retrievals.js';
import { openingError } from './opening-error.js';
import { ResponseSequencer } from './response-sequencer.js';
import { type ResumePlan, resumePlan } from './resume.js';
import { Rollover, type RolloverEvent, type RolloverHost } from './rollover.js';
import { ConversationSummary } from './rollover-summary.js';
import { buildSessionConfig, findTool } from './session-config.js';
import type { HandoffEvent, ToolCallEvent } from './session-events.js';
import { BudgetLink, FillerLink, GuardrailLink, HandoverLink } from './session-hosts.js';
import type { FollowUpListener } from './session-internals.js';
import { SessionLink, type SessionLinkHost } from './session-link.js';
import {
  foreignUpdatePolicyOf,
  type RealtimeSessionOptions,
  type SessionState,
  startAgentOf,
  toolTimeoutOf,
} from './session-options.js';
import { SessionStreams, type TurnReport } from './session-streams.js';
import { TransportReader } from './transport-reader.js';
import { TurnTracker, type TurnTrackerHost } from './turn-tracker.js';
import type { Turn } from './turn-types.js';

/** What the inside calls on the public session. */
interface PublicSession {
  close(): Promise<void>;
  hangup(): Promise<void>;
  createResponse(params: ResponseCreateParams): unknown;
}

/**
 * The inside of a `RealtimeSession`: its collaborators (sequencer, tool dispatcher, link, turns,
 * rollover, streams, fillers, guardrails, budget…) and the host they call back into. Host
 * interfaces are methods of this one object (or, for the conversation-quality parts, of one small
 * link object each, see `session-hosts.ts`), shared through prototypes, so a session costs an
 * object here instead of a closure per callback (an idle server holds thousands of sessions). `RealtimeSession` is the
 * public face; this class is not exported from the package.
 */
export class SessionCore<Ctx>
  implements
    DispatchHost<Ctx>,
    SessionLinkHost,
    TurnTrackerHost<Ctx>,
    RolloverHost,
    ConfigWatchHost,
    TransportListener
{
  readonly context: Ctx;
  readonly defaultTimeoutMs: number;
  /** Where calls are claimed before they run and their outcomes recorded, if anywhere. */
  readonly toolOutcomes: ToolOutcomeStore | undefined;
  /** Scopes `ctx.idempotencyKey` (`<scope>:<callId>`), when set. */
  readonly idempotencyScope: string | undefined;
  readonly modelEvents: ModelEventSource;
  readonly transport: RealtimeTransport;
  readonly swarm: Swarm<Ctx> | undefined;
  readonly streams: SessionStreams;
  readonly agents: ActiveAgent<Ctx>;
  readonly sequencer: ResponseSequencer;
  readonly dispatcher: ToolDispatcher<Ctx>;
  readonly playback = new AudioOutputTracker();
  readonly link: SessionLink;
  /** Set when a browser can change the realtime session too (`sessionControl: 'shared'`). */
  readonly configWatch: SessionConfigWatch | undefined;
  readonly turns: TurnTracker<Ctx>;
  readonly retrievals: ItemRetrievals;
  readonly rollover: Rollover;
  readonly summary: ConversationSummary;
  readonly usage: UsageMeter;
  readonly audioLock = new AudioLock();
  readonly handover: ConversationHandover;
  readonly deadAir: DeadAir;
  readonly guardrails: Guardrails<Ctx>;
  /** Set when the session has a `budget`. */
  readonly budget: Budget | undefined;
  /** Typed user messages so far: each gets its own id (`sb_typed_<n>`) when input guardrails check it. */
  typedCount = 0;
  /** Hears the transport until the session finishes. */
  readonly reader: TransportReader;
  /** Handoffs from code still running their handoff's callbacks; aborted on close (made at the first). */
  appHandoffs: Set<AbortController> | undefined;
  /** Made when `metrics$` is first read: a session nobody measures pays nothing for it. */
  turnMeter: TurnMeter | undefined;
  telemetry: SessionTelemetryScope | undefined;
  state: SessionState = 'idle';
  /** Tests listen to the pipeline's response requests through `session-internals`. */
  followUpTap: FollowUpListener | undefined;
  /** Why the first `open` could not send the agent's config; `connect()` rejects with it. */
  openFailure: SessionError | undefined;
  /** What the first connection does to pick a resumed conversation up; dropped once done. */
  resume: ResumePlan | undefined;
  /** The session's own operations the inside calls: ending it (a failed opening, a policy, a budget) and responses. */
  readonly #session: PublicSession;

  constructor(options: RealtimeSessionOptions<Ctx>, session: PublicSession) {
    this.#session = session;
    // Errors can come before the turn tracker exists (while the collaborators are made).
    this.streams = new SessionStreams((event) => this.reported(event));
    this.defaultTimeoutMs = toolTimeoutOf(options);
    checkFillerOptions(options.filler);
    const guardrails = guardrailSettings(options.guardrails);
    // Checked whatever the transport: a bad option fails at construction, not at the first browser.
    const foreignUpdatePolicy = foreignUpdatePolicyOf(options);
    this.transport = options.transport;
    this.toolOutcomes = options.toolOutcomes;
    this.idempotencyScope = options.idempotencyScope;
    this.modelEvents = this.transport.modelEvents ?? 'direct';
    this.configWatch =
      this.transport.sessionControl === 'shared'
        ? new SessionConfigWatch(foreignUpdatePolicy, this)
        : undefined;
    this.summary = new ConversationSummary(
      options.rollover ? options.rollover.summary : undefined,
      this.defaultTimeoutMs,
    );
    this.rollover = new Rollover(options.rollover, this.transport, this);
    const budget = resolveBudget(options.budget, this.rollover.possible);
    this.budget = budget && new Budget(budget, new BudgetLink(this));
    this.link = new SessionLink(this.transport, this);
    this.swarm = options.swarm;
    this.context = options.swarm ? options.swarm.context : options.context;
    const send = (event: ClientEvent) => this.link.send(event);
    this.agents = new ActiveAgent<Ctx>(
      startAgentOf(options),
      (agent) => this.sessionUpdate(agent, false),
      send,
    );
    this.sequencer = new ResponseSequencer(send);
    this.deadAir = new DeadAir(options.filler, new FillerLink(this));
    this.guardrails = new Guardrails(guardrails, new GuardrailLink(this));
    this.handover = new ConversationHandover(new HandoverLink(this));
    this.dispatcher = new ToolDispatcher<Ctx>(this);
    this.turns = new TurnTracker<Ctx>(this);
    this.usage = new UsageMeter(options.prices ?? priceTable);
    this.retrievals = new ItemRetrievals(send);
    if (options.resume) {
      this.resume = resumePlan(options.resume, this.agents.value.name);
      this.link.restoreOnFirstOpen(this.resume.restore);
    }
    this.reader = new TransportReader(this.transport, this);
    // A phone bridge cut the audio at what the caller heard: truncate the item there.
    this.reader.add(
      this.transport.playbackCut$?.subscribe(({ playedMs }) => {
        // A position the player could not measure cannot be truncated at (a NaN would go out as null).
        const measured = Number.isFinite(playedMs) && playedMs >= 0;
        const truncate = this.state === 'open' && measured ? this.playback.truncation(playedMs) : undefined;
        if (truncate) this.link.send(truncate);
      }),
    );
  }

  // The session's own operations.

  /** Nothing is going on: no conversation response active or requested, no call in the pipeline. */
  idle(): boolean {
    return this.sequencer.idle && !this.dispatcher.busy;
  }

  addText(text: string, role: MessageRole, respond: boolean): void {
    const item = textMessage(text, role);
    // Typed user input is checked by the input guardrails before its response (see Guardrails.typed).
    const id = role === 'user' ? `sb_typed_${++this.typedCount}` : undefined;
    const checked = id !== undefined && this.guardrails.typed(id, text, respond);
    this.link.send({ type: 'conversation.item.create', item: checked ? { ...item, id } : item });
    if (respond) this.sequencer.request();
  }

  /** A budget's response (its warning, its goodbye): asked for while the session is open. */
  respond(params: ResponseCreateParams): void {
    if (this.state === 'open') this.#session.createResponse(params);
  }

  /**
   * Stops the model as an interruption does: the response cancelled (`cancel`), the server's
   * buffered audio cleared (WebRTC, SIP: `clearServerAudio`), requests waiting dropped, spoken
   * fillers cancelled, calls in flight aborted (those that finish, finish).
   */
  stopModel(cancel: ClientEventOf<'response.cancel'> | undefined, clearServerAudio: boolean): void {
    if (cancel) this.link.send(cancel);
    // Over WebRTC the server buffers the audio: cancelling the response does not silence it.
    if (clearServerAudio) this.link.send({ type: 'output_audio_buffer.clear' });
    this.sequencer.cancelPending();
    this.deadAir.interrupt();
    this.dispatcher.interrupt();
  }

  /** The swarm's own agent of that name (a swarm checks its handoff graph when it is built). */
  member(agent: Agent<Ctx>): Agent<Ctx> {
    return this.swarm ? this.swarm.agent(agent.name) : agent;
  }

  /**
   * `agent`'s `session.update`, fitted to what may change mid-call (see {@link AudioLock}): the
   * audio formats the call started with, and no voice once the model has spoken. A switch that
   * leaves an agent's own setting out says so on `errors$`.
   */
  sessionUpdate(agent: Agent<Ctx>, opening: boolean): ClientEventOf<'session.update'> {
    const built = buildSessionConfig(agent, this.context);
    const { config, kept } = this.audioLock.fit(built, { opening, spoken: this.playback.started });
    if (!opening)
      for (const setting of kept) this.streams.error(new AudioSettingKeptWarning(agent.name, setting));
    return { type: 'session.update', session: config };
  }

  /** Aborts what runs before the transport closes (`close()`'s first half). */
  stopping(): void {
    this.state = 'closing';
    this.budget?.close();
    for (const handoff of this.appHandoffs ?? []) handoff.abort('session_closed');
    this.dispatcher.close();
    this.sequencer.cancelPending();
  }

  /** The session is over: everything stops, every stream completes. */
  finish(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    for (const handoff of this.appHandoffs ?? []) handoff.abort('session_closed');
    // The streams complete now: a call that goes on past this can no longer be reported.
    this.dispatcher.close();
    this.sequencer.cancelPending();
    this.deadAir.reset();
    this.guardrails.reset();
    this.link.clear();
    this.retrievals.close();
    this.rollover.close();
    this.budget?.close();
    this.turns.close();
    this.usage.complete();
    this.turnMeter?.complete();
    this.reader.detach();
    this.agents.complete();
    this.streams.complete();
  }

  // TransportListener: what the transport delivers (through the reader, until it is detached).

  received(value: unknown): void {
    const parsed = parseServerEvent(value);
    if (!parsed.ok) {
      this.streams.error(parsed.error);
      return;
    }
    const { event } = parsed;
    for (const warning of parsed.warnings) this.streams.error(warning);
    if (event.type === 'response.output_audio.delta') {
      // The most frequent event (one per ~100 ms of speech): only these read it, in this order.
      this.playback.observe(event);
      this.streams.event(event);
      this.rollover.check();
      this.turnMeter?.observe(event);
      this.budget?.observe(event);
      return;
    }
    let used: ResponseUsage | undefined;
    if (event.type !== 'unknown') {
      this.sequencer.observe(event);
      this.playback.observe(event);
      used = this.usage.observe(event);
      if (used) this.turnMeter?.used(used);
      this.link.observe(event);
      this.configWatch?.observe(event);
      this.streams.apply(event);
      if (event.type === 'error') {
        this.streams.error(new ServerError(event));
        const refused = this.agents.refused(event);
        if (refused) this.streams.error(refused);
        // The server ends the session: a new connection before it closes this one.
        if (event.error.code === 'session_expired' && this.state === 'open') this.rollover.expired();
      }
    }
    this.streams.event(event);
    if (event.type === 'unknown') return;
    this.dispatcher.observe(event);
    this.handover.observe(event);
    this.deadAir.observe(event);
    this.guardrails.observe(event);
    this.retrievals.observe(event);
    this.turns.observe(event);
    this.rollover.check();
    this.turnMeter?.observe(event);
    this.budget?.observe(event);
    if (used) this.budget?.used(used);
  }

  /** Tool calls, handoffs and errors reach the turns (and fillers follow the calls) before any subscriber. */
  reported(event: TurnReport): void {
    this.turns?.report(event);
    if (event.type !== 'handoff' && event.type !== 'session_error') this.deadAir?.toolEvent(event);
  }

  /** An error of the transport, the pipeline, the link or the config watch: on `errors$`. */
  error(error: SessionError): void {
    this.streams.error(error);
  }

  status(status: TransportStatus): void {
    this.link.status(status, this.state === 'closing' || this.state === 'closed');
  }

  ended(): void {
    this.finish();
  }

  // DispatchHost: the tool pipeline.

  activeAgent(): Agent<Ctx> {
    return this.agents.value;
  }

  agentNamed(name: string): Agent<Ctx> | undefined {
    return this.swarm?.has(name) ? this.swarm.agent(name) : undefined;
  }

  agentWithTool(name: string): Agent<Ctx> | undefined {
    return this.swarm?.agents.find((agent) => findTool(agent, name) !== undefined);
  }

  /** The `ctx.idempotencyKey` of a call id (scoped by `idempotencyScope`). */
  idempotencyKey(callId: string): string {
    return this.idempotencyScope === undefined ? callId : `${this.idempotencyScope}:${callId}`;
  }

  resolveHandoff(handoff: Handoff<Ctx>): Agent<Ctx> {
    return this.member(handoff.target());
  }

  prepareSwitch(agent: Agent<Ctx>): PreparedSwitch {
    return this.agents.prepare(agent);
  }

  prepareHandover(
    handoff: Pick<Handoff<Ctx>, 'context' | 'note'>,
    from: string,
    to: string,
    signal: AbortSignal,
  ): Promise<PreparedHandover> {
    return this.handover.prepare(handoff, from, to, signal);
  }

  sendText(text: string, respond: boolean): void {
    this.addText(text, 'user', respond);
  }

  send(event: ClientEvent): void {
    this.link.send(event);
  }

  requestResponse(responseId: string, reason: FollowUpReason): void {
    // A budget is ending the call: its goodbye is the last response.
    if (this.budget?.ending) return;
    this.followUpTap?.(responseId, reason);
    this.sequencer.request();
  }

  inToolCall<T>(callId: string, run: () => T): T {
    return this.telemetry
      ? guardedInToolCall(this.telemetry, callId, run, (error) =>
          this.streams.error(new TelemetryError(callId, error)),
        )
      : run();
  }

  toolEvent(event: ToolCallEvent): void {
    this.streams.toolCall(event);
  }

  handoff(event: HandoffEvent): void {
    this.streams.handoff(event);
  }

  // SessionLinkHost: the connection.

  opening(): ClientEventOf<'session.update'> {
    return this.sessionUpdate(this.agents.value, true);
  }

  history(): HistoryState {
    return this.summary.view(this.streams.history);
  }

  renewed(): void {
    this.playback.reset();
    this.configWatch?.renewed();
  }

  lost(): void {
    // The lost request first: a follow-up requested now waits for its response, not taken for it.
    this.sequencer.reset();
    this.deadAir.reset();
    this.guardrails.reset();
    this.dispatcher.connectionLost();
    // A response cut off with nothing to follow it: the model has yielded.
    this.turns.recheck();
  }

  /** The agent's config cannot be built for a new connection: nothing is sent and the session closes. */
  cannotOpen(cause: unknown): void {
    const error = openingError(this.agents.value.name, cause);
    if (this.state === 'connecting') {
      this.openFailure = error; // connect() rejects with it
      return;
    }
    this.streams.error(error);
    this.#session
      .close()
      .catch((failure: unknown) => this.streams.error(new TransportCloseError('close', failure)));
  }

  opened(first: boolean, items: number): void {
    this.rollover.opened();
    this.rollover.restored(items, this.summary.lastViewSummarized);
    if (first) this.resumeOpened();
  }

  /** The first connection of a resumed session is open: its history went out; now its calls and owed response. */
  resumeOpened(): void {
    const plan = this.resume;
    this.resume = undefined;
    if (!plan) return;
    if (plan.calls.length > 0) this.dispatcher.adopt(plan.calls);
    if (plan.respond) this.sequencer.request();
  }

  outgoing(event: ClientEvent): ClientEvent {
    return this.configWatch?.outgoing(event) ?? event;
  }

  // TurnTrackerHost: turns.

  agent(): Agent<Ctx> {
    return this.agents.value;
  }

  historyItem(id: string): ConversationItem | undefined {
    return this.streams.item(id);
  }

  started(turn: Turn<Ctx>): void {
    this.turnMeter?.started(turn);
    // A turn's end may be the quiet moment a rollover waits for.
    turn.done.then(
      () => this.rollover.check(),
      () => undefined, // never rejects (see Turn.done)
    );
  }

  // RolloverHost and ConfigWatchHost.

  quiet(): boolean {
    return this.state === 'open' && this.turns.current === undefined && this.idle();
  }

  async prepare(signal: AbortSignal): Promise<void> {
    const failure = await this.summary.refresh(this.streams.history, signal);
    if (failure) this.streams.error(failure);
  }

  agentName(): string {
    return this.agents.value.name;
  }

  event(event: RolloverEvent): void {
    this.budget?.rollover(event);
    this.streams.rollover(event);
  }

  /** Ends the call from inside the session (a policy, a budget): `hangup()` reports its own failures. */
  hangup(): void {
    this.#session
      .hangup()
      .catch((error: unknown) => this.streams.error(new TransportCloseError('hangup', error)));
  }
}

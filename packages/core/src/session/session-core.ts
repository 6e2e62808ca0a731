import type { Agent, Handoff } from '../definitions/shapes.js';
import type { Swarm } from '../definitions/swarm.js';
import { ServerError, type SessionError, TelemetryError } from '../errors/session-errors.js';
import { TransportCloseError } from '../errors/transport-errors.js';
import { priceTable } from '../observability/pricing.js';
import { guardedInToolCall, type SessionTelemetryScope } from '../observability/telemetry.js';
import type { TurnMeter } from '../observability/turn-meter.js';
import { UsageMeter } from '../observability/usage-meter.js';
import type { ModelEventSource } from '../pipeline/call-trust.js';
import type { DispatchHost, FollowUpReason, PreparedSwitch } from '../pipeline/dispatch-host.js';
import { ToolDispatcher } from '../pipeline/tool-dispatcher.js';
import {
  type ClientEvent,
  type ClientEventOf,
  type ConversationItem,
  type MessageRole,
  parseServerEvent,
} from '../protocol/index.js';
import type { RealtimeTransport, TransportListener, TransportStatus } from '../transport/transport.js';
import { ActiveAgent } from './active-agent.js';
import { AudioOutputTracker } from './audio-output-tracker.js';
import { textMessage } from './client-requests.js';
import { type ConfigWatchHost, SessionConfigWatch } from './config-watch.js';
import { type HistoryState, reduceHistory } from './history.js';
import { ItemRetrievals } from './item-retrievals.js';
import { openingError } from './opening-error.js';
import { ResponseSequencer } from './response-sequencer.js';
import { Rollover, type RolloverEvent, type RolloverHost } from './rollover.js';
import { ConversationSummary } from './rollover-summary.js';
import { buildSessionConfig } from './session-config.js';
import type { HandoffEvent, ToolCallEvent } from './session-events.js';
import type { FollowUpListener } from './session-internals.js';
import { SessionLink, type SessionLinkHost } from './session-link.js';
import {
  foreignUpdatePolicyOf,
  type RealtimeSessionOptions,
  type SessionState,
  toolTimeoutOf,
} from './session-options.js';
import { SessionStreams } from './session-streams.js';
import { TransportReader } from './transport-reader.js';
import { TurnTracker, type TurnTrackerHost } from './turn-tracker.js';
import type { Turn } from './turn-types.js';

/**
 * The inside of a `RealtimeSession`: its collaborators (sequencer, tool dispatcher, link, turns,
 * rollover, streams…) and the one host they all call back into. Every host interface is a method of
 * this one object, shared through its prototype, so a session costs one object here instead of a
 * closure per callback (an idle server holds thousands of sessions). `RealtimeSession` is the
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
  /** Ends the session as its `close()` does (a failed opening, or a foreign config with policy `hangup`). */
  readonly #session: { close(): Promise<void>; hangup(): Promise<void> };

  constructor(
    options: RealtimeSessionOptions<Ctx>,
    session: { close(): Promise<void>; hangup(): Promise<void> },
  ) {
    this.#session = session;
    // Errors can come before the turn tracker exists (while the collaborators are made).
    this.streams = new SessionStreams((event) => this.turns?.report(event));
    this.defaultTimeoutMs = toolTimeoutOf(options);
    // Checked whatever the transport: a bad option fails at construction, not at the first browser.
    const foreignUpdatePolicy = foreignUpdatePolicyOf(options);
    this.transport = options.transport;
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
    this.link = new SessionLink(this.transport, this);
    this.swarm = options.swarm;
    this.context = options.swarm ? options.swarm.context : options.context;
    const send = (event: ClientEvent) => this.link.send(event);
    this.agents = new ActiveAgent<Ctx>(
      options.swarm ? options.swarm.start : options.agent,
      (agent) => this.sessionUpdate(agent),
      send,
    );
    this.sequencer = new ResponseSequencer(send);
    this.dispatcher = new ToolDispatcher<Ctx>(this);
    this.turns = new TurnTracker<Ctx>(this);
    this.usage = new UsageMeter(options.prices ?? priceTable);
    this.retrievals = new ItemRetrievals(send);
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
    this.link.send({ type: 'conversation.item.create', item: textMessage(text, role) });
    if (respond) this.sequencer.request();
  }

  /** The swarm's own agent of that name (a swarm checks its handoff graph when it is built). */
  member(agent: Agent<Ctx>): Agent<Ctx> {
    return this.swarm ? this.swarm.agent(agent.name) : agent;
  }

  /** The API rejects a voice change once the model has spoken, so the voice is sent only before that. */
  sessionUpdate(agent: Agent<Ctx>): ClientEventOf<'session.update'> {
    return {
      type: 'session.update',
      session: buildSessionConfig(agent, this.context, { includeVoice: !this.playback.started }),
    };
  }

  /** Aborts what runs before the transport closes (`close()`'s first half). */
  stopping(): void {
    this.state = 'closing';
    for (const handoff of this.appHandoffs ?? []) handoff.abort('session_closed');
    this.dispatcher.close();
    this.sequencer.cancelPending();
  }

  /** The session is over: everything stops, every stream completes. */
  finish(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    for (const handoff of this.appHandoffs ?? []) handoff.abort('session_closed');
    this.dispatcher.close();
    this.sequencer.cancelPending();
    this.link.clear();
    this.retrievals.close();
    this.rollover.close();
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
    if (event.type !== 'unknown') {
      this.sequencer.observe(event);
      this.playback.observe(event);
      const used = this.usage.observe(event);
      if (used) this.turnMeter?.used(used);
      this.link.observe(event);
      this.configWatch?.observe(event);
      this.streams.history = reduceHistory(this.streams.history, event);
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
    this.retrievals.observe(event);
    this.turns.observe(event);
    this.rollover.check();
    this.turnMeter?.observe(event);
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

  resolveHandoff(handoff: Handoff<Ctx>): Agent<Ctx> {
    return this.member(handoff.target());
  }

  prepareSwitch(agent: Agent<Ctx>): PreparedSwitch {
    return this.agents.prepare(agent);
  }

  sendText(text: string, respond: boolean): void {
    this.addText(text, 'user', respond);
  }

  send(event: ClientEvent): void {
    this.link.send(event);
  }

  requestResponse(responseId: string, reason: FollowUpReason): void {
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
    return this.sessionUpdate(this.agents.value);
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

  opened(items: number): void {
    this.rollover.opened();
    this.rollover.restored(items, this.summary.lastViewSummarized);
  }

  outgoing(event: ClientEvent): ClientEvent {
    return this.configWatch?.outgoing(event) ?? event;
  }

  // TurnTrackerHost: turns.

  agent(): Agent<Ctx> {
    return this.agents.value;
  }

  historyItem(id: string): ConversationItem | undefined {
    return this.streams.history.items.findLast((item) => item.id === id);
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
    this.streams.rollover(event);
  }

  hangup(): void {
    this.#session
      .hangup()
      .catch((error: unknown) => this.streams.error(new TransportCloseError('hangup', error)));
  }
}

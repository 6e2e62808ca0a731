import type { Observable } from 'rxjs';
import type { Agent } from '../definitions/shapes.js';
import {
  FunctionResultError,
  HandoffError,
  InputTooLargeError,
  InstructionsError,
  SessionArgumentError,
  type SessionError,
  SessionStateError,
} from '../errors/session-errors.js';
import { TransportCloseError } from '../errors/transport-errors.js';
import type { ObservedSession, TransportDescription } from '../observability/telemetry.js';
import { describeTransport } from '../observability/transport-description.js';
import { TurnMeter, type TurnMetrics } from '../observability/turn-meter.js';
import type { ResponseUsage, SessionUsage } from '../observability/usage-meter.js';
import { base64Length, MAX_AUDIO_APPEND_BYTES } from '../protocol/audio-bytes.js';
import type {
  ClientEvent,
  ConversationItem,
  ResponseCreateParams,
  ServerEvent,
  UnknownServerEvent,
} from '../protocol/index.js';
import type { TransportStatus } from '../transport/transport.js';
import { appHandoffStrategy, type HandoffToOptions, handoffFromApp, handoffTarget } from './app-handoff.js';
import type { BudgetEvent } from './budget-options.js';
import {
  checkAudioPosition,
  checkItemId,
  functionOutput,
  itemCreate,
  responseCancel,
  type SendTextOptions,
  truncation,
} from './client-requests.js';
import type { FillerEvent } from './dead-air.js';
import { type AudioInput, encodeAudio } from './encode-audio.js';
import type { GuardrailEvent } from './guardrail-options.js';
import type { HistoryState } from './history.js';
import type { RetrieveItemOptions } from './item-retrievals.js';
import type { RolloverEvent } from './rollover.js';
import { SessionCore } from './session-core.js';
import type { HandoffEvent, ToolCallEvent } from './session-events.js';
import { registerInternals } from './session-internals.js';
import type { RealtimeSessionOptions, SessionState } from './session-options.js';
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
  readonly #core: SessionCore<Ctx>;
  #appHandoffCount = 0;

  constructor(options: RealtimeSessionOptions<Ctx>) {
    const core = new SessionCore<Ctx>(options, this);
    this.#core = core;
    this.context = core.context;
    registerInternals(this, {
      view: () => ({
        dispatcher: core.dispatcher.load,
        unsubscribed: core.reader.detached,
        unechoedOutputs: core.link.unechoedOutputs,
        idle: core.idle(),
      }),
      tap: (listener) => {
        core.followUpTap = listener;
      },
    });
    core.telemetry = options.telemetry?.attach(
      observed(this as RealtimeSession<unknown>, describeTransport(core.transport)),
    );
    core.reader.followStatus();
  }

  /** Parsed server events, canonical (GA) form; unknown event types arrive as `{ type: 'unknown' }`. */
  get events$(): Observable<ServerEvent | UnknownServerEvent> {
    return this.#core.streams.events$;
  }

  /** The conversation, re-emitted when it changes. */
  get history$(): Observable<HistoryState> {
    return this.#core.streams.history$;
  }

  /** The active agent; replays the current one. */
  get agent$(): Observable<Agent<Ctx>> {
    return this.#core.agents.agent$;
  }

  /** Tool pipeline progress: starts, approval requests, ends with outcome and duration. */
  get toolCalls$(): Observable<ToolCallEvent> {
    return this.#core.streams.toolCalls$;
  }

  /** Agent switches. */
  get handoffs$(): Observable<HandoffEvent> {
    return this.#core.streams.handoffs$;
  }

  /** Fillers while tools run: a spoken line or the app's hold audio starts, and ends (see `filler`). */
  get fillers$(): Observable<FillerEvent> {
    return this.#core.streams.fillers$;
  }

  /**
   * Guardrail trips: which guardrail, input or output, the text it tripped on, and what was done
   * (response cancelled, audio flushed — `action.flush: 'app'` asks the app to drop what its player
   * has queued —, item truncated or removed, the safe line said). See the `guardrails` option.
   */
  get guardrails$(): Observable<GuardrailEvent> {
    return this.#core.streams.guardrails$;
  }

  /** Malformed server events, warnings about delivered ones, server `error` events, transport and handoff failures. */
  get errors$(): Observable<SessionError> {
    return this.#core.streams.errors$;
  }

  /** The transport's connection state. */
  get status$(): Observable<TransportStatus> {
    return this.#core.transport.status$;
  }

  /** Every turn as it starts: from `sendText`, `createResponse`, speech server VAD hears, … (see {@link Turn}). */
  get turns$(): Observable<Turn<Ctx>> {
    return this.#core.turns.turns$;
  }

  /** Session rollovers to a new connection: before the time cap, on `session_expired`, or asked for. */
  get rollovers$(): Observable<RolloverEvent> {
    return this.#core.streams.rollovers$;
  }

  /** The per-call budget's steps: the warning, the limit reached, the model switched, the call ended (see `budget`). */
  get budget$(): Observable<BudgetEvent> {
    return this.#core.streams.budget$;
  }

  /** Keys the caller pressed on a phone line (`0`–`9`, `*`, `#`, `A`–`D`), from SIP or Twilio DTMF. */
  get dtmf$(): Observable<string> {
    return this.#core.streams.dtmf$;
  }

  /** The active agent now. */
  get agent(): Agent<Ctx> {
    return this.#core.agents.value;
  }

  /** The conversation now. */
  get history(): HistoryState {
    return this.#core.streams.history;
  }

  /** Each response's token usage and cost (from its `response.done`), with the session's totals after it. */
  get usage$(): Observable<ResponseUsage> {
    return this.#core.usage.usage$;
  }

  /**
   * The numbers of every turn that starts from the first read on, as it settles: latency to the
   * first delta, duration, tool calls, tokens, cost.
   */
  get metrics$(): Observable<TurnMetrics> {
    if (!this.#core.turnMeter) {
      this.#core.turnMeter = new TurnMeter();
      if (this.#core.state === 'closed') this.#core.turnMeter.complete();
    }
    return this.#core.turnMeter.metrics$;
  }

  /** Tokens and cost of the session so far (see `usage$`). */
  get usage(): SessionUsage {
    return this.#core.usage.usage;
  }

  /** Where the session is in its lifecycle. */
  get state(): SessionState {
    return this.#core.state;
  }

  /**
   * Opens the transport; the active agent's `session.update` is the first event sent. Rejects with
   * the transport's error when it cannot connect, and with an {@link InstructionsError} (or the
   * config error) when the agent's `session.update` cannot be built; either way the session is then
   * closed and its streams completed.
   */
  async connect(): Promise<void> {
    if (this.#core.state !== 'idle') throw new SessionStateError('connect', this.#core.state);
    this.#core.state = 'connecting';
    try {
      await this.#core.transport.connect();
    } catch (error) {
      this.#core.finish();
      throw error;
    }
    const failure = this.#core.openFailure;
    if (failure) {
      await this.close();
      throw failure;
    }
    if (this.#core.state === 'connecting') this.#core.state = 'open';
    this.#core.budget?.start();
  }

  /** Sends a raw client event (canonical GA form), for anything the methods below do not cover. */
  send(event: ClientEvent): void {
    this.#assertUsable('send');
    this.#core.link.send(event);
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
    const turn = respond ? this.#core.turns.start({ kind: 'text', text, role }) : undefined;
    this.#core.addText(text, role, respond);
    return turn;
  }

  /** Appends PCM16 audio to the input buffer. Throws {@link InputTooLargeError} past the API's 15 MiB limit. */
  sendAudio(pcm16: AudioInput): void {
    this.#assertUsable('sendAudio');
    const size = base64Length(pcm16.byteLength);
    if (size > MAX_AUDIO_APPEND_BYTES)
      throw new InputTooLargeError('input_audio_buffer.append audio', size, MAX_AUDIO_APPEND_BYTES);
    this.#core.link.send({ type: 'input_audio_buffer.append', audio: encodeAudio(pcm16) });
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
    const turn = options.respond ? this.#core.turns.start({ kind: 'audio', itemId: undefined }) : undefined;
    this.#core.link.send({ type: 'input_audio_buffer.commit' });
    if (turn) this.#core.sequencer.request();
    return turn;
  }

  /** Drops the audio appended to the input buffer and not committed yet (`input_audio_buffer.clear`). */
  clearAudio(): void {
    this.#assertUsable('clearAudio');
    this.#core.link.send({ type: 'input_audio_buffer.clear' });
  }

  /** Adds any item (audio, an image, history to seed) after `previousItemId` (`null`: first) or last; asks for no response. */
  addItem(item: ConversationItem, options: { readonly previousItemId?: string | null } = {}): void {
    this.#assertUsable('addItem');
    this.#core.link.send(itemCreate(item, options.previousItemId));
  }

  /** Removes an item from the conversation (`conversation.item.delete`); `history$` drops it once the server confirms. */
  deleteItem(itemId: string): void {
    this.#assertUsable('deleteItem');
    this.#core.link.send({ type: 'conversation.item.delete', item_id: checkItemId('deleteItem', itemId) });
  }

  /**
   * Asks the server for its copy of an item, audio included (`conversation.item.retrieve`). Resolves
   * with the item; rejects with an {@link ItemRetrieveError}: `refused` (the server's `error` for this
   * request, e.g. no such item), `timeout` (default 10 s), `aborted`, `session_closed`.
   */
  retrieveItem(itemId: string, options: RetrieveItemOptions = {}): Promise<ConversationItem> {
    this.#assertUsable('retrieveItem');
    return this.#core.retrievals.retrieve(checkItemId('retrieveItem', itemId), options);
  }

  /** Cuts an assistant audio item at `audioEndMs`, what the user heard; the server drops the transcript past it. */
  truncateItem(itemId: string, audioEndMs: number, options: { readonly contentIndex?: number } = {}): void {
    this.#assertUsable('truncateItem');
    this.#core.link.send(truncation(itemId, audioEndMs, options.contentIndex ?? 0));
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
      this.#core.link.send({ type: 'response.create', response: options });
      return undefined;
    }
    const turn = this.#core.turns.current ?? this.#core.turns.start({ kind: 'response' });
    this.#core.sequencer.request(options);
    return turn;
  }

  /** Cancels the active response, or `responseId`'s; unlike {@link interrupt} it truncates and aborts nothing else. */
  cancelResponse(responseId?: string): void {
    this.#assertUsable('cancelResponse');
    this.#core.link.send(responseCancel(responseId));
  }

  /**
   * Sends the result of a call the app answers (its tool has no `execute`: `result_requested` on
   * `toolCalls$`); the pipeline settles it like any call. A call the pipeline never saw gets its
   * output, then (unless `respond: false`) a response. Throws a {@link FunctionResultError} for a
   * call the pipeline runs itself, or a result JSON cannot carry.
   */
  sendFunctionResult(callId: string, result: unknown, options: { readonly respond?: boolean } = {}): void {
    this.#assertUsable('sendFunctionResult');
    if (this.#core.dispatcher.provideResult(callId, result)) return;
    if (this.#core.dispatcher.knowsCall(callId))
      throw new FunctionResultError(
        'owned_by_pipeline',
        callId,
        'the tool pipeline answers it (its tool has execute)',
      );
    this.#core.link.send({ type: 'conversation.item.create', item: functionOutput(callId, result) });
    if (options.respond !== false) this.#core.sequencer.request();
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
    this.#core.stopModel(
      this.#core.sequencer.busy ? responseCancel(undefined) : undefined,
      this.#core.transport.playback === 'server',
    );
    this.#core.guardrails.interrupt();
    this.#core.turns.interrupt();
    if (playedMs !== undefined) {
      const truncate = this.#core.playback.truncation(playedMs);
      if (truncate) this.#core.link.send(truncate);
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
    const target = this.#core.member(agent);
    const prepared = this.#core.agents.prepare(target);
    if (!prepared.ok) throw new HandoffError(from, target.name, prepared.error);
    prepared.commit();
    this.#core.streams.handoff({ type: 'handoff', from, to: target.name });
  }

  /**
   * Rolls the session over to a new connection at the next quiet moment (now, when no turn is open
   * and nothing is in the tool pipeline), as before the time cap: the active agent's config and the
   * conversation's text are restored there, events sent meanwhile wait for it, and `rollovers$`
   * reports it. Returns false when the transport cannot `renew()` (or `rollover: false`).
   */
  rollover(): boolean {
    this.#assertUsable('rollover');
    return this.#core.rollover.request();
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
    const to = handoffTarget(this.#core.swarm, from, agentName);
    if (to === from) return Promise.resolve(undefined);
    const strategy = appHandoffStrategy(from, to, options);
    const controller = new AbortController();
    this.#core.appHandoffs ??= new Set();
    this.#core.appHandoffs.add(controller);
    const callId = `app_handoff_${++this.#appHandoffCount}`;
    const request = { from, to, callId, signal: controller.signal, strategy };
    return handoffFromApp(
      {
        context: this.context,
        defaultTimeoutMs: this.#core.defaultTimeoutMs,
        idempotencyKey: (callId) => this.#core.idempotencyKey(callId),
        activeAgent: () => this.agent,
        prepare: (agent) => this.#core.agents.prepare(agent),
        prepareHandover: (handoff, from, to, signal) =>
          this.#core.handover.prepare(handoff, from, to, signal),
        runningCallIds: () => this.#core.dispatcher.runningCallIds(),
        stopActive: () => {
          // The agent being left stops talking: as an interruption does, minus the truncation.
          if (this.#core.sequencer.busy) {
            this.#core.link.send({ type: 'response.cancel' });
            if (this.#core.transport.playback === 'server')
              this.#core.link.send({ type: 'output_audio_buffer.clear' });
          }
          this.#core.sequencer.cancelPending();
          this.#core.dispatcher.handoffFromApp();
        },
        sendText: (text, role, respond) => this.#core.addText(text, role, respond),
        respond: () => this.createResponse(),
        handoff: (event) => this.#core.streams.handoff(event),
      },
      request,
      options,
    ).finally(() => this.#core.appHandoffs?.delete(controller));
  }

  /** Lets a call that needs approval run. Returns false when no call with that id is waiting. */
  approve(callId: string): boolean {
    return this.#core.dispatcher.decide(callId, { approved: true });
  }

  /** Refuses a call that needs approval; the model is told, with `reason`. Returns false when none is waiting. */
  reject(callId: string, reason?: string): boolean {
    return this.#core.dispatcher.decide(
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
    if (this.#core.state === 'closing' || this.#core.state === 'closed') return;
    try {
      await this.#core.transport.hangup?.();
    } catch (error) {
      this.#core.streams.error(new TransportCloseError('hangup', error));
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
    if (this.#core.state === 'closing' || this.#core.state === 'closed') return;
    this.#core.stopping();
    await this.#core.dispatcher.goingOnEnded();
    try {
      await this.#core.transport.close();
    } catch (error) {
      this.#core.streams.error(new TransportCloseError('close', error));
    }
    this.#core.finish();
  }

  #assertUsable(operation: string): void {
    if (this.#core.state === 'closing' || this.#core.state === 'closed')
      throw new SessionStateError(operation, this.#core.state);
  }
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

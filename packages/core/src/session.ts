import { BehaviorSubject, filter, map, type Observable, Subject, Subscription } from 'rxjs';
import type { Agent } from './agent.js';
import { type AudioInput, base64Length, encodeAudio, MAX_AUDIO_APPEND_BYTES } from './audio.js';
import { ToolDispatcher } from './dispatch.js';
import type { Handoff } from './handoff.js';
import { emptyHistory, type HistoryState, reduceHistory } from './history.js';
import { Outbox } from './outbox.js';
import { AudioOutputTracker } from './playback.js';
import {
  type ClientEvent,
  type ClientEventOf,
  type ParsedServerEvent,
  type ProtocolError,
  type ProtocolWarning,
  parseServerEvent,
  type ResponseCreateParams,
  type ServerEvent,
  type UnknownServerEvent,
} from './protocol/index.js';
import { ResponseSequencer } from './response-sequencer.js';
import { restoreEvents } from './restore.js';
import { buildSessionConfig } from './session-config.js';
import {
  ConnectionClosedError,
  InputTooLargeError,
  ServerError,
  SessionStateError,
} from './session-errors.js';
import type { HandoffEvent, ToolCallEvent } from './session-events.js';
import type { Swarm } from './swarm.js';
import type { ToolSessionHandle } from './tool.js';
import { describeCloseReason, type RealtimeTransport, type TransportStatus } from './transport.js';

/** Options of a {@link RealtimeSession}: a transport, and either a swarm or a single agent with its context. */
export type RealtimeSessionOptions<Ctx> = {
  readonly transport: RealtimeTransport;
  /** Used for tools that set no `timeoutMs` (default 30 s). */
  readonly toolTimeoutMs?: number;
} & (
  | { readonly swarm: Swarm<Ctx>; readonly agent?: undefined; readonly context?: undefined }
  | { readonly agent: Agent<Ctx>; readonly context: Ctx; readonly swarm?: undefined }
);

/** Everything that can go wrong in a session, as values: nothing is thrown into the event stream. */
export type SessionError = ProtocolError | ProtocolWarning | ServerError | Error;

/** The lifecycle of a session. */
export type SessionState = 'idle' | 'connecting' | 'open' | 'closing' | 'closed';

const DEFAULT_TOOL_TIMEOUT_MS = 30_000;

/**
 * A live realtime conversation: one transport, the active agent, and the automatic tool pipeline.
 * On connect it sends the agent's `session.update`; from then on it runs every function call the
 * model makes, sends the outputs and one `response.create`, and switches agents on handoffs.
 *
 * @example
 * ```ts
 * const session = new RealtimeSession({ swarm, transport: websocketTransport() });
 * session.toolCalls$.subscribe((event) => console.log(event.type, event.name));
 * await session.connect();
 * session.sendText('Where is my refund for invoice INV-1001?');
 * ```
 */
export class RealtimeSession<Ctx = unknown> {
  /** The shared context the swarm's (or agent's) tools and instructions see. */
  readonly context: Ctx;
  readonly #transport: RealtimeTransport;
  readonly #swarm: Swarm<Ctx> | undefined;
  readonly #events = new Subject<ServerEvent | UnknownServerEvent>();
  readonly #history = new BehaviorSubject<HistoryState>(emptyHistory);
  readonly #agent: BehaviorSubject<Agent<Ctx>>;
  readonly #toolCalls = new Subject<ToolCallEvent>();
  readonly #handoffs = new Subject<HandoffEvent>();
  readonly #errors = new Subject<SessionError>();
  readonly #sequencer: ResponseSequencer;
  readonly #dispatcher: ToolDispatcher<Ctx>;
  readonly #playback = new AudioOutputTracker();
  readonly #outbox: Outbox;
  #state: SessionState = 'idle';
  #generation = 0;
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
  /** Malformed server events, warnings about delivered ones, server `error` events, transport and handoff failures. */
  readonly errors$: Observable<SessionError> = this.#errors.asObservable();
  /** The transport's connection state. */
  readonly status$: Observable<TransportStatus>;
  /** Keys the caller pressed on a phone line (`0`–`9`, `*`, `#`, `A`–`D`), from SIP or Twilio DTMF. */
  readonly dtmf$: Observable<string> = this.#events.pipe(
    filter((event) => event.type === 'input_audio_buffer.dtmf_event_received'),
    map((event) => event.event),
  );

  constructor(options: RealtimeSessionOptions<Ctx>) {
    this.#transport = options.transport;
    this.#outbox = new Outbox(
      (event) => this.#transport.send(event),
      (error) => this.#errors.next(error),
    );
    this.#swarm = options.swarm;
    this.context = options.swarm ? options.swarm.context : options.context;
    this.#agent = new BehaviorSubject(options.swarm ? options.swarm.start : options.agent);
    this.agent$ = this.#agent.asObservable();
    this.status$ = this.#transport.status$;
    this.#sequencer = new ResponseSequencer((event) => this.#outbox.send(event));
    const agentName = () => this.agent.name;
    const handle: ToolSessionHandle = {
      get agentName() {
        return agentName();
      },
      sendText: (text) => this.sendText(text),
    };
    this.#dispatcher = new ToolDispatcher<Ctx>({
      context: this.context,
      session: handle,
      defaultTimeoutMs: options.toolTimeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS,
      activeAgent: () => this.agent,
      resolveHandoff: (handoff: Handoff<Ctx>) => this.#member(handoff.target()),
      switchAgent: (agent) => this.#switchTo(agent),
      send: (event) => this.#outbox.send(event),
      requestResponse: () => this.#sequencer.request(),
      toolEvent: (event) => this.#toolCalls.next(event),
      handoff: (event) => this.#handoffs.next(event),
      error: (error) => this.#errors.next(error),
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
      const truncate = this.#state === 'open' ? this.#playback.truncation(playedMs) : undefined;
      if (truncate) this.#outbox.send(truncate);
    });
    if (cuts) this.#subscriptions.add(cuts);
    this.#subscriptions.add(
      this.#transport.status$.subscribe((status) => {
        if (status.state === 'open') this.#opened(status.generation);
        else if (status.state === 'closed') {
          this.#outbox.fail(`the connection closed: ${describeCloseReason(status.reason)}`);
          if (status.reason.kind !== 'client') this.#errors.next(new ConnectionClosedError(status.reason));
        } else this.#outbox.hold();
      }),
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

  /** Where the session is in its lifecycle. */
  get state(): SessionState {
    return this.#state;
  }

  /** Opens the transport; the active agent's `session.update` is the first event sent. */
  async connect(): Promise<void> {
    if (this.#state !== 'idle') throw new SessionStateError('connect', this.#state);
    this.#state = 'connecting';
    try {
      await this.#transport.connect();
    } catch (error) {
      this.#state = 'closed';
      throw error;
    }
    if (this.#state === 'connecting') this.#state = 'open';
  }

  /** Sends a raw client event (canonical GA form), for anything the methods below do not cover. */
  send(event: ClientEvent): void {
    this.#assertUsable('send');
    this.#outbox.send(event);
  }

  /** Adds a user text message and (unless `respond: false`) asks for a response. */
  sendText(text: string, options: { respond?: boolean } = {}): void {
    this.#assertUsable('sendText');
    this.#outbox.send({
      type: 'conversation.item.create',
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
    });
    if (options.respond !== false) this.#sequencer.request();
  }

  /** Appends PCM16 audio to the input buffer. Throws {@link InputTooLargeError} past the API's 15 MiB limit. */
  sendAudio(pcm16: AudioInput): void {
    this.#assertUsable('sendAudio');
    const size = base64Length(pcm16.byteLength);
    if (size > MAX_AUDIO_APPEND_BYTES)
      throw new InputTooLargeError('input_audio_buffer.append audio', size, MAX_AUDIO_APPEND_BYTES);
    this.#outbox.send({ type: 'input_audio_buffer.append', audio: encodeAudio(pcm16) });
  }

  /** Commits the input audio buffer as a user message (when turn detection is off). */
  commitAudio(): void {
    this.#assertUsable('commitAudio');
    this.#outbox.send({ type: 'input_audio_buffer.commit' });
  }

  /**
   * Asks the model for a response. Out-of-band responses (`conversation: 'none'`, with `metadata` and
   * `input`) are sent at once; conversation responses wait for the active one to finish.
   */
  createResponse(options?: ResponseCreateParams): void {
    this.#assertUsable('createResponse');
    if (options?.conversation === 'none') this.#outbox.send({ type: 'response.create', response: options });
    else this.#sequencer.request(options);
  }

  /**
   * The user spoke over the assistant: cancels the active response, aborts tool calls in flight
   * (their outputs say so; no follow-up response is requested) and truncates the latest assistant
   * audio at `playedMs`, the audio the app reports as actually played. When the transport's
   * server plays the audio (WebRTC), it also clears the server's output audio buffer.
   */
  interrupt(options: { playedMs?: number } = {}): void {
    this.#assertUsable('interrupt');
    if (this.#sequencer.responseActive) this.#outbox.send({ type: 'response.cancel' });
    // Over WebRTC the server buffers the audio: cancelling the response does not silence it.
    if (this.#transport.playback === 'server') this.#outbox.send({ type: 'output_audio_buffer.clear' });
    this.#sequencer.cancelPending();
    this.#dispatcher.interrupt();
    if (options.playedMs !== undefined) {
      const truncate = this.#playback.truncation(options.playedMs);
      if (truncate) this.#outbox.send(truncate);
    }
  }

  /** Makes `agent` the active agent (it must belong to the swarm, when there is one). */
  updateAgent(agent: Agent<Ctx>): void {
    this.#assertUsable('updateAgent');
    const from = this.agent.name;
    const target = this.#member(agent);
    this.#switchTo(target);
    this.#handoffs.next({ type: 'handoff', from, to: target.name });
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
   * as {@link close} does. On a transport that is not a phone line it is `close()`.
   */
  async hangup(): Promise<void> {
    if (this.#state === 'closing' || this.#state === 'closed') return;
    await this.#transport.hangup?.();
    await this.close();
  }

  /** Ends the session: aborts running tools, closes the transport, completes every stream. */
  async close(): Promise<void> {
    if (this.#state === 'closing' || this.#state === 'closed') return;
    this.#state = 'closing';
    this.#dispatcher.close();
    this.#sequencer.cancelPending();
    await this.#transport.close();
    this.#finish();
  }

  #ingest(parsed: ParsedServerEvent): void {
    if (!parsed.ok) {
      this.#errors.next(parsed.error);
      return;
    }
    const { event } = parsed;
    for (const warning of parsed.warnings) this.#errors.next(warning);
    if (event.type !== 'unknown') {
      this.#sequencer.observe(event);
      this.#playback.observe(event);
      const history = reduceHistory(this.#history.value, event);
      if (history !== this.#history.value) this.#history.next(history);
      if (event.type === 'error') this.#errors.next(new ServerError(event));
    }
    this.#events.next(event);
    if (event.type !== 'unknown') this.#dispatcher.observe(event);
  }

  #opened(generation: number): void {
    if (generation === this.#generation) return;
    const reconnected = this.#generation > 0;
    this.#generation = generation;
    if (reconnected) {
      // A new connection is a new session on the server: nothing is active, no voice is locked.
      this.#sequencer.reset();
      this.#playback.reset();
    }
    const restore = reconnected ? restoreEvents(this.#history.value) : [];
    this.#outbox.open([this.#sessionUpdate(this.agent), ...restore]);
  }

  /** The swarm's own agent of that name (a swarm checks its handoff graph when it is built). */
  #member(agent: Agent<Ctx>): Agent<Ctx> {
    return this.#swarm ? this.#swarm.agent(agent.name) : agent;
  }

  #switchTo(agent: Agent<Ctx>): void {
    this.#agent.next(agent);
    this.#outbox.send(this.#sessionUpdate(agent));
  }

  /** The API rejects a voice change once the model has spoken, so the voice is sent only before that. */
  #sessionUpdate(agent: Agent<Ctx>): ClientEventOf<'session.update'> {
    return {
      type: 'session.update',
      session: buildSessionConfig(agent, this.context, { includeVoice: !this.#playback.started }),
    };
  }

  #assertUsable(operation: string): void {
    if (this.#state === 'closing' || this.#state === 'closed')
      throw new SessionStateError(operation, this.#state);
  }

  #finish(): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#dispatcher.close();
    this.#subscriptions.unsubscribe();
    for (const subject of [
      this.#events,
      this.#history,
      this.#agent,
      this.#toolCalls,
      this.#handoffs,
      this.#errors,
    ]) {
      (subject as Subject<unknown>).complete();
    }
  }
}

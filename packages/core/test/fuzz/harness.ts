import { Observable } from 'rxjs';
import { vi } from 'vitest';
import {
  type ClientEvent,
  type ConversationItem,
  HandoffError,
  RealtimeSession,
  type RealtimeTransport,
  SessionStateError,
  type Swarm,
  type ToolCallEvent,
  type Turn,
  type TurnResult,
} from '../../src/index.js';
import { inspectSession, tapFollowUps } from '../../src/session/session-internals.js';
import { createScriptedTransport, type ScriptedServer } from '../../src/testing/index.js';
import { type FuzzContext, fuzzSwarm, SESSION_TOOL_TIMEOUT_MS } from './agents.js';
import type { CallSpec, ResponseStatus, Step } from './scenario.js';

/** A client event as it reached the wire, with the connection it went out on. */
export interface WireEvent {
  readonly generation: number;
  readonly event: ClientEvent;
}

/** The server's side of one response, as the scenario played it. */
export interface ResponseModel {
  readonly id: string;
  readonly outOfBand: boolean;
  readonly generation: number;
  readonly callIds: string[];
  /** Set by `done`; `undefined` while open or when the connection was cut under it. */
  status: ResponseStatus | undefined;
  open: boolean;
  /** The app interrupted while it was open: calls arriving in it later must not run. */
  interrupted: boolean;
  /** Still open when its connection dropped and the transport began to reconnect. */
  cut?: boolean;
  /** It ended (done or cut) while the session was open: a follow-up was still possible. */
  endedWhileOpen?: boolean;
}

const AUDIO_DELTA = Buffer.alloc(4_800).toString('base64'); // 100 ms of PCM16 at 24 kHz

/** Runs every pending promise callback (fake timers leave `setImmediate` real). */
export const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Plays one generated scenario against a real `RealtimeSession` on the scripted transport and
 * records what the invariants need: every client event on the wire (with its connection), every
 * tool event, the server's responses, the requests the app made, and what escaped.
 */
export class ScenarioRun {
  readonly server: ScriptedServer;
  readonly session: RealtimeSession<FuzzContext>;
  readonly context: FuzzContext;
  readonly #swarm: Swarm<FuzzContext>;
  readonly wire: WireEvent[] = [];
  readonly toolEvents: ToolCallEvent[] = [];
  /** Turns still open while the session was idle (a hang). */
  readonly turnsLeftOpen = new Set<string>();
  /** Every turn the session started, with its result once it settled. */
  readonly turns: { readonly turn: Turn<FuzzContext>; result?: TurnResult<FuzzContext> }[] = [];
  readonly responses: ResponseModel[] = [];
  /** Calls the server made before close, by call id. */
  readonly calls = new Map<string, CallSpec>();
  /** Client `event_id`s the server refused with an `error`. */
  readonly refused = new Set<string>();
  /** Call ids whose output the server echoed, with the connection it first echoed on. */
  readonly echoed = new Map<string, number>();
  /** `callId@generation` of every echo, so one connection echoes an output once. */
  readonly #echoes = new Set<string>();
  readonly unexpectedThrows: unknown[] = [];
  /** Calls that must never run: first seen in a cancelled or failed response, or after an interruption. */
  readonly mustNotRun = new Set<string>();
  /** Calls whose end came while the session was closing (by `close()`, or by itself). */
  readonly endedWhileClosing = new Set<string>();
  /** The responses the pipeline asked for, and why. */
  readonly followUps: { readonly responseId: string; readonly reason: string }[] = [];
  /** Drops that lost an unanswered response.create: the connection, and how many interrupts came before. */
  readonly lostAt: { readonly generation: number; readonly interrupts: number }[] = [];
  /** Position in `toolEvents` of every handoff the model made: it cancels the other responses. */
  readonly handoffsAt: number[] = [];
  interrupts = 0;
  appRequests = 0;
  lostCreates = 0;
  /** The connection was dropped for good: events sent after that never reach a wire. */
  wireDead = false;
  /** Index in `toolEvents` and `wire` when `close()` was called. */
  closeStartedAt: { readonly toolEvents: number; readonly wire: number } | undefined;
  liveSubscriptions = 0;
  #generation = 1;
  #connected = true;
  #reconnecting = false;
  #closing: Promise<void> | undefined;
  readonly #emitted: unknown[] = [];
  #ids = 0;
  /** Wire index just after the last conversation `response.created` the server sent on this connection. */
  #answeredUpTo = 0;
  /** Wire index at the last interruption: requests sent before it are withdrawn, not lost. */
  #withdrawnUpTo = 0;
  /** An interruption came while disconnected: the requests the outbox holds are withdrawn too. */
  #withdrawHeld = false;

  constructor() {
    const { swarm, context } = fuzzSwarm();
    this.context = context;
    this.#swarm = swarm;
    this.server = createScriptedTransport();
    const inner = this.server.transport;
    const transport: RealtimeTransport = {
      ...inner,
      events$: this.#counted(inner.events$),
      status$: this.#counted(inner.status$),
      errors$: this.#counted(inner.errors$),
      send: (event) => {
        const before = this.server.sent.length;
        inner.send(event);
        if (this.server.sent.length > before) this.wire.push({ generation: this.#generation, event });
      },
    };
    this.session = new RealtimeSession({ swarm, transport, toolTimeoutMs: SESSION_TOOL_TIMEOUT_MS });
    this.session.handoffs$.subscribe((event) => {
      if (event.callId !== undefined) this.handoffsAt.push(this.toolEvents.length);
    });
    tapFollowUps(this.session, (responseId, reason) => this.followUps.push({ responseId, reason }));
    this.session.turns$.subscribe((turn) => {
      const entry: (typeof this.turns)[number] = { turn };
      this.turns.push(entry);
      void turn.done.then((result) => {
        entry.result = result;
      });
    });
    this.session.toolCalls$.subscribe((event) => {
      this.toolEvents.push(event);
      if (event.type === 'tool_end' && this.session.state !== 'open')
        this.endedWhileClosing.add(event.callId);
    });
  }

  async play(steps: readonly Step[]): Promise<void> {
    await this.session.connect();
    for (const step of steps) {
      await this.#step(step);
      await flush();
      this.#noTurnLeftOpen();
    }
    if (this.#reconnecting) this.#reopen();
    await flush();
    // Closed with whatever still runs: close() must settle it and leave no timer behind.
    this.#close();
    await this.#closing;
    await flush();
  }

  async #step(step: Step): Promise<void> {
    switch (step.kind) {
      case 'open':
        return this.#open(step.outOfBand);
      case 'call':
        return this.#call(step.response, step.call, step.inHistory, step.late);
      case 'stream':
        return this.#stream(step.response, step.contentIndex);
      case 'done':
        return this.#done(step.response, step.status, step.extraCalls);
      case 'duplicate': {
        const again = this.#emitted.filter(
          (event) => (event as { type?: unknown } | null)?.type !== 'response.created',
        );
        if (again.length > 0) this.#emit(again[step.index % again.length]);
        return;
      }
      case 'error':
        return this.#error(step.target, step.activeResponse);
      case 'malformed':
        return this.#emit(step.value);
      case 'echo':
        return this.#echo();
      case 'interrupt':
        return this.#app(() => {
          this.session.interrupt(step.playedMs === undefined ? {} : { playedMs: step.playedMs });
          this.interrupts += 1;
          this.#withdrawnUpTo = this.wire.length; // an interruption withdraws the request in flight
          if (!this.#connected) this.#withdrawHeld = true; // ... also one the outbox still holds
          for (const response of this.#openResponses()) if (!response.outOfBand) response.interrupted = true;
        });
      case 'decide':
        return this.#decide(step.index, step.approve);
      case 'sendText':
        return this.#app(() => {
          this.session.sendText('hello', { respond: step.respond });
          if (step.respond) this.appRequests += 1;
        });
      case 'createResponse':
        return this.#app(() => {
          this.session.createResponse(
            step.outOfBand ? { conversation: 'none', metadata: { topic: 'x' } } : undefined,
          );
          if (!step.outOfBand) this.appRequests += 1;
        });
      case 'updateAgent':
        return this.#app(() => {
          const { agents } = this.#swarm;
          this.session.updateAgent(agents[step.agent % agents.length] as (typeof agents)[number]);
        });
      case 'breakInstructions':
        this.context.breakInstructions = step.on;
        return;
      case 'drop':
        return this.#drop(step.reconnect);
      case 'reopen':
        if (this.#reconnecting) this.#reopen();
        return;
      case 'close':
        return this.#close();
      case 'advance':
        await vi.advanceTimersByTimeAsync(step.ms);
        return;
    }
  }

  #counted<T>(source: Observable<T>): Observable<T> {
    return new Observable<T>((subscriber) => {
      this.liveSubscriptions += 1;
      const subscription = source.subscribe(subscriber);
      return () => {
        this.liveSubscriptions -= 1;
        subscription.unsubscribe();
      };
    });
  }

  #id(prefix: string): string {
    this.#ids += 1;
    return `${prefix}_${this.#ids}`;
  }

  #emit(event: unknown): void {
    if (!this.#connected) return; // a replaced connection's events are never delivered
    this.#emitted.push(event);
    this.server.emit(event);
  }

  #openResponses(): ResponseModel[] {
    return this.responses.filter((response) => response.open && response.generation === this.#generation);
  }

  #open(outOfBand: boolean): void {
    if (!this.#connected) return;
    const busy = this.#openResponses().some((response) => !response.outOfBand);
    const response = this.#newResponse(outOfBand || busy); // the API runs one conversation response at a time
    this.#emit({
      type: 'response.created',
      event_id: this.#id('event'),
      response: {
        id: response.id,
        status: 'in_progress',
        conversation_id: response.outOfBand ? null : 'conv_1',
        output: [],
      },
    });
    if (!response.outOfBand) this.#answeredUpTo = this.wire.length;
  }

  #newResponse(outOfBand: boolean): ResponseModel {
    const response: ResponseModel = {
      id: this.#id('resp'),
      outOfBand,
      generation: this.#generation,
      callIds: [],
      status: undefined,
      open: true,
      interrupted: false,
    };
    this.responses.push(response);
    return response;
  }

  #callItem(callId: string, call: CallSpec): ConversationItem {
    return {
      type: 'function_call',
      id: `item_${callId}`,
      call_id: callId,
      name: call.name,
      arguments: call.args,
      status: 'completed',
    };
  }

  #call(index: number, call: CallSpec, inHistory: boolean, late: boolean): void {
    if (!this.#connected) return;
    const candidates = this.responses.filter(
      (response) => response.generation === this.#generation && response.open !== late,
    );
    let response = candidates[index % Math.max(candidates.length, 1)];
    // Without one, a response whose response.created was missed.
    response ??= this.#newResponse(false);
    const callId = this.#id('call');
    this.#remember(callId, call);
    const cancelled = response.status === 'cancelled' || response.status === 'failed';
    if (response.interrupted || cancelled) this.mustNotRun.add(callId);
    response.callIds.push(callId);
    const item = this.#callItem(callId, call);
    if (inHistory && !response.outOfBand) {
      this.#emit({
        type: 'conversation.item.added',
        event_id: this.#id('event'),
        previous_item_id: null,
        item,
      });
    }
    this.#emit({
      type: 'response.output_item.done',
      event_id: this.#id('event'),
      response_id: response.id,
      output_index: response.callIds.length - 1,
      item,
    });
  }

  #remember(callId: string, call: CallSpec): void {
    if (!this.closeStartedAt) this.calls.set(callId, call);
  }

  #stream(index: number, contentIndex: number): void {
    const open = this.#openResponses();
    const response = open[index % Math.max(open.length, 1)];
    if (!response) return;
    const itemId = this.#id('item');
    const base = { response_id: response.id, item_id: itemId, output_index: 0, content_index: contentIndex };
    if (!response.outOfBand) {
      this.#emit({
        type: 'conversation.item.added',
        event_id: this.#id('event'),
        previous_item_id: null,
        item: { type: 'message', id: itemId, role: 'assistant', status: 'in_progress', content: [] },
      });
    }
    this.#emit({
      type: 'response.content_part.added',
      event_id: this.#id('event'),
      ...base,
      part: { type: 'audio', transcript: '' },
    });
    this.#emit({
      type: 'response.output_audio_transcript.delta',
      event_id: this.#id('event'),
      ...base,
      delta: 'Hello',
    });
    this.#emit({
      type: 'response.output_audio.delta',
      event_id: this.#id('event'),
      ...base,
      delta: AUDIO_DELTA,
    });
  }

  #done(index: number, status: ResponseStatus, extraCalls: readonly CallSpec[]): void {
    const open = this.#openResponses();
    const response = open[index % Math.max(open.length, 1)];
    if (!response) return;
    const output = response.callIds.map((callId) =>
      this.#callItem(callId, this.calls.get(callId) ?? { name: 'work', args: '{}' }),
    );
    for (const call of extraCalls) {
      const callId = this.#id('call');
      this.#remember(callId, call);
      if (status === 'cancelled' || status === 'failed' || response.interrupted) this.mustNotRun.add(callId);
      response.callIds.push(callId);
      output.push(this.#callItem(callId, call));
    }
    response.open = false;
    response.status = status;
    response.endedWhileOpen = this.session.state === 'open';
    this.#emit({
      type: 'response.done',
      event_id: this.#id('event'),
      response: { id: response.id, status, conversation_id: response.outOfBand ? null : 'conv_1', output },
    });
  }

  #error(target: 'create' | 'switch' | 'none', activeResponse: boolean): void {
    if (!this.#connected) return;
    const onThisConnection = this.wire
      .filter((sent) => sent.generation === this.#generation)
      .map((sent) => sent.event);
    const named =
      target === 'none'
        ? undefined
        : onThisConnection.findLast((event) =>
            target === 'create'
              ? event.type === 'response.create' && event.response?.conversation !== 'none'
              : event.type === 'session.update' && event.event_id !== undefined,
          );
    const eventId = named?.event_id;
    if (eventId) this.refused.add(eventId);
    this.#emit({
      type: 'error',
      event_id: this.#id('event'),
      error: {
        type: 'invalid_request_error',
        code: activeResponse ? 'conversation_already_has_active_response' : 'invalid_value',
        message: 'refused',
        param: null,
        event_id: eventId ?? null,
      },
    });
  }

  #echo(): void {
    if (!this.#connected) return;
    for (const sent of this.wire) {
      const { event } = sent;
      if (sent.generation !== this.#generation || event.type !== 'conversation.item.create') continue;
      if (event.item.type !== 'function_call_output') continue;
      const echo = `${event.item.call_id}@${this.#generation}`;
      if (this.#echoes.has(echo)) continue;
      this.#echoes.add(echo);
      if (!this.echoed.has(event.item.call_id)) this.echoed.set(event.item.call_id, this.#generation);
      this.#emit({
        type: 'conversation.item.added',
        event_id: this.#id('event'),
        previous_item_id: null,
        item: { ...event.item, id: event.item.id ?? this.#id('item') },
      });
    }
  }

  #decide(index: number, approve: boolean): void {
    const ended = new Set(
      this.toolEvents.flatMap((event) => (event.type === 'tool_end' ? [event.callId] : [])),
    );
    const waiting = this.toolEvents.filter(
      (event) => event.type === 'approval_requested' && !ended.has(event.callId),
    );
    const chosen = waiting[index % Math.max(waiting.length, 1)];
    if (!chosen) return;
    if (approve) this.session.approve(chosen.callId);
    else this.session.reject(chosen.callId, 'no');
  }

  #drop(reconnect: boolean): void {
    if (!this.#connected) return;
    const creates = this.wire.filter(
      (sent, index) =>
        index >= Math.max(this.#answeredUpTo, this.#withdrawnUpTo) &&
        sent.generation === this.#generation &&
        sent.event.type === 'response.create' &&
        sent.event.response?.conversation !== 'none' &&
        !this.refused.has(sent.event.event_id ?? ''),
    );
    if (creates.length > 0) {
      this.lostCreates += 1;
      this.lostAt.push({ generation: this.#generation, interrupts: this.interrupts });
    }
    for (const response of this.#openResponses()) {
      response.open = false;
      response.cut = reconnect;
      response.endedWhileOpen = this.session.state === 'open';
    }
    this.#connected = false;
    this.server.drop({ kind: 'network_error', message: 'fuzz drop' }, { reconnect });
    if (reconnect) this.#reconnecting = true;
    else this.wireDead = true;
  }

  #reopen(): void {
    this.#reconnecting = false;
    this.#generation += 1;
    this.#answeredUpTo = this.wire.length;
    this.#connected = true;
    this.server.reopen();
    if (this.#withdrawHeld) this.#withdrawnUpTo = this.wire.length;
    this.#withdrawHeld = false;
  }

  #close(): void {
    if (this.#closing) return;
    // Closed while reconnecting, or closed by the session itself (a reconnect whose agent config
    // could not be built): what the outbox held never reaches a wire (it is reported instead).
    if (!this.#connected || this.session.state !== 'open') this.wireDead = true;
    this.closeStartedAt = { toolEvents: this.toolEvents.length, wire: this.wire.length };
    this.#closing = this.session.close();
  }

  /** Once the session is idle, every turn has settled: none waits for something that will not come. */
  #noTurnLeftOpen(): void {
    if (this.session.state !== 'open' || !inspectSession(this.session).idle) return;
    for (const { turn, result } of this.turns) if (!result) this.turnsLeftOpen.add(turn.id);
  }

  /** Runs an app action; the errors the API documents for it are expected, anything else is recorded. */
  #app(action: () => void): void {
    try {
      action();
    } catch (error) {
      if (!(error instanceof SessionStateError || error instanceof HandoffError))
        this.unexpectedThrows.push(error);
    }
  }
}

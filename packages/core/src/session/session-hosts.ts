import { filter, type Observable } from 'rxjs';
import type { Agent } from '../definitions/shapes.js';
import type { SessionError } from '../errors/session-errors.js';
import type { ClientEvent, ResponseCreateParams, ServerEvent } from '../protocol/index.js';
import type { BudgetHost } from './budget.js';
import type { BudgetEvent } from './budget-options.js';
import { responseCancel } from './client-requests.js';
import type { DeadAirHost, FillerEvent } from './dead-air.js';
import type { GuardrailEvent } from './guardrail-options.js';
import type { GuardrailsHost } from './guardrails.js';
import type { HandoverHost } from './handoff-context.js';
import type { HistoryState } from './history.js';
import type { SessionCore } from './session-core.js';
import type { ToolStartEvent } from './session-events.js';

// What the conversation-quality parts (fillers, guardrails, handoff context, budgets) need from a
// session, each as one small object whose methods live on its prototype and read the session's
// core: a session pays an object per part instead of a closure per callback.

/** What every part gets: the session's core, its send, its errors and the sequencer's holds. */
class CoreLink<Ctx> {
  readonly core: SessionCore<Ctx>;

  constructor(core: SessionCore<Ctx>) {
    this.core = core;
  }

  send(event: ClientEvent): void {
    this.core.link.send(event);
  }

  error(error: SessionError): void {
    this.core.streams.error(error);
  }

  hold(key: string): void {
    this.core.sequencer.hold(key);
  }

  release(key: string): void {
    this.core.sequencer.release(key);
  }
}

/** What fillers need: the sequencer's slot, and which delay a call's tool asks for. */
export class FillerLink<Ctx> extends CoreLink<Ctx> implements DeadAirHost {
  responseActive(): boolean {
    return this.core.sequencer.responseActive;
  }

  delayOf(call: ToolStartEvent): number | false | undefined {
    const agent = this.core.agentNamed(call.agent) ?? this.core.agents.value;
    if (agent.name !== call.agent) return undefined;
    return agent.tools.find((tool) => tool.name === call.name)?.fillerAfterMs ?? agent.fillerAfterMs;
  }

  event(event: FillerEvent): void {
    this.core.streams.filler(event);
  }
}

/** What guardrails need: the sequencer, a way to stop the model, the played audio. */
export class GuardrailLink<Ctx> extends CoreLink<Ctx> implements GuardrailsHost<Ctx> {
  get context(): Ctx {
    return this.core.context;
  }

  agent(): Agent<Ctx> {
    return this.core.agents.value;
  }

  activeResponseId(): string | undefined {
    return this.core.sequencer.activeResponseId;
  }

  busy(): boolean {
    return this.core.sequencer.busy;
  }

  stop(cancel: string | null | undefined, clearServerAudio: boolean): void {
    this.core.stopModel(
      cancel === undefined ? undefined : responseCancel(cancel ?? undefined),
      clearServerAudio,
    );
    // A blocked input may leave the turn with nothing to wait for: the model has yielded.
    this.core.turns.recheck();
  }

  playback(): 'client' | 'server' {
    return this.core.transport.playback ?? 'client';
  }

  truncate(itemId: string, playedMs: number): number | undefined {
    const truncate = this.core.playback.truncation(playedMs, itemId);
    if (truncate) this.core.link.send(truncate);
    return truncate?.audio_end_ms;
  }

  event(event: GuardrailEvent): void {
    this.core.streams.guardrail(event);
  }
}

/** What the handoff context strategies need: the conversation as it is, and the server's events. */
export class HandoverLink<Ctx> extends CoreLink<Ctx> implements HandoverHost {
  get events$(): Observable<ServerEvent> {
    return this.core.streams.events$.pipe(filter((event): event is ServerEvent => event.type !== 'unknown'));
  }

  get timeoutMs(): number {
    return this.core.defaultTimeoutMs;
  }

  history(): HistoryState {
    return this.core.streams.history;
  }
}

/** What a budget needs: notes, responses, the audio heard, a hangup and a model switch. */
export class BudgetLink<Ctx> extends CoreLink<Ctx> implements BudgetHost {
  note(text: string): void {
    this.core.addText(text, 'system', false);
  }

  stopResponses(): void {
    this.core.sequencer.cancelPending();
  }

  respond(params: ResponseCreateParams): void {
    this.core.respond(params);
  }

  receivedAudioMs(): number {
    return this.core.playback.receivedMs;
  }

  hangup(): void {
    this.core.hangup();
  }

  switchModel(model: string): boolean {
    return this.core.rollover.request('budget', model);
  }

  event(event: BudgetEvent): void {
    this.core.streams.budget(event);
  }
}

import { type Observable, Subject } from 'rxjs';
import type { ToolCallErrorCode } from '../errors/tool-errors.js';
import { isOutOfBand } from '../pipeline/response-calls.js';
import type { ServerEvent } from '../protocol/index.js';
import type { Turn, TurnInput, TurnResult, TurnStatus } from '../session/turn-types.js';
import { addTokens, NO_TOKENS, type TokenUsage } from './token-usage.js';
import type { ResponseUsage } from './usage-meter.js';

/** The numbers of one settled turn (an item of `session.metrics$`). */
export interface TurnMetrics {
  readonly turnId: string;
  readonly status: TurnStatus;
  /** What started the turn. */
  readonly input: TurnInput['kind'];
  /** The active agent when the turn settled. */
  readonly agent: string;
  /** From the turn's start to the model yielding (or the turn's other end), in ms. */
  readonly durationMs: number;
  /**
   * From the end of the user's input (the text sent, `speech_stopped`, the audio committed) to the
   * turn's first audio or text delta, in ms; `undefined` when no delta came.
   */
  readonly firstDeltaMs: number | undefined;
  /** Responses of the turn (the first answer and the follow-ups after tools and handoffs). */
  readonly responses: number;
  /** The turn's function calls that ended, in the order they started (handoff calls included). */
  readonly toolCalls: readonly TurnToolMetrics[];
  readonly handoffs: number;
  /** Tokens of the turn's responses whose `response.done` carried usage. */
  readonly tokens: TokenUsage;
  /** Their cost in US dollars (unpriced responses count 0); `undefined` when none of them was priced. */
  readonly costUsd: number | undefined;
}

/** A tool call of a turn: its name, how it ended, how long it took. */
export interface TurnToolMetrics {
  readonly name: string;
  readonly type: 'function' | 'handoff';
  readonly outcome: 'success' | ToolCallErrorCode;
  readonly durationMs: number;
}

interface TurnRecord {
  readonly turn: Turn<unknown>;
  readonly startedAt: number;
  inputEndedAt: number | undefined;
  firstDeltaAt: number | undefined;
  readonly responseIds: Set<string>;
  tokens: TokenUsage;
  costUsd: number | undefined;
}

/**
 * Times the session's turns and adds up their tokens: opened by `turns$`, fed the session's events
 * and usage, and emitting one {@link TurnMetrics} per turn when it settles.
 */
export class TurnMeter {
  readonly #metrics = new Subject<TurnMetrics>();
  readonly #byResponse = new Map<string, TurnRecord>();
  #current: TurnRecord | undefined;
  /** Turns started whose metrics are not out yet. */
  #unsettled = 0;
  #closing = false;
  readonly #now: () => number;

  /** One item per settled turn. */
  readonly metrics$: Observable<TurnMetrics> = this.#metrics.asObservable();

  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  /** A turn started (from `turns$`). */
  started(turn: Turn<unknown>): void {
    const startedAt = this.#now();
    // Text and `createResponse` turns start when the input is complete, as does a commit with respond.
    const listening = turn.input.kind === 'audio' && turn.input.itemId !== undefined;
    const record: TurnRecord = {
      turn,
      startedAt,
      inputEndedAt: listening ? undefined : startedAt,
      firstDeltaAt: undefined,
      responseIds: new Set(),
      tokens: NO_TOKENS,
      costUsd: undefined,
    };
    this.#current = record;
    this.#unsettled++;
    turn.done.then(
      (result) => this.#settled(record, result),
      () => undefined, // never rejects (see Turn.done)
    );
  }

  /** Reads one server event (after the turn tracker has). */
  observe(event: ServerEvent): void {
    const record = this.#current;
    if (!record) return;
    switch (event.type) {
      case 'input_audio_buffer.speech_stopped':
      case 'input_audio_buffer.committed':
        record.inputEndedAt ??= this.#now();
        return;
      case 'response.created':
        if (event.response.id && !isOutOfBand(event.response)) {
          record.responseIds.add(event.response.id);
          this.#byResponse.set(event.response.id, record);
        }
        return;
      case 'response.output_audio.delta':
      case 'response.output_text.delta':
        if (record.firstDeltaAt === undefined && record.responseIds.has(event.response_id))
          record.firstDeltaAt = this.#now();
        return;
      default:
        return;
    }
  }

  /** A response's usage (from the session's usage meter): added to the turn it belongs to. */
  used(usage: ResponseUsage): void {
    const record = this.#byResponse.get(usage.responseId);
    if (!record) return;
    record.tokens = addTokens(record.tokens, usage.tokens);
    if (usage.costUsd !== undefined) record.costUsd = (record.costUsd ?? 0) + usage.costUsd;
  }

  /** The session closed: `metrics$` completes once the turns it closed have their metrics out. */
  complete(): void {
    this.#closing = true;
    if (this.#unsettled === 0) this.#metrics.complete();
  }

  #settled(record: TurnRecord, result: TurnResult<unknown>): void {
    if (this.#current === record) this.#current = undefined;
    for (const id of record.responseIds) this.#byResponse.delete(id);
    const { inputEndedAt, firstDeltaAt } = record;
    this.#metrics.next({
      turnId: record.turn.id,
      status: result.status,
      input: result.input.kind,
      agent: result.agent.name,
      durationMs: this.#now() - record.startedAt,
      firstDeltaMs:
        inputEndedAt !== undefined && firstDeltaAt !== undefined ? firstDeltaAt - inputEndedAt : undefined,
      responses: result.responses.length,
      toolCalls: result.toolCalls.flatMap((call) =>
        call.outcome === undefined || call.durationMs === undefined
          ? []
          : [{ name: call.name, type: call.type, outcome: call.outcome, durationMs: call.durationMs }],
      ),
      handoffs: result.handoffs.length,
      tokens: record.tokens,
      costUsd: record.costUsd,
    });
    if (--this.#unsettled === 0 && this.#closing) this.#metrics.complete();
  }
}

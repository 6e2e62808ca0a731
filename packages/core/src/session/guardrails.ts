import type { GuardrailSide } from '../definitions/guardrail.js';
import type { Agent } from '../definitions/shapes.js';
import type { GuardrailError } from '../errors/session-errors.js';
import { isOutOfBand } from '../pipeline/response-calls.js';
import type { ClientEvent, ServerEvent } from '../protocol/index.js';
import { textMessage } from './client-requests.js';
import { type CheckTrip, runChecks } from './guardrail-checks.js';
import {
  DEFAULT_SAFE_LINE,
  type GuardrailAction,
  type GuardrailEvent,
  type GuardrailSettings,
} from './guardrail-options.js';
import { SpokenLine } from './spoken-line.js';
import { TranscriptWatch } from './transcript-watch.js';

/** The `metadata` key that marks the safe line's out-of-band response. */
const SAFE_LINE_METADATA_KEY = 'switchboard_guardrail';

/** How speech transcripts are watched. */
const SPOKEN: InputMeta = { typed: false, hold: undefined };

/** What the model is told to say the safe line. */
export function safeLineInstructions(line: string): string {
  return `Say exactly this line, in a calm voice, and nothing else: "${line}"`;
}

/** What the guardrails need from the session. */
export interface GuardrailsHost<Ctx> {
  readonly context: Ctx;
  agent(): Agent<Ctx>;
  send(event: ClientEvent): void;
  /** Keeps the conversation's next `response.create` waiting, until released. */
  hold(key: string): void;
  release(key: string): void;
  /** The conversation response being generated, if any. */
  activeResponseId(): string | undefined;
  /** Whether a conversation response is being generated, or asked for and not started yet. */
  busy(): boolean;
  /**
   * Stops the model as an interruption does: `response.cancel` of `cancel` (`null`: of the
   * conversation's response, whichever it is; `undefined`: none), `output_audio_buffer.clear` when
   * `clearServerAudio`, requests waiting dropped, calls aborted.
   */
  stop(cancel: string | null | undefined, clearServerAudio: boolean): void;
  /** Who plays the audio. */
  playback(): 'client' | 'server';
  /** Truncates audio item `itemId` at `playedMs` (clamped to what arrived); the position, or `undefined` when nothing was cut. */
  truncate(itemId: string, playedMs: number): number | undefined;
  event(event: GuardrailEvent): void;
  error(error: GuardrailError): void;
}

/** Where a piece of the model's text belongs. */
interface OutputMeta {
  readonly responseId: string;
  readonly audio: boolean;
}

/** A user's input: typed (its response, if asked for, waits under `hold`), or spoken. */
interface InputMeta {
  readonly typed: boolean;
  readonly hold: string | undefined;
}

/**
 * Guardrails before speech: watches the transcripts of what the user and the model say and runs
 * the guardrails of the session and the active agent over them (debounced on deltas, once more
 * when complete). A tripped output guardrail stops the response (cancel, the unplayed audio
 * dropped, the item truncated at what was played, a text answer removed); a tripped input
 * guardrail blocks the turn (its response cancelled or never asked for, the input removed). Then
 * the agent says the safe line, out of band, and the line goes into the history as its own.
 */
export class Guardrails<Ctx> {
  readonly #settings: GuardrailSettings<Ctx>;
  readonly #host: GuardrailsHost<Ctx>;
  // What follows is made on first use: a session whose agents have no guardrails pays for none of it.
  #output: TranscriptWatch<OutputMeta> | undefined;
  #input: TranscriptWatch<InputMeta> | undefined;
  readonly #safeLine: SpokenLine;
  /** Conversation responses not done yet. */
  #inProgress: Set<string> | undefined;
  /** The assistant items of the conversation responses in progress, and whose they are. */
  #itemResponse: Map<string, string> | undefined;
  /** Aborted when the connection goes or the session closes: checks still running are not acted on. */
  #epoch: AbortController | undefined;
  #holds = 0;
  #safeLines = 0;

  constructor(settings: GuardrailSettings<Ctx>, host: GuardrailsHost<Ctx>) {
    this.#settings = settings;
    this.#host = host;
    this.#safeLine = new SpokenLine(SAFE_LINE_METADATA_KEY, host);
  }

  /**
   * A typed user message about to go out with `itemId`: true when input guardrails apply, and then
   * the response asked for with it (`respond`) waits until they pass; a trip removes the message.
   * False: nothing to check.
   */
  typed(itemId: string, text: string, respond: boolean): boolean {
    if (!this.#applies('input')) return false;
    const hold = respond ? `sb_guard_input_${++this.#holds}` : undefined;
    if (hold) this.#host.hold(hold);
    this.#inputWatch().complete(itemId, text, { typed: true, hold });
    return true;
  }

  /** Reads the transcripts and the responses they belong to. */
  observe(event: ServerEvent): void {
    this.#safeLine.observe(event);
    switch (event.type) {
      case 'response.created':
        if (event.response.id && !isOutOfBand(event.response)) {
          this.#inProgress ??= new Set();
          this.#inProgress.add(event.response.id);
        }
        return;
      case 'response.output_item.added':
        if (this.#inProgress?.has(event.response_id) && event.item.id) {
          this.#itemResponse ??= new Map();
          this.#itemResponse.set(event.item.id, event.response_id);
        }
        return;
      case 'response.done':
        if (!event.response.id) return;
        this.#inProgress?.delete(event.response.id);
        for (const [itemId, responseId] of this.#itemResponse ?? [])
          if (responseId === event.response.id) this.#itemResponse?.delete(itemId);
        return;
      case 'response.output_audio_transcript.delta':
      case 'response.output_text.delta':
        if (this.#inProgress?.has(event.response_id) && this.#applies('output'))
          this.#outputWatch().append(event.item_id, event.delta, this.#outputMeta(event));
        return;
      case 'response.output_audio_transcript.done':
      case 'response.output_text.done':
        if (this.#inProgress?.has(event.response_id) && this.#applies('output'))
          this.#outputWatch().complete(
            event.item_id,
            event.type === 'response.output_text.done' ? event.text : event.transcript,
            this.#outputMeta(event),
          );
        return;
      case 'conversation.item.input_audio_transcription.delta':
        if (this.#applies('input')) this.#inputWatch().append(event.item_id, event.delta ?? '', SPOKEN);
        return;
      case 'conversation.item.input_audio_transcription.completed':
        if (this.#applies('input')) this.#inputWatch().complete(event.item_id, event.transcript, SPOKEN);
        return;
      default:
        return;
    }
  }

  /** The caller spoke over the safe line: it is cancelled. */
  interrupt(): void {
    this.#safeLine.cancel();
  }

  /** The connection went away (or the session closes): nothing in flight is acted on. */
  reset(): void {
    this.#epoch?.abort();
    this.#epoch = undefined;
    this.#output?.reset();
    this.#input?.reset();
    this.#safeLine.reset();
    this.#inProgress?.clear();
    this.#itemResponse?.clear();
  }

  #outputWatch(): TranscriptWatch<OutputMeta> {
    this.#output ??= new TranscriptWatch(this.#settings, (itemId, text, meta) =>
      this.#checkOutput(itemId, text, meta),
    );
    return this.#output;
  }

  #inputWatch(): TranscriptWatch<InputMeta> {
    this.#input ??= new TranscriptWatch(this.#settings, (itemId, text, meta) =>
      this.#checkInput(itemId, text, meta),
    );
    return this.#input;
  }

  /** The signal of the current connection's checks. */
  #epochSignal(): AbortSignal {
    this.#epoch ??= new AbortController();
    return this.#epoch.signal;
  }

  #outputMeta(event: { readonly type: string; readonly response_id: string }): OutputMeta {
    return { responseId: event.response_id, audio: event.type.startsWith('response.output_audio') };
  }

  #applies(side: GuardrailSide): boolean {
    return (
      (this.#settings.options[side]?.length ?? 0) + (this.#host.agent().guardrails?.[side]?.length ?? 0) > 0
    );
  }

  #check(side: GuardrailSide, text: string): Promise<CheckTrip | undefined> {
    const agent = this.#host.agent();
    const guardrails = [...(this.#settings.options[side] ?? []), ...(agent.guardrails?.[side] ?? [])];
    return runChecks(guardrails, text, {
      side,
      agent,
      context: this.#host.context,
      signal: this.#epochSignal(),
      timeoutMs: this.#settings.timeoutMs,
      onCheckError: this.#settings.onCheckError,
      error: (error) => this.#host.error(error),
    });
  }

  async #checkOutput(itemId: string, text: string, meta: OutputMeta): Promise<boolean> {
    const epoch = this.#epochSignal();
    const trip = await this.#check('output', text);
    if (!trip || epoch.aborted) return false;
    const cancel = this.#inProgress?.has(meta.responseId) ? meta.responseId : undefined;
    const server = this.#host.playback() === 'server';
    this.#host.stop(cancel, meta.audio && server);
    const cut = meta.audio ? this.#cutAudio(itemId) : undefined;
    if (!meta.audio) this.#host.send({ type: 'conversation.item.delete', item_id: itemId });
    this.#tripped(trip, 'output', text, itemId, meta.responseId, {
      cancelledResponseId: cancel,
      flush: meta.audio ? (server ? 'server' : 'app') : undefined,
      truncatedAtMs: cut,
      removedItemId: meta.audio ? undefined : itemId,
    });
    return true;
  }

  async #checkInput(itemId: string, text: string, meta: InputMeta): Promise<boolean> {
    const epoch = this.#epochSignal();
    const trip = await this.#check('input', text);
    if (epoch.aborted) return false;
    if (!trip) {
      if (meta.hold) this.#host.release(meta.hold);
      return false;
    }
    // Speech: the response answering it, when one started (server VAD does not wait for the
    // transcript) or was asked for. Typed text: its response was held back, so none was.
    const cancel = meta.typed ? undefined : this.#host.activeResponseId();
    const asked = !meta.typed && cancel === undefined && this.#host.busy();
    const server = this.#host.playback() === 'server';
    const spoken = (cancel !== undefined || asked) && this.#safeLine.speaks;
    this.#host.stop(asked ? null : cancel, spoken && server);
    const audioItem = cancel !== undefined && spoken ? this.#itemOf(cancel) : undefined;
    const cut = audioItem && !server ? this.#cutAudio(audioItem) : undefined;
    this.#host.send({ type: 'conversation.item.delete', item_id: itemId });
    // Released after the stop: the response asked for with the typed text is dropped, not sent.
    if (meta.hold) this.#host.release(meta.hold);
    this.#tripped(trip, 'input', text, itemId, undefined, {
      cancelledResponseId: cancel,
      flush: spoken ? (server ? 'server' : 'app') : undefined,
      truncatedAtMs: cut,
      removedItemId: itemId,
    });
    return true;
  }

  /** The latest assistant item of a response in progress. */
  #itemOf(responseId: string): string | undefined {
    let found: string | undefined;
    for (const [itemId, owner] of this.#itemResponse ?? []) if (owner === responseId) found = itemId;
    return found;
  }

  /** Truncates an audio item at what the app's player played (0 when it cannot say). */
  #cutAudio(itemId: string): number | undefined {
    if (this.#host.playback() === 'server') return undefined;
    const { playedMs } = this.#settings.options;
    let position = 0;
    try {
      const reported = playedMs?.();
      if (typeof reported === 'number' && Number.isFinite(reported) && reported >= 0) position = reported;
    } catch {
      // A player that cannot say counts as nothing heard (see `playedMs`).
    }
    return this.#host.truncate(itemId, position);
  }

  #tripped(
    trip: CheckTrip,
    side: GuardrailSide,
    text: string,
    itemId: string,
    responseId: string | undefined,
    action: Omit<GuardrailAction, 'safeLine'>,
  ): void {
    const agent = this.#host.agent();
    const configured = agent.guardrails?.safeLine ?? this.#settings.options.safeLine ?? DEFAULT_SAFE_LINE;
    const safeLine = configured === false ? undefined : configured;
    if (safeLine !== undefined) {
      this.#host.send({ type: 'conversation.item.create', item: textMessage(safeLine, 'assistant') });
      this.#safeLine.say(
        `sb_safe_line_${++this.#safeLines}`,
        safeLineInstructions(safeLine),
        () => undefined,
      );
    }
    this.#host.event({
      type: 'guardrail_tripped',
      side,
      guardrail: trip.guardrail,
      agent: agent.name,
      text,
      reason: trip.reason,
      failed: trip.failed,
      itemId,
      responseId,
      action: { ...action, safeLine },
    });
  }
}

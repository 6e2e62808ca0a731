import type { ConversationItem, RealtimeResponse, ServerEvent } from '@switchboard/core/protocol';
import type { Synthesizer } from '../audio/speech.js';
import type { Brain, BrainFunctionCall, BrainMessage } from '../brains/brain.js';
import { newId } from './ids.js';
import type { StoredAudio } from './items-store.js';
import { type StreamContext, streamAudio, streamText } from './message-stream.js';
import { type ItemStatus, itemSnapshot, type OpenItem, streamedPart } from './output-item.js';
import { type AudioPace, type OutputReady, Pacer } from './pacer.js';
import { type ResponseEnd, type ResponseFailure, responseObject } from './response-object.js';
import type { ResponsePlan } from './response-plan.js';
import { fixedPieces } from './text-pieces.js';
import { buildUsage, contextTokens, outputAudioTokens, textTokens } from './usage.js';

/** What a response needs from its session. */
export interface ResponseHost {
  emit(event: ServerEvent): void;
  /** Appends an output item to the default conversation; returns the id of the item before it. */
  addToConversation(item: ConversationItem & { id: string }, audio?: StoredAudio): string | null;
  /** Replaces a conversation item with its finished form. */
  updateConversationItem(item: ConversationItem & { id: string }): void;
  /** The first audio of the session went out (the voice is locked from now on). */
  audioStarted(): void;
  /** The response sent `response.done`. */
  responseFinished(runner: ResponseRunner, tokens: number): void;
}

/** A response made to fail (fault injection): it ends `failed` with `error` after `afterItems` output items. */
export interface PlannedFailure {
  readonly afterItems: number;
  readonly error: ResponseFailure;
}

/** What responses run with: the server's shared services, and their connection's backpressure. */
export interface ResponseDeps {
  readonly brain: Brain;
  readonly synthesizer: Synthesizer;
  readonly pace: AudioPace;
  /** The connection's backpressure: responses wait while it has too much unsent output. */
  readonly outputReady?: OutputReady;
}

/**
 * One response: asks the brain for output items and streams them as the API's events, from
 * `response.created` to `response.done`. `cancel()` ends it synchronously: open parts and items are
 * closed with what was sent so far (status `incomplete`), then `response.done` (status `cancelled`).
 */
export class ResponseRunner {
  readonly #abort = new AbortController();
  readonly #pacer: Pacer;
  readonly #output: (ConversationItem & { id: string })[] = [];
  #open: OpenItem | undefined;
  #ended = false;
  #outputText = 0;
  #outputAudioMs = 0;
  #incomplete = false;

  readonly #deps: ResponseDeps;
  readonly #host: ResponseHost;
  readonly #failure: PlannedFailure | undefined;

  constructor(
    readonly plan: ResponsePlan,
    deps: ResponseDeps,
    host: ResponseHost,
    failure?: PlannedFailure,
  ) {
    this.#deps = deps;
    this.#host = host;
    this.#failure = failure;
    this.#pacer = new Pacer(deps.pace, this.#abort.signal, deps.outputReady);
  }

  get id(): string {
    return this.plan.id;
  }

  /** Whether `response.done` was sent. */
  get finished(): boolean {
    return this.#ended;
  }

  /** Sends `response.created` at once (so errors about an active response are exact) and streams the rest. */
  start(): void {
    this.#host.emit({
      type: 'response.created',
      event_id: newId('event'),
      response: this.#response('in_progress'),
    });
    // run() ends the response itself on any error; this catch only keeps a bug from escaping.
    this.#run().catch((error: unknown) => {
      if (!this.#ended) this.#finish({ status: 'failed', message: String(error) });
    });
  }

  /** Ends the response as cancelled (`client_cancelled` or `turn_detected`); false when already done. */
  cancel(reason: 'client_cancelled' | 'turn_detected'): boolean {
    if (this.#ended) return false;
    this.#finish({ status: 'cancelled', reason });
    return true;
  }

  /** Stops without sending anything more (the connection is gone). */
  dispose(): void {
    this.#ended = true;
    this.#abort.abort();
  }

  async #run(): Promise<void> {
    if (this.#failNow()) return;
    try {
      const outputs = this.#deps.brain.respond({
        session: this.plan.session,
        instructions: this.plan.instructions,
        tools: this.plan.tools,
        toolChoice: this.plan.toolChoice,
        items: this.plan.context,
        outputModalities: this.plan.outputModalities,
        outOfBand: this.plan.conversation === 'none',
        metadata: this.plan.metadata,
        signal: this.#abort.signal,
      });
      for await (const output of outputs) {
        if (this.#ended) return;
        const complete =
          output.type === 'function_call'
            ? await this.#streamCall(output)
            : await this.#streamMessage(output);
        if (this.#ended) return;
        if (!complete || this.#incomplete) {
          this.#finish({ status: 'incomplete', reason: 'max_output_tokens' });
          return;
        }
        if (this.#failNow()) return;
      }
      this.#finish({ status: 'completed' });
    } catch (error) {
      if (!this.#ended)
        this.#finish({ status: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Ends the response `failed` once it has as many output items as its planned failure allows. */
  #failNow(): boolean {
    const failure = this.#failure;
    if (!failure || this.#output.length < failure.afterItems) return false;
    this.#finish({ status: 'failed', message: failure.error.message, error: failure.error });
    return true;
  }

  #openItem(kind: OpenItem['kind'], extra: { name?: string; callId?: string } = {}): OpenItem {
    const audio = kind === 'audio' ? { chunks: [], durationMs: 0 } : undefined;
    const open: OpenItem = {
      id: newId('item'),
      outputIndex: this.#output.length,
      kind,
      text: '',
      partOpen: false,
      audio,
      ...extra,
    };
    const item = itemSnapshot(open, 'in_progress');
    this.#output.push(item);
    this.#open = open;
    this.#host.emit({
      type: 'response.output_item.added',
      event_id: newId('event'),
      response_id: this.plan.id,
      output_index: open.outputIndex,
      item,
    });
    if (this.plan.conversation === 'auto') {
      const previous = this.#host.addToConversation(item, audio);
      this.#host.emit({
        type: 'conversation.item.added',
        event_id: newId('event'),
        previous_item_id: previous,
        item,
      });
    }
    return open;
  }

  async #streamMessage(message: BrainMessage): Promise<boolean> {
    const audio = this.plan.outputModalities.includes('audio');
    const open = this.#openItem(audio ? 'audio' : 'text');
    open.partOpen = true;
    this.#host.emit({
      type: 'response.content_part.added',
      event_id: newId('event'),
      response_id: this.plan.id,
      item_id: open.id,
      output_index: open.outputIndex,
      content_index: 0,
      part: streamedPart(open),
    });
    const ctx = this.#streamContext();
    const complete = audio
      ? await streamAudio(ctx, open, message.text)
      : await streamText(ctx, open, message.text);
    if (this.#ended) return false;
    this.#closeOpen(complete ? 'completed' : 'incomplete');
    return complete;
  }

  async #streamCall(call: BrainFunctionCall): Promise<boolean> {
    const args = typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
    const open = this.#openItem('call', { name: call.name, callId: call.callId ?? newId('call', 16) });
    for (const delta of fixedPieces(args, 24)) {
      open.text += delta;
      this.#outputText += textTokens(delta);
      this.#host.emit({
        type: 'response.function_call_arguments.delta',
        event_id: newId('event'),
        response_id: this.plan.id,
        item_id: open.id,
        output_index: open.outputIndex,
        call_id: open.callId ?? '',
        delta,
      });
      await this.#pacer.afterText();
      if (this.#ended) return false;
    }
    this.#closeOpen('completed');
    return true;
  }

  #streamContext(): StreamContext {
    return {
      plan: this.plan,
      pacer: this.#pacer,
      synthesizer: this.#deps.synthesizer,
      emit: (event) => this.#host.emit(event),
      stopped: () => this.#ended,
      budget: (text) => this.#budget(text),
      audioOut: (ms) => {
        if (this.#outputAudioMs === 0) this.#host.audioStarted();
        this.#outputAudioMs += ms;
      },
    };
  }

  #budget(text: string): string {
    const max = this.plan.maxOutputTokens;
    if (max === 'inf') {
      this.#outputText += textTokens(text);
      return text;
    }
    const room = Math.max(0, (max - this.#outputText) * 4);
    const allowed = text.slice(0, room);
    this.#outputText += textTokens(allowed);
    if (allowed.length < text.length) this.#incomplete = true;
    return allowed;
  }

  /** Sends the closing events of the open item with what it has so far. */
  #closeOpen(status: ItemStatus): void {
    const open = this.#open;
    if (!open) return;
    this.#open = undefined;
    const ids = { response_id: this.plan.id, item_id: open.id, output_index: open.outputIndex };
    const emit = (event: ServerEvent) => this.#host.emit(event);
    if (open.kind === 'call') {
      emit({
        type: 'response.function_call_arguments.done',
        event_id: newId('event'),
        ...ids,
        call_id: open.callId ?? '',
        name: open.name ?? '',
        arguments: open.text,
      });
    } else if (open.partOpen) {
      const part = { ...ids, content_index: 0 };
      if (open.kind === 'audio') {
        emit({ type: 'response.output_audio.done', event_id: newId('event'), ...part });
        emit({
          type: 'response.output_audio_transcript.done',
          event_id: newId('event'),
          ...part,
          transcript: open.text,
        });
      } else {
        emit({ type: 'response.output_text.done', event_id: newId('event'), ...part, text: open.text });
      }
      emit({
        type: 'response.content_part.done',
        event_id: newId('event'),
        ...part,
        part: streamedPart(open),
      });
    }
    const item = itemSnapshot(open, status);
    this.#output[open.outputIndex] = item;
    // The API's response.output_item.done has no item_id (the item carries its id).
    emit({
      type: 'response.output_item.done',
      event_id: newId('event'),
      response_id: ids.response_id,
      output_index: ids.output_index,
      item,
    });
    if (this.plan.conversation === 'auto') {
      this.#host.updateConversationItem(item);
      emit({ type: 'conversation.item.done', event_id: newId('event'), item });
    }
  }

  #finish(end: ResponseEnd): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#abort.abort();
    this.#closeOpen(end.status === 'completed' ? 'completed' : 'incomplete');
    const response = this.#response(end.status, end);
    this.#host.emit({ type: 'response.done', event_id: newId('event'), response });
    this.#host.responseFinished(this, response.usage?.total_tokens ?? 0);
  }

  #response(status: RealtimeResponse['status'], end?: ResponseEnd): RealtimeResponse {
    const usage = end
      ? buildUsage(contextTokens(this.plan.instructions, this.plan.context, 48), {
          text: this.#outputText,
          audio: outputAudioTokens(this.#outputAudioMs),
        })
      : null;
    return responseObject(this.plan, status, this.#output, end, usage);
  }
}

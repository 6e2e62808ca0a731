import type { ServerEvent } from '@switchboard/core/protocol';
import { pcmToWire } from '../audio/formats.js';
import { msToSamples, samplesToMs } from '../audio/pcm.js';
import type { Synthesizer } from '../audio/speech.js';
import { newId } from './ids.js';
import { obfuscationFor } from './obfuscation.js';
import type { OpenItem } from './output-item.js';
import type { Pacer } from './pacer.js';
import type { ResponsePlan } from './response-plan.js';
import { sentences, textPieces, wordPieces } from './text-pieces.js';

/** Audio deltas carry 100 ms each, as the API's do on the order of. */
const AUDIO_CHUNK_MS = 100;

/** What the streaming functions need from their response. */
export interface StreamContext {
  readonly plan: ResponsePlan;
  readonly pacer: Pacer;
  readonly synthesizer: Synthesizer;
  emit(event: ServerEvent): void;
  /** True once the response has ended (cancelled or failed): streaming stops at once. */
  stopped(): boolean;
  /** The part of `text` the `max_output_tokens` budget still allows (all of it with `inf`). */
  budget(text: string): string;
  /** Called for each audio delta: locks the voice, counts audio tokens. */
  audioOut(ms: number): void;
}

function partIds(ctx: StreamContext, open: OpenItem) {
  return { response_id: ctx.plan.id, item_id: open.id, output_index: open.outputIndex, content_index: 0 };
}

/**
 * Streams a text part: one `response.output_text.delta` per piece. Returns false when stopped early
 * (cancelled, or the token budget ran out).
 */
export async function streamText(ctx: StreamContext, open: OpenItem, source: string | AsyncIterable<string>) {
  for await (const piece of textPieces(source)) {
    if (ctx.stopped()) return false;
    const allowed = ctx.budget(piece);
    if (allowed.length > 0) {
      open.text += allowed;
      ctx.emit({
        type: 'response.output_text.delta',
        event_id: newId('event'),
        ...partIds(ctx, open),
        delta: allowed,
      });
    }
    if (allowed.length < piece.length) return false;
    await ctx.pacer.afterText();
  }
  return !ctx.stopped();
}

/**
 * Streams an audio part: the text is spoken sentence by sentence; each sentence's audio goes out in
 * 100 ms `response.output_audio.delta`s, with its words as `response.output_audio_transcript.delta`s
 * spread over them in proportion (a word goes out just before the audio in which it starts).
 */
export async function streamAudio(
  ctx: StreamContext,
  open: OpenItem,
  source: string | AsyncIterable<string>,
) {
  const chunkSamples = msToSamples(AUDIO_CHUNK_MS);
  for await (const sentence of sentences(source)) {
    if (ctx.stopped()) return false;
    const allowed = ctx.budget(sentence);
    const spoken = allowed.trim();
    if (spoken.length > 0) {
      const pcm = await ctx.synthesizer.speak({ text: spoken, voice: ctx.plan.voice, speed: ctx.plan.speed });
      if (ctx.stopped()) return false;
      const words = wordPieces(allowed);
      const chunks = Math.max(1, Math.ceil(pcm.length / chunkSamples));
      let nextWord = 0;
      for (let chunk = 0; chunk < chunks; chunk++) {
        // Words whose share of the sentence starts within this chunk.
        const until = Math.ceil(((chunk + 1) * words.length) / chunks);
        for (; nextWord < until; nextWord++) emitTranscript(ctx, open, words[nextWord] as string);
        const samples = pcm.subarray(chunk * chunkSamples, (chunk + 1) * chunkSamples);
        const bytes = Buffer.from(pcmToWire(samples, ctx.plan.wireFormat));
        const ms = samplesToMs(samples.length);
        open.audio?.chunks.push(bytes);
        if (open.audio) open.audio.durationMs += ms;
        ctx.audioOut(ms);
        ctx.emit({
          type: 'response.output_audio.delta',
          event_id: newId('event'),
          ...partIds(ctx, open),
          delta: bytes.toString('base64'),
        });
        await ctx.pacer.afterAudio(ms);
        if (ctx.stopped()) return false;
      }
      for (; nextWord < words.length; nextWord++) emitTranscript(ctx, open, words[nextWord] as string);
    } else if (allowed.length > 0) {
      emitTranscript(ctx, open, allowed);
    }
    if (allowed.length < sentence.length) return false;
  }
  return !ctx.stopped();
}

function emitTranscript(ctx: StreamContext, open: OpenItem, delta: string): void {
  open.text += delta;
  ctx.emit({
    type: 'response.output_audio_transcript.delta',
    event_id: newId('event'),
    ...partIds(ctx, open),
    delta,
    obfuscation: obfuscationFor(delta),
  });
}

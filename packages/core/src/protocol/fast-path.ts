import { isStreamIndex } from './stream-index.js';

/**
 * Structural checks for the high-volume streaming events, written with `typeof` so the hot path
 * allocates nothing and never enters zod. Indexes use `isStreamIndex`, the bound the schemas use.
 * Each check accepts exactly what the event's zod schema accepts for the fields it looks at; anything unusual (an optional field present with a value the
 * check does not cover) returns `false` and the caller falls back to zod for a precise error.
 */
type Check = (event: Record<string, unknown>) => boolean;

function streamedPart(event: Record<string, unknown>): boolean {
  return (
    typeof event.delta === 'string' &&
    typeof event.event_id === 'string' &&
    typeof event.response_id === 'string' &&
    typeof event.item_id === 'string' &&
    isStreamIndex(event.output_index) &&
    isStreamIndex(event.content_index)
  );
}

function functionCallArguments(event: Record<string, unknown>): boolean {
  return (
    typeof event.delta === 'string' &&
    typeof event.call_id === 'string' &&
    typeof event.event_id === 'string' &&
    typeof event.response_id === 'string' &&
    typeof event.item_id === 'string' &&
    isStreamIndex(event.output_index)
  );
}

function inputTranscription(event: Record<string, unknown>): boolean {
  const { delta, content_index: contentIndex, logprobs } = event;
  return (
    typeof event.event_id === 'string' &&
    typeof event.item_id === 'string' &&
    (delta === undefined || typeof delta === 'string') &&
    (contentIndex === undefined || isStreamIndex(contentIndex)) &&
    // logprobs arrays are rare and nested: let zod check them.
    (logprobs === undefined || logprobs === null)
  );
}

/** Fast checks by event type; types not listed here always go through zod. */
export const FAST_CHECKS: ReadonlyMap<string, Check> = new Map<string, Check>([
  ['response.output_audio.delta', streamedPart],
  ['response.output_audio_transcript.delta', streamedPart],
  ['response.output_text.delta', streamedPart],
  ['response.function_call_arguments.delta', functionCallArguments],
  ['conversation.item.input_audio_transcription.delta', inputTranscription],
]);

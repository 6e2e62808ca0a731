import {
  everyEntry,
  inResponseItem,
  isItem,
  isNumber,
  isResponse,
  isString,
  nullishString,
  optionalMember,
  optionalNumber,
  optionalString,
} from './fast-shapes.js';
import { isRecord } from './is-record.js';
import { isStreamIndex } from './stream-index.js';

/**
 * Structural checks for the events a session reads most (the streaming deltas, and the response,
 * item and audio-buffer events the dispatcher, the history and the turns act on), written with
 * `typeof` so the hot path allocates nothing and never enters zod. Each check accepts only what the
 * event's zod schema accepts (a property test holds them to it over recorded traffic and mutations
 * of it); anything unusual (an optional field with a value the check does not cover) returns `false`
 * and the caller falls back to zod for the precise error or warning.
 */
type Check = (event: Record<string, unknown>) => boolean;

function streamedPart(event: Record<string, unknown>): boolean {
  return isString(event.delta) && isString(event.event_id) && inResponseItem(event, true);
}

function functionCallArguments(event: Record<string, unknown>): boolean {
  return (
    isString(event.delta) &&
    isString(event.call_id) &&
    isString(event.event_id) &&
    inResponseItem(event, false)
  );
}

function inputTranscription(event: Record<string, unknown>): boolean {
  const { delta, content_index: contentIndex, logprobs } = event;
  return (
    isString(event.event_id) &&
    isString(event.item_id) &&
    optionalString(delta) &&
    (contentIndex === undefined || isStreamIndex(contentIndex)) &&
    // logprobs arrays are rare and nested: let zod check them.
    (logprobs === undefined || logprobs === null)
  );
}

function responseEvent(event: Record<string, unknown>): boolean {
  return isString(event.event_id) && isResponse(event.response);
}

function outputItem(event: Record<string, unknown>): boolean {
  return (
    isString(event.event_id) &&
    isString(event.response_id) &&
    isStreamIndex(event.output_index) &&
    isItem(event.item)
  );
}

function conversationItem(event: Record<string, unknown>): boolean {
  return isString(event.event_id) && isItem(event.item) && nullishString(event.previous_item_id);
}

function argumentsDone(event: Record<string, unknown>): boolean {
  return (
    isString(event.event_id) &&
    inResponseItem(event, false) &&
    isString(event.call_id) &&
    optionalString(event.name) &&
    isString(event.arguments)
  );
}

const STREAMED_PART_TYPES: ReadonlySet<unknown> = new Set(['text', 'audio', 'output_text', 'output_audio']);

function contentPart(event: Record<string, unknown>): boolean {
  const { part } = event;
  return (
    isString(event.event_id) &&
    inResponseItem(event, true) &&
    isRecord(part) &&
    optionalMember(part.type, STREAMED_PART_TYPES) &&
    optionalString(part.text) &&
    optionalString(part.audio) &&
    nullishString(part.transcript)
  );
}

/** The `*.done` of a content part: where it belongs and, for text and transcripts, the whole of it. */
function partDone(field: 'text' | 'transcript' | undefined): Check {
  return (event) =>
    isString(event.event_id) &&
    inResponseItem(event, true) &&
    (field === undefined || isString(event[field]));
}

/** `input_audio_buffer.speech_started` / `speech_stopped`: the item, and the position in the input audio. */
function speech(position: 'audio_start_ms' | 'audio_end_ms'): Check {
  return (event) => isString(event.event_id) && isString(event.item_id) && isNumber(event[position]);
}

function committed(event: Record<string, unknown>): boolean {
  return isString(event.event_id) && isString(event.item_id) && nullishString(event.previous_item_id);
}

function outputAudioBuffer(event: Record<string, unknown>): boolean {
  return isString(event.event_id) && isString(event.response_id);
}

function rateLimit(limit: unknown): boolean {
  return (
    isRecord(limit) &&
    optionalString(limit.name) &&
    optionalNumber(limit.limit) &&
    optionalNumber(limit.remaining) &&
    optionalNumber(limit.reset_seconds)
  );
}

function rateLimits(event: Record<string, unknown>): boolean {
  return isString(event.event_id) && everyEntry(event.rate_limits, rateLimit);
}

/** A transcription's `usage`: tokens or seconds. */
function transcriptionUsage(usage: unknown): boolean {
  if (usage === undefined) return true;
  if (!isRecord(usage)) return false;
  if (usage.type === 'duration') return isNumber(usage.seconds);
  const details = usage.input_token_details;
  return (
    usage.type === 'tokens' &&
    isNumber(usage.input_tokens) &&
    isNumber(usage.output_tokens) &&
    isNumber(usage.total_tokens) &&
    (details === undefined ||
      (isRecord(details) && optionalNumber(details.audio_tokens) && optionalNumber(details.text_tokens)))
  );
}

function transcriptionCompleted(event: Record<string, unknown>): boolean {
  return (
    isString(event.event_id) &&
    isString(event.item_id) &&
    isStreamIndex(event.content_index) &&
    isString(event.transcript) &&
    transcriptionUsage(event.usage) &&
    (event.logprobs === undefined || event.logprobs === null)
  );
}

function truncated(event: Record<string, unknown>): boolean {
  return (
    isString(event.event_id) &&
    isString(event.item_id) &&
    isStreamIndex(event.content_index) &&
    isNumber(event.audio_end_ms)
  );
}

function deleted(event: Record<string, unknown>): boolean {
  return isString(event.event_id) && isString(event.item_id);
}

/** Fast checks by event type; types not listed here always go through zod. */
export const FAST_CHECKS: ReadonlyMap<string, Check> = new Map<string, Check>([
  ['response.output_audio.delta', streamedPart],
  ['response.output_audio_transcript.delta', streamedPart],
  ['response.output_text.delta', streamedPart],
  ['response.function_call_arguments.delta', functionCallArguments],
  ['conversation.item.input_audio_transcription.delta', inputTranscription],
  ['response.created', responseEvent],
  ['response.done', responseEvent],
  ['response.output_item.added', outputItem],
  ['response.output_item.done', outputItem],
  ['conversation.item.added', conversationItem],
  ['conversation.item.done', conversationItem],
  ['conversation.item.created', conversationItem],
  ['response.function_call_arguments.done', argumentsDone],
  ['response.content_part.added', contentPart],
  ['response.content_part.done', contentPart],
  ['response.output_text.done', partDone('text')],
  ['response.output_audio_transcript.done', partDone('transcript')],
  ['response.output_audio.done', partDone(undefined)],
  ['input_audio_buffer.speech_started', speech('audio_start_ms')],
  ['input_audio_buffer.speech_stopped', speech('audio_end_ms')],
  ['input_audio_buffer.committed', committed],
  ['output_audio_buffer.started', outputAudioBuffer],
  ['output_audio_buffer.stopped', outputAudioBuffer],
  ['output_audio_buffer.cleared', outputAudioBuffer],
  ['rate_limits.updated', rateLimits],
  ['conversation.item.input_audio_transcription.completed', transcriptionCompleted],
  ['conversation.item.truncated', truncated],
  ['conversation.item.deleted', deleted],
]);

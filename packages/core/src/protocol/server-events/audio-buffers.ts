import { z } from 'zod';
import { serverBase } from './common.js';

/** `input_audio_buffer.committed`: the buffered audio became user item `item_id`. */
export const InputAudioBufferCommittedEventSchema = z.looseObject({
  ...serverBase,
  type: z.literal('input_audio_buffer.committed'),
  item_id: z.string(),
  previous_item_id: z.string().nullish(),
});

/** `input_audio_buffer.cleared`: the answer to `input_audio_buffer.clear`. */
export const InputAudioBufferClearedEventSchema = z.looseObject({
  ...serverBase,
  type: z.literal('input_audio_buffer.cleared'),
});

/** `input_audio_buffer.speech_started`: VAD heard the user start (interrupts a speaking model). */
export const InputAudioBufferSpeechStartedEventSchema = z.looseObject({
  ...serverBase,
  type: z.literal('input_audio_buffer.speech_started'),
  audio_start_ms: z.number(),
  item_id: z.string(),
});

/** `input_audio_buffer.speech_stopped`: VAD heard the user stop. */
export const InputAudioBufferSpeechStoppedEventSchema = z.looseObject({
  ...serverBase,
  type: z.literal('input_audio_buffer.speech_stopped'),
  audio_end_ms: z.number(),
  item_id: z.string(),
});

/** `input_audio_buffer.timeout_triggered`: server VAD's `idle_timeout_ms` passed without speech. */
export const InputAudioBufferTimeoutTriggeredEventSchema = z.looseObject({
  ...serverBase,
  type: z.literal('input_audio_buffer.timeout_triggered'),
  audio_start_ms: z.number(),
  audio_end_ms: z.number(),
  item_id: z.string(),
});

/** `input_audio_buffer.dtmf_event_received` (SIP): a keypad digit. The API sends no `event_id` here. */
export const InputAudioBufferDtmfEventReceivedEventSchema = z.looseObject({
  type: z.literal('input_audio_buffer.dtmf_event_received'),
  event_id: z.string().optional(),
  event: z.string(),
  received_at: z.number(),
});

/** `output_audio_buffer.started` (WebRTC / SIP): the server started playing a response's audio. */
export const OutputAudioBufferStartedEventSchema = z.looseObject({
  ...serverBase,
  type: z.literal('output_audio_buffer.started'),
  response_id: z.string(),
});

/** `output_audio_buffer.stopped` (WebRTC / SIP): all audio of the response was played. */
export const OutputAudioBufferStoppedEventSchema = z.looseObject({
  ...serverBase,
  type: z.literal('output_audio_buffer.stopped'),
  response_id: z.string(),
});

/** `output_audio_buffer.cleared` (WebRTC / SIP): buffered audio was dropped (interruption or clear). */
export const OutputAudioBufferClearedEventSchema = z.looseObject({
  ...serverBase,
  type: z.literal('output_audio_buffer.cleared'),
  response_id: z.string(),
});

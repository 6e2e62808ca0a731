import { bytesPerMs, decodedLength } from '@switchboard/core/protocol';
import type { AudioActivity, AudioSpan } from './call.js';
import type { ObservedEvent } from './observe.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A pause in the caller's appends longer than this starts a new input span. Apps stream 20–100 ms
 * chunks back to back while the microphone is on, so a gap of a few chunks means it was off.
 */
const INPUT_GAP_MS = 300;

/**
 * The audio on the wire, summarised: the caller's appends as spans (bytes and duration, never the
 * audio), what server VAD heard as speech, and the model's audio per output item, or per response
 * where the server plays it (`output_audio_buffer.started` → `stopped`/`cleared`). Durations follow
 * the session's audio formats as the server reported them (PCM16 24 kHz until told otherwise).
 */
export function summariseAudio(events: readonly ObservedEvent[]): AudioActivity {
  let inputRate = bytesPerMs(undefined);
  let outputRate = bytesPerMs(undefined);
  const input: Mutable<AudioSpan>[] = [];
  const speech: Mutable<AudioSpan>[] = [];
  const output: Mutable<AudioSpan>[] = [];
  const outputByItem = new Map<string, Mutable<AudioSpan>>();
  const playing = new Map<string, Mutable<AudioSpan>>();
  let openSpeech: Mutable<AudioSpan> | undefined;
  let updated = false;

  for (const { server, client, t, index } of events) {
    // A client's session.update applies to the audio sent after it, even when session.created (the
    // state before the server read that update) arrives later; session.updated is the server's word.
    const session =
      server?.type === 'session.updated' || (server?.type === 'session.created' && !updated)
        ? server.session
        : client?.type === 'session.update'
          ? client.session
          : undefined;
    if (client?.type === 'session.update') updated = true;
    if (session) {
      if (session.audio?.input?.format) inputRate = bytesPerMs(session.audio.input.format);
      if (session.type === 'realtime' && session.audio?.output?.format) {
        outputRate = bytesPerMs(session.audio.output.format);
      }
    } else if (client?.type === 'input_audio_buffer.append') {
      const bytes = decodedLength(client.audio);
      const last = input.at(-1);
      if (last && t - last.end <= INPUT_GAP_MS) {
        last.end = t;
        last.bytes = (last.bytes ?? 0) + bytes;
        last.audioMs = (last.audioMs ?? 0) + bytes / inputRate;
      } else input.push({ start: t, end: t, bytes, audioMs: bytes / inputRate, event: index });
    } else if (server?.type === 'input_audio_buffer.speech_started') {
      openSpeech = { start: t, end: t, event: index };
      speech.push(openSpeech);
    } else if (server?.type === 'input_audio_buffer.speech_stopped' && openSpeech) {
      openSpeech.end = t;
      openSpeech = undefined;
    } else if (server?.type === 'response.output_audio.delta') {
      const bytes = decodedLength(server.delta);
      const span = outputByItem.get(server.item_id);
      if (span) {
        span.end = t;
        span.bytes = (span.bytes ?? 0) + bytes;
        span.audioMs = (span.audioMs ?? 0) + bytes / outputRate;
      } else {
        const created = { start: t, end: t, bytes, audioMs: bytes / outputRate, event: index };
        outputByItem.set(server.item_id, created);
        output.push(created);
      }
    } else if (server?.type === 'output_audio_buffer.started') {
      const span = { start: t, end: t, event: index };
      playing.set(server.response_id, span);
      output.push(span);
    } else if (
      server?.type === 'output_audio_buffer.stopped' ||
      server?.type === 'output_audio_buffer.cleared'
    ) {
      const responseId = (server as { response_id?: string }).response_id;
      const span = responseId ? playing.get(responseId) : [...playing.values()].at(-1);
      if (span) span.end = t;
      if (responseId) playing.delete(responseId);
      else playing.clear();
    }
  }
  // Speech still going when the recording ended lasts to its last event.
  const last = events.at(-1)?.t ?? 0;
  if (openSpeech) openSpeech.end = last;
  for (const span of playing.values()) span.end = last;
  return { input, speech, output: output.sort((a, b) => a.start - b.start) };
}

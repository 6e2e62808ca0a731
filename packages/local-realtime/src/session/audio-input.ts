import type { ConversationItem, ServerEvent, SessionConfig } from '@switchboard/core/protocol';
import type { CallerCaptions } from '../audio/caller-captions.js';
import { EnergyVad, type VadEvent } from '../audio/energy-vad.js';
import { type WireAudioFormat, wireBytesPerMs, wireFormatOf, wireToPcm } from '../audio/formats.js';
import { isBase64, MAX_APPEND_AUDIO_CHARS } from '../audio/pcm.js';
import { ClientEventError } from './errors.js';
import { newId } from './ids.js';
import { InputAudioBuffer } from './input-audio-buffer.js';
import { type ItemsStore, withoutAudio } from './items-store.js';
import { obfuscationFor } from './obfuscation.js';
import { turnDetectionOf } from './session-config.js';

/**
 * Turns user audio into text for `audio.input.transcription` (there is no recognizer built in).
 * Receives PCM16 at 24 kHz.
 */
export type Transcriber = (audio: {
  readonly pcm: Int16Array;
  readonly itemId: string;
}) => string | Promise<string>;

/** What the input side needs from its session. */
export interface AudioInputHost {
  readonly store: ItemsStore;
  emit(event: ServerEvent): void;
  session(): SessionConfig;
  /** Most audio the buffer holds, in ms; an append beyond it is refused. */
  readonly maxBufferMs: number;
  /** Server VAD heard speech start with `interrupt_response` on: cancel the active response. */
  interrupt(): void;
  /** Server VAD committed a turn with `create_response` on: respond (unless a response is active). */
  autoRespond(): void;
  readonly transcriber: Transcriber | undefined;
  /** Texts of simulated callers' lines: a committed turn that holds one gets it as its transcript. */
  readonly captions?: CallerCaptions | undefined;
}

/** The API refuses to commit less than this. */
const MIN_COMMIT_MS = 100;

/**
 * The input audio buffer with its events: `append` (no reply, as in the API), `commit`, `clear`, and
 * server VAD (`speech_started` / `speech_stopped` / `committed`, then an automatic response).
 */
export class AudioInput {
  #format: WireAudioFormat = 'audio/pcm';
  readonly #buffer = new InputAudioBuffer(wireBytesPerMs('audio/pcm'));
  #vad: EnergyVad | undefined;
  #vadKey = '';
  #speech: { itemId: string; audioStartMs: number } | undefined;

  readonly #host: AudioInputHost;

  constructor(host: AudioInputHost) {
    this.#host = host;
    this.configure(host.session());
  }

  /** Applies the session's input format and turn detection (after `session.update`). */
  configure(session: SessionConfig): void {
    this.#format = wireFormatOf(session.audio?.input?.format);
    this.#buffer.setBytesPerMs(wireBytesPerMs(this.#format));
    const detection = turnDetectionOf(session);
    const key = JSON.stringify(detection);
    if (key === this.#vadKey) return;
    this.#vadKey = key;
    this.#speech = undefined;
    if (detection === null) {
      this.#vad = undefined;
      return;
    }
    // semantic_vad has no settings of its own here: its eagerness picks the silence that ends a turn.
    const silence =
      detection.type === 'semantic_vad'
        ? { low: 1000, medium: 600, auto: 600, high: 300 }[detection.eagerness ?? 'auto']
        : detection.silence_duration_ms;
    const settings = detection.type === 'server_vad' ? detection : {};
    this.#vad = new EnergyVad({ ...settings, silence_duration_ms: silence }, this.#buffer.timelineMs);
  }

  append(audio: string): void {
    if (audio.length > MAX_APPEND_AUDIO_CHARS) {
      throw new ClientEventError(
        'audio_too_large',
        `Invalid 'audio': the audio of one input_audio_buffer.append is limited to 15 MiB, but got ${(audio.length / 1048576).toFixed(1)} MiB. Send smaller chunks.`,
        'audio',
      );
    }
    if (!isBase64(audio)) {
      throw new ClientEventError(
        'invalid_value',
        "Invalid 'audio': expected base64-encoded audio bytes.",
        'audio',
      );
    }
    const bytes = Buffer.from(audio, 'base64');
    this.#checkRoom(bytes.length);
    this.#buffer.append(bytes);
    if (!this.#vad) return;
    for (const event of this.#vad.push(wireToPcm(bytes, this.#format))) this.#onVad(event);
    if (!this.#vad.inSpeech && !this.#speech) {
      // Idle listening: keep only what a coming speech start could still reach back to.
      const detection = turnDetectionOf(this.#host.session());
      const padding = detection?.type === 'server_vad' ? (detection.prefix_padding_ms ?? 300) : 300;
      this.#buffer.dropBefore(this.#buffer.timelineMs - padding - 1000);
    }
  }

  /** Refuses an append the buffer has no room for (it is not added; what is buffered stays). */
  #checkRoom(bytes: number): void {
    const max = this.#host.maxBufferMs;
    const adding = this.#buffer.msOf(bytes);
    if (this.#buffer.durationMs + adding <= max) return;
    throw new ClientEventError(
      'input_audio_buffer_full',
      `Error appending to the input audio buffer: it holds at most ${formatMs(max)} of audio and has ${formatMs(this.#buffer.durationMs)}; this append of ${formatMs(adding)} was not added. Commit or clear the buffer first.`,
      'audio',
    );
  }

  /** A manual commit: the whole buffer becomes a user message (no response is created). */
  commit(): void {
    const ms = this.#buffer.durationMs;
    if (ms < MIN_COMMIT_MS) {
      throw new ClientEventError(
        'input_audio_buffer_commit_empty',
        `Error committing input audio buffer: buffer too small. Expected at least ${MIN_COMMIT_MS}ms of audio, but buffer only has ${ms.toFixed(2)}ms of audio.`,
      );
    }
    this.#vad?.reset();
    this.#speech = undefined;
    this.#commitBytes(this.#buffer.takeAll(), newId('item')).catch(() => {
      // Nothing in a commit throws but a closed connection's send; there is nobody left to tell.
    });
  }

  clear(): void {
    this.#buffer.clear();
    this.#vad?.reset();
    this.#speech = undefined;
    this.#host.emit({ type: 'input_audio_buffer.cleared', event_id: newId('event') });
  }

  #onVad(event: VadEvent): void {
    const detection = turnDetectionOf(this.#host.session());
    if (event.type === 'speech_started') {
      const audioStartMs = Math.max(event.audioStartMs, this.#buffer.startMs);
      this.#speech = { itemId: newId('item'), audioStartMs };
      this.#host.emit({
        type: 'input_audio_buffer.speech_started',
        event_id: newId('event'),
        audio_start_ms: Math.round(audioStartMs),
        item_id: this.#speech.itemId,
      });
      if (detection?.interrupt_response !== false) this.#host.interrupt();
      return;
    }
    const speech = this.#speech;
    if (!speech) return;
    this.#speech = undefined;
    this.#host.emit({
      type: 'input_audio_buffer.speech_stopped',
      event_id: newId('event'),
      audio_end_ms: Math.round(event.audioEndMs),
      item_id: speech.itemId,
    });
    const bytes = this.#buffer.takeRange(speech.audioStartMs, event.audioEndMs);
    const committed = this.#commitBytes(bytes, speech.itemId);
    if (detection?.create_response !== false) {
      committed
        .then(() => this.#host.autoRespond())
        .catch(() => {
          // As above: only a closed connection gets here.
        });
    } else {
      committed.catch(() => {});
    }
  }

  /** Adds the user audio item; resolves once its transcription (if any) is done. */
  async #commitBytes(bytes: Buffer, itemId: string): Promise<void> {
    const caption = this.#host.captions?.lookup(bytes, this.#format);
    const item: ConversationItem & { id: string } = {
      id: itemId,
      object: 'realtime.item',
      type: 'message',
      status: 'completed',
      role: 'user',
      content: [{ type: 'input_audio', audio: bytes.toString('base64'), transcript: caption ?? null }],
    };
    const { previousItemId } = this.#host.store.insert(item);
    const emit = (event: ServerEvent) => this.#host.emit(event);
    emit({
      type: 'input_audio_buffer.committed',
      event_id: newId('event'),
      previous_item_id: previousItemId,
      item_id: itemId,
    });
    emit({
      type: 'conversation.item.added',
      event_id: newId('event'),
      previous_item_id: previousItemId,
      item: withoutAudio(item),
    });
    const transcription = this.#host.session().audio?.input?.transcription;
    if (transcription) await this.#transcribe(item, bytes, caption);
    const current = this.#host.store.get(itemId)?.item ?? item;
    emit({
      type: 'conversation.item.done',
      event_id: newId('event'),
      previous_item_id: previousItemId,
      item: withoutAudio(current),
    });
  }

  async #transcribe(
    item: ConversationItem & { id: string },
    bytes: Buffer,
    caption: string | undefined,
  ): Promise<void> {
    const emit = (event: ServerEvent) => this.#host.emit(event);
    // A supplied recognizer wins; a simulated caller's caption stands in for one.
    const transcriber = this.#host.transcriber ?? (caption === undefined ? undefined : () => caption);
    const base = { item_id: item.id, content_index: 0 };
    if (!transcriber) {
      // No recognizer is built in: say so the way the API reports a failed transcription.
      emit({
        type: 'conversation.item.input_audio_transcription.failed',
        event_id: newId('event'),
        ...base,
        error: {
          type: 'server_error',
          code: 'transcription_unavailable',
          message: 'local-realtime has no speech recognizer; pass audio.transcribe to startLocalRealtime',
          param: null,
        },
      });
      return;
    }
    const pcm = wireToPcm(bytes, this.#format);
    let transcript: string;
    try {
      transcript = await transcriber({ pcm, itemId: item.id });
    } catch (error) {
      emit({
        type: 'conversation.item.input_audio_transcription.failed',
        event_id: newId('event'),
        ...base,
        error: { type: 'server_error', code: 'transcription_failed', message: String(error), param: null },
      });
      return;
    }
    if (item.type === 'message') {
      const updated = {
        ...item,
        content: [{ ...item.content[0], type: 'input_audio' as const, transcript }],
      };
      this.#host.store.update(item.id, updated as ConversationItem);
    }
    emit({
      type: 'conversation.item.input_audio_transcription.delta',
      event_id: newId('event'),
      ...base,
      delta: transcript,
      obfuscation: obfuscationFor(transcript),
    });
    emit({
      type: 'conversation.item.input_audio_transcription.completed',
      event_id: newId('event'),
      ...base,
      transcript,
      usage: { type: 'duration', seconds: Math.round((pcm.length / 24000) * 100) / 100 },
    });
  }
}

/** `15 min`, `2.5 s`: how a limit reads in an error message. */
function formatMs(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 100) / 10} s`;
}

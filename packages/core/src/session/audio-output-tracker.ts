import { isOutOfBand } from '../pipeline/response-calls.js';
import { bytesPerMs, decodedLength } from '../protocol/audio-bytes.js';
import type { ClientEventOf, ServerEvent } from '../protocol/index.js';

interface AudioItem {
  readonly itemId: string;
  readonly contentIndex: number;
  bytes: number;
  truncated: boolean;
}

/**
 * Follows the assistant audio the client has received, so that an interruption can truncate the
 * item at the point the listener actually reached (reported by the app), clamped to what arrived.
 */
export class AudioOutputTracker {
  #bytesPerMs = bytesPerMs(undefined);
  #last: AudioItem | undefined;
  #started = false;
  /** Out-of-band responses in progress: their audio is not the conversation's, never the one to truncate. */
  /** Made at the first out-of-band response. */
  #outOfBand: Set<string> | undefined;

  observe(event: ServerEvent): void {
    switch (event.type) {
      case 'response.created':
        if (event.response.id && isOutOfBand(event.response)) {
          this.#outOfBand ??= new Set();
          this.#outOfBand.add(event.response.id);
        }
        return;
      case 'response.done':
        if (event.response.id) this.#outOfBand?.delete(event.response.id);
        return;
      case 'session.created':
      case 'session.updated': {
        const session = event.session as {
          audio?: { output?: { format?: Parameters<typeof bytesPerMs>[0] } };
        };
        if (session.audio?.output?.format) this.#bytesPerMs = bytesPerMs(session.audio.output.format);
        return;
      }
      case 'response.output_audio.delta':
        this.#started = true;
        if (this.#outOfBand?.has(event.response_id)) return;
        {
          let last = this.#last;
          if (last?.itemId !== event.item_id || last.contentIndex !== event.content_index) {
            last = { itemId: event.item_id, contentIndex: event.content_index, bytes: 0, truncated: false };
            this.#last = last;
          }
          last.bytes += decodedLength(event.delta);
          return;
        }
      case 'conversation.item.truncated':
        if (this.#last?.itemId === event.item_id) this.#last.truncated = true;
        return;
      case 'conversation.item.deleted':
        if (this.#last?.itemId === event.item_id) this.#last = undefined;
        return;
      default:
        return;
    }
  }

  /** Forgets everything, for a new connection. */
  reset(): void {
    this.#last = undefined;
    this.#started = false;
    this.#outOfBand?.clear();
  }

  /** True once the model has produced audio in this session (the API then locks the voice). */
  get started(): boolean {
    return this.#started;
  }

  /** Milliseconds of audio received for the latest assistant audio item. */
  get receivedMs(): number {
    return this.#last ? Math.floor(this.#last.bytes / this.#bytesPerMs) : 0;
  }

  /**
   * The `conversation.item.truncate` for a listener who heard `playedMs` of the latest audio item
   * (only if it is `itemId`, when given), or `undefined` when there is nothing to cut (no audio,
   * another item, already truncated, or everything was heard).
   */
  truncation(playedMs: number, itemId?: string): ClientEventOf<'conversation.item.truncate'> | undefined {
    const last = this.#last;
    if (!last || last.truncated || (itemId !== undefined && last.itemId !== itemId)) return undefined;
    const audioEndMs = Math.max(0, Math.min(Math.floor(playedMs), this.receivedMs));
    if (audioEndMs >= this.receivedMs) return undefined;
    last.truncated = true;
    return {
      type: 'conversation.item.truncate',
      item_id: last.itemId,
      content_index: last.contentIndex,
      audio_end_ms: audioEndMs,
    };
  }
}

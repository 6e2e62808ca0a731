import OpusScript from 'opusscript';
import { downsample, upsample } from '../audio/pcm.js';

/** WebRTC's Opus runs at 48 kHz; the session works at 24 kHz. */
export const OPUS_RATE = 48_000;
/** One RTP packet carries 20 ms: 960 samples at 48 kHz, 480 at the session's 24 kHz. */
export const FRAME_SAMPLES_48K = 960;
export const FRAME_SAMPLES_24K = 480;

/**
 * Opus to PCM16 at 24 kHz, for the session's input buffer and voice activity detector. Uses
 * `opusscript` (libopus compiled to WebAssembly: nothing native, nothing downloaded). Browsers send
 * Opus as `opus/48000/2`; decoding to one channel mixes stereo down.
 */
export class OpusDecoder {
  readonly #codec = new OpusScript(OPUS_RATE, 1, OpusScript.Application.VOIP);

  /** One Opus packet to PCM16 at 24 kHz; an undecodable packet gives no samples. */
  decode(packet: Buffer): Int16Array {
    if (packet.length === 0) return new Int16Array(0);
    let bytes: Buffer;
    try {
      bytes = this.#codec.decode(packet);
    } catch {
      return new Int16Array(0);
    }
    const samples = new Int16Array(bytes.length >> 1);
    for (let i = 0; i < samples.length; i++) samples[i] = bytes.readInt16LE(i * 2);
    return downsample(samples, 2);
  }

  /** Frees the WebAssembly state. */
  dispose(): void {
    this.#codec.delete();
  }
}

/**
 * PCM16 at 24 kHz to Opus packets of 20 ms, for the outgoing audio track.
 */
export class OpusEncoder {
  readonly #codec = new OpusScript(OPUS_RATE, 1, OpusScript.Application.AUDIO);

  /** Encodes exactly one 20 ms frame (480 samples at 24 kHz; a short frame is padded with silence). */
  encode(frame24k: Int16Array): Buffer {
    const frame = new Int16Array(FRAME_SAMPLES_24K);
    frame.set(frame24k.subarray(0, FRAME_SAMPLES_24K));
    const pcm48k = upsample(frame, 2);
    return this.#codec.encode(
      Buffer.from(pcm48k.buffer, pcm48k.byteOffset, pcm48k.byteLength),
      FRAME_SAMPLES_48K,
    );
  }

  /** Frees the WebAssembly state. */
  dispose(): void {
    this.#codec.delete();
  }
}

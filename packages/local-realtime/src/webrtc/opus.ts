import { createRequire } from 'node:module';
import { downsample, upsample } from '../audio/pcm.js';

/** WebRTC's Opus runs at 48 kHz; the session works at 24 kHz. */
export const OPUS_RATE = 48_000;
/** One RTP packet carries 20 ms: 960 samples at 48 kHz, 480 at the session's 24 kHz. */
export const FRAME_SAMPLES_48K = 960;
export const FRAME_SAMPLES_24K = 480;

/** libopus's largest packet (3 frames of 1276 bytes), and the decoder's largest frame (120 ms at 48 kHz). */
const MAX_PACKET_BYTES = 1276 * 3;
const MAX_FRAME_SAMPLES = 960 * 6;
/**
 * The native side takes and gives PCM as one byte per 16-bit element (it packs and unpacks the bytes
 * itself), so PCM scratch space is four bytes per sample.
 */
const PCM_SCRATCH_BYTES = MAX_FRAME_SAMPLES * 4;
const APPLICATION = { voip: 2048, audio: 2049 } as const;

/**
 * The embind handler of opusscript's WebAssembly build: one libopus encoder and one decoder. PCM
 * crosses as one byte per 16-bit element: `_encode` reads `pcmBytes` such elements, `_decode` writes
 * two per sample and returns the sample count.
 */
interface NativeHandler {
  _encode(pcmPointer: number, pcmBytes: number, packetPointer: number, frameSize: number): number;
  _decode(packetPointer: number, packetBytes: number, pcmPointer: number): number;
}

/** What opusscript's Emscripten module (`build/opusscript_native_wasm.js`) provides. */
interface NativeModule {
  /** The heap. Replaced by a new view each time the heap grows: never keep one. */
  readonly HEAPU8: Uint8Array;
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  readonly OpusScriptHandler: {
    new (rate: number, channels: number, application: number): NativeHandler;
    destroy_handler(handler: NativeHandler): void;
  };
}

/**
 * libopus as WebAssembly, loaded once per process, with one pair of scratch buffers shared by every
 * codec (encoding and decoding are synchronous, so they never overlap).
 *
 * Why not `new OpusScript()`: opusscript keeps typed-array views of the WASM heap per instance, and
 * the heap (16 MiB at first) grows as codecs are made; growing detaches every view taken before, so
 * each older codec then throws "offset is out of bounds" (issue 10: the ~40th WebRTC call failed with
 * a 500, and calls already running would have thrown from their audio clock). Here the views are taken
 * from the current heap at each call; the heap grows to 2 GiB, room for thousands of codecs of
 * ~82 KiB each. The build is opusscript's own, pinned at 0.1.1.
 */
class OpusRuntime {
  static #instance: OpusRuntime | undefined;
  readonly native: NativeModule;
  readonly #pcm: number;
  readonly #packet: number;

  // Made once, by OpusRuntime.get(): every codec shares the module and its scratch buffers.
  constructor() {
    const load = createRequire(import.meta.url)(
      'opusscript/build/opusscript_native_wasm.js',
    ) as () => NativeModule;
    this.native = load();
    this.#pcm = this.native._malloc(PCM_SCRATCH_BYTES);
    this.#packet = this.native._malloc(MAX_PACKET_BYTES);
  }

  static get(): OpusRuntime {
    OpusRuntime.#instance ??= new OpusRuntime();
    return OpusRuntime.#instance;
  }

  /** 48 kHz mono PCM16 (one frame) → one Opus packet. */
  encode(handler: NativeHandler, pcm48k: Int16Array): Buffer {
    const bytes = new Uint8Array(pcm48k.buffer, pcm48k.byteOffset, pcm48k.byteLength);
    new Uint16Array(this.native.HEAPU8.buffer, this.#pcm, bytes.length).set(bytes);
    const length = handler._encode(this.#pcm, bytes.length, this.#packet, pcm48k.length);
    if (length < 0) throw new Error(`Opus encode failed (libopus error ${length})`);
    return Buffer.from(this.native.HEAPU8.subarray(this.#packet, this.#packet + length));
  }

  /** One Opus packet → 48 kHz mono PCM16; throws on a packet libopus refuses. */
  decode(handler: NativeHandler, packet: Buffer): Int16Array {
    if (packet.length > MAX_PACKET_BYTES) throw new Error('Opus packet too large');
    this.native.HEAPU8.set(packet, this.#packet);
    const samples = handler._decode(this.#packet, packet.length, this.#pcm);
    if (samples < 0) throw new Error(`Opus decode failed (libopus error ${samples})`);
    const bytes = new Uint8Array(samples * 2);
    bytes.set(new Uint16Array(this.native.HEAPU8.buffer, this.#pcm, samples * 2));
    return new Int16Array(bytes.buffer);
  }

  create(application: number): NativeHandler {
    return new this.native.OpusScriptHandler(OPUS_RATE, 1, application);
  }

  destroy(handler: NativeHandler): void {
    this.native.OpusScriptHandler.destroy_handler(handler);
  }
}

/** One libopus encoder or decoder state, freed once. */
class OpusCodec {
  readonly #runtime = OpusRuntime.get();
  readonly #handler: NativeHandler;
  #disposed = false;

  constructor(application: number) {
    this.#handler = this.#runtime.create(application);
  }

  encode(pcm48k: Int16Array): Buffer {
    return this.#runtime.encode(this.#handler, pcm48k);
  }

  decode(packet: Buffer): Int16Array {
    return this.#runtime.decode(this.#handler, packet);
  }

  /** Frees the WebAssembly state. Idempotent. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#runtime.destroy(this.#handler);
  }
}

/**
 * Opus to PCM16 at 24 kHz, for the session's input buffer and voice activity detector (libopus as
 * WebAssembly: nothing native, nothing downloaded). Browsers send Opus as `opus/48000/2`; decoding
 * to one channel mixes stereo down.
 */
export class OpusDecoder {
  readonly #codec = new OpusCodec(APPLICATION.voip);

  /** One Opus packet to PCM16 at 24 kHz; an undecodable packet gives no samples. */
  decode(packet: Buffer): Int16Array {
    if (packet.length === 0) return new Int16Array(0);
    try {
      return downsample(this.#codec.decode(packet), 2);
    } catch {
      return new Int16Array(0);
    }
  }

  /** Frees the WebAssembly state. Idempotent. */
  dispose(): void {
    this.#codec.dispose();
  }
}

/** PCM16 at 24 kHz to Opus packets of 20 ms, for the outgoing audio track. */
export class OpusEncoder {
  readonly #codec = new OpusCodec(APPLICATION.audio);

  /** Encodes exactly one 20 ms frame (480 samples at 24 kHz; a short frame is padded with silence). */
  encode(frame24k: Int16Array): Buffer {
    const frame = new Int16Array(FRAME_SAMPLES_24K);
    frame.set(frame24k.subarray(0, FRAME_SAMPLES_24K));
    return this.#codec.encode(upsample(frame, 2));
  }

  /** Frees the WebAssembly state. Idempotent. */
  dispose(): void {
    this.#codec.dispose();
  }
}

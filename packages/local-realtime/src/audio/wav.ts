import { bytesToPcm16 } from './pcm.js';

/** A decoded mono PCM16 WAV file. */
export interface WavAudio {
  readonly sampleRate: number;
  readonly samples: Int16Array;
}

/** A WAV stream that is not RIFF/WAVE PCM16 (convert it, e.g. `ffmpeg -i in.wav -c:a pcm_s16le out.wav`). */
export class WavFormatError extends Error {
  override readonly name = 'WavFormatError';
  readonly code = 'invalid_wav';
}

/**
 * Reads a RIFF/WAVE PCM16 file (the first channel when there are several). Streamed WAVs, such as
 * `espeak-ng --stdout` writes, carry a placeholder data size; the data then runs to the end of input.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { parseWav } from '@switchboard/local-realtime';
 *
 * const { sampleRate, samples } = parseWav(await readFile('hello.wav'));
 * ```
 */
export function parseWav(bytes: Uint8Array): WavAudio {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length < 12 || text(0) !== 'RIFF' || text(8) !== 'WAVE') {
    throw new WavFormatError('not a RIFF/WAVE stream');
  }
  let offset = 12;
  let sampleRate = 0;
  let channels = 1;
  while (offset + 8 <= bytes.length) {
    const id = text(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      const format = view.getUint16(body, true);
      channels = view.getUint16(body + 2, true);
      sampleRate = view.getUint32(body + 4, true);
      const bits = view.getUint16(body + 14, true);
      if ((format !== 1 && format !== 0xfffe) || bits !== 16) {
        throw new WavFormatError(`expected 16-bit PCM, got format ${format} with ${bits} bits`);
      }
    } else if (id === 'data') {
      if (sampleRate === 0) throw new WavFormatError('data chunk before fmt chunk');
      const end = Math.min(bytes.length, body + size);
      const interleaved = bytesToPcm16(bytes.subarray(body, end));
      return { sampleRate, samples: channels === 1 ? interleaved : firstChannel(interleaved, channels) };
    }
    offset = body + size + (size % 2);
  }
  throw new WavFormatError('no data chunk');
}

function firstChannel(interleaved: Int16Array, channels: number): Int16Array {
  const out = new Int16Array(Math.floor(interleaved.length / channels));
  for (let i = 0; i < out.length; i++) out[i] = interleaved[i * channels] as number;
  return out;
}

/** Writes mono PCM16 as a WAV file (tests, and the fake synthesizer in them). */
export function encodeWav(samples: Int16Array, sampleRate: number): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + samples.length * 2, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(samples.length * 2, 40);
  const body = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) body.writeInt16LE(samples[i] as number, i * 2);
  return Buffer.concat([header, body]);
}

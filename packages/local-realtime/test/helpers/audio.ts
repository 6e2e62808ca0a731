import { concatPcm, encodePcm16, generateTone, silence } from '../../src/index.js';

/** A spoken turn as the VAD hears it: silence, a tone, silence (PCM16 24 kHz). */
export function speechTurn(leadMs = 300, toneMs = 600, trailMs = 900): Int16Array {
  return concatPcm([silence(leadMs), generateTone({ durationMs: toneMs, amplitude: 0.3 }), silence(trailMs)]);
}

/** Base64 chunks of `chunkMs` each, as a microphone would stream them. */
export function base64Chunks(samples: Int16Array, chunkMs = 100): string[] {
  const size = (24_000 * chunkMs) / 1000;
  const out: string[] = [];
  for (let i = 0; i < samples.length; i += size) out.push(encodePcm16(samples.subarray(i, i + size)));
  return out;
}

/** Decoded PCM16 sample count of base64 audio deltas. */
export function sampleCount(deltas: readonly string[]): number {
  return deltas.reduce((sum, delta) => sum + Buffer.from(delta, 'base64').length / 2, 0);
}

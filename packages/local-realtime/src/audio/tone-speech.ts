import { concatPcm, generateTone, silence } from './pcm.js';

/** Options of {@link toneSpeech}. */
export interface ToneSpeechOptions {
  /** The session voice; each voice gets its own pitch so two agents sound different. */
  readonly voice?: string;
  /** The session's `audio.output.speed` (0.25–1.5). */
  readonly speed?: number;
}

const VOICE_PITCH: Readonly<Record<string, number>> = {
  alloy: 200,
  ash: 130,
  ballad: 150,
  coral: 230,
  echo: 120,
  sage: 210,
  shimmer: 250,
  verse: 160,
  marin: 220,
  cedar: 140,
};

/** A small stable hash, so the same word always gets the same pitch. */
function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * "Speech" without a synthesizer: one tone burst per word, its length following the word's length
 * (about 65 ms per letter), with short gaps between words and longer ones after punctuation. The
 * result lasts about as long as the text would take to say, so playback, truncation and interruption
 * behave as with real speech, and the voice activity detector hears it as speech.
 *
 * @example
 * ```ts
 * import { toneSpeech } from '@switchboard/local-realtime';
 *
 * const samples = toneSpeech('Hello there.', { voice: 'marin' }); // ~0.9 s of PCM16 at 24 kHz
 * ```
 */
export function toneSpeech(text: string, options: ToneSpeechOptions = {}): Int16Array {
  const speed = options.speed !== undefined && options.speed > 0 ? options.speed : 1;
  const base = VOICE_PITCH[options.voice ?? ''] ?? 180;
  const words = text.split(/\s+/).filter((word) => word.length > 0);
  if (words.length === 0) return silence(200);
  const parts: Int16Array[] = [];
  for (const word of words) {
    const letters = word.replace(/[^\p{L}\p{N}]/gu, '').length;
    const durationMs = Math.min(650, Math.max(90, letters * 65)) / speed;
    parts.push(
      generateTone({ durationMs, frequency: base + (hash(word.toLowerCase()) % 80), amplitude: 0.25 }),
    );
    parts.push(silence((/[.!?;:,]$/.test(word) ? 180 : 50) / speed));
  }
  return concatPcm(parts);
}

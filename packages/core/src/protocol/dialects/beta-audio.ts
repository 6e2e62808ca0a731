import { isRecord } from '../is-record.js';

/** Beta audio format names. */
type BetaAudioFormat = 'pcm16' | 'g711_ulaw' | 'g711_alaw';

/**
 * GA `{ type: 'audio/pcm', rate: 24000 }` → beta `'pcm16'`, `audio/pcmu` → `'g711_ulaw'`,
 * `audio/pcma` → `'g711_alaw'`. A format with no beta twin (another rate, extra fields, an unknown
 * type) gives `undefined`, and the caller leaves it where it was.
 */
export function formatToBeta(format: unknown): BetaAudioFormat | undefined {
  if (!isRecord(format)) return undefined;
  const { type, rate, ...extra } = format;
  if (Object.keys(extra).length > 0) return undefined;
  // Beta pcm16 is always 24 kHz, so only that rate (or none given) has a twin.
  if (type === 'audio/pcm' && (rate === undefined || rate === 24000)) return 'pcm16';
  if (rate !== undefined) return undefined;
  if (type === 'audio/pcmu') return 'g711_ulaw';
  if (type === 'audio/pcma') return 'g711_alaw';
  return undefined;
}

/** Beta format name → GA format object; `undefined` for a value that is not a beta format name. */
export function formatFromBeta(format: unknown): Record<string, unknown> | undefined {
  if (format === 'pcm16') return { type: 'audio/pcm', rate: 24000 };
  if (format === 'g711_ulaw') return { type: 'audio/pcmu' };
  if (format === 'g711_alaw') return { type: 'audio/pcma' };
  return undefined;
}

/**
 * GA `output_modalities` → beta `modalities`. GA `['audio']` means audio with its transcript, which
 * beta spells `['text', 'audio']` (beta rejects audio alone).
 */
export function modalitiesToBeta(modalities: unknown): unknown {
  if (Array.isArray(modalities) && modalities.length === 1 && modalities[0] === 'audio')
    return ['text', 'audio'];
  return modalities;
}

/** Beta `modalities` → GA `output_modalities`: any list with audio is `['audio']` (GA allows one modality). */
export function modalitiesFromBeta(modalities: unknown): unknown {
  if (Array.isArray(modalities) && modalities.includes('audio')) return ['audio'];
  return modalities;
}

import { spawn } from 'node:child_process';
import { PCM_SAMPLE_RATE, resample } from './pcm.js';
import { toneSpeech } from './tone-speech.js';
import { parseWav } from './wav.js';

/** Which synthesizer speaks: `espeak-ng`, the generated tone, or `auto` (espeak-ng when installed). */
export type SpeechVoiceMode = 'espeak' | 'tone' | 'auto';

/** Options for {@link createSynthesizer}. */
export interface SynthesizerOptions {
  /** Default `'auto'`. */
  readonly voice?: SpeechVoiceMode;
  /** The espeak-ng executable; default `'espeak-ng'` (looked up on `PATH`). */
  readonly espeakPath?: string;
}

/** What to say and how. */
export interface SpeakRequest {
  readonly text: string;
  /** The session voice (mapped to an espeak-ng variant, or to a tone pitch). */
  readonly voice?: string;
  /** The session's `audio.output.speed`. */
  readonly speed?: number;
}

/** Turns text into PCM16 at 24 kHz mono. */
export interface Synthesizer {
  /** Which engine is in use. */
  readonly kind: 'espeak' | 'tone';
  speak(request: SpeakRequest): Promise<Int16Array>;
}

/** `voice: 'espeak'` was asked for, but the executable could not be run, or failed when it ran. */
export class SynthesizerUnavailableError extends Error {
  override readonly name = 'SynthesizerUnavailableError';
  readonly code = 'synthesizer_unavailable';
  constructor(
    readonly executable: string,
    /** What went wrong, e.g. `exited with code 1`. */
    detail = 'could not be run',
  ) {
    super(
      `espeak-ng was requested (audio.voice: 'espeak') but "${executable}" ${detail}; install it or use 'auto'`,
    );
  }
}

/** espeak-ng variants standing in for the API's voices (lower ones for the deeper voices). */
const ESPEAK_VARIANTS: Readonly<Record<string, string>> = {
  alloy: 'en-us+f3',
  ash: 'en-us+m3',
  ballad: 'en-gb+m2',
  coral: 'en-us+f2',
  echo: 'en-us+m1',
  sage: 'en-gb+f3',
  shimmer: 'en-us+f4',
  verse: 'en-us+m4',
  marin: 'en-us+f1',
  cedar: 'en-us+m2',
};

const toneSynthesizer: Synthesizer = {
  kind: 'tone',
  speak: (request) => Promise.resolve(toneSpeech(request.text, request)),
};

/**
 * Picks the synthesizer once, at server start: with `auto`, espeak-ng when `espeak-ng --version`
 * runs, the tone otherwise. A failing espeak-ng run later falls back to the tone for that utterance,
 * so a response never fails for want of a voice.
 *
 * @example
 * ```ts
 * import { createSynthesizer } from '@switchboard/local-realtime';
 *
 * const synth = await createSynthesizer({ voice: 'auto' });
 * const pcm = await synth.speak({ text: 'Hello!', voice: 'marin' });
 * ```
 */
export async function createSynthesizer(options: SynthesizerOptions = {}): Promise<Synthesizer> {
  const mode = options.voice ?? 'auto';
  if (mode === 'tone') return toneSynthesizer;
  const executable = options.espeakPath ?? 'espeak-ng';
  const available = await canRun(executable);
  if (!available) {
    if (mode === 'espeak') throw new SynthesizerUnavailableError(executable);
    return toneSynthesizer;
  }
  return {
    kind: 'espeak',
    async speak(request) {
      try {
        return await runEspeak(executable, request);
      } catch {
        return toneSpeech(request.text, request);
      }
    },
  };
}

function canRun(executable: string): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(executable, ['--version'], { stdio: 'ignore' });
    const timer = setTimeout(() => {
      child.kill();
      resolve(false);
    }, 3000);
    child.on('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code === 0);
    });
  });
}

function runEspeak(executable: string, request: SpeakRequest): Promise<Int16Array> {
  // espeak-ng speaks at ~175 words per minute; the API's speed multiplies that.
  const wpm = Math.round(175 * Math.min(1.5, Math.max(0.25, request.speed ?? 1)));
  const variant = ESPEAK_VARIANTS[request.voice ?? ''] ?? 'en-us';
  return new Promise((resolve, reject) => {
    // Text goes through stdin so that nothing in it can be read as an option.
    const child = spawn(executable, ['--stdout', '--stdin', '-v', variant, '-s', String(wpm)], {
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new SynthesizerUnavailableError(executable, `exited with code ${code}`));
      try {
        const wav = parseWav(Buffer.concat(chunks));
        resolve(resample(wav.samples, wav.sampleRate, PCM_SAMPLE_RATE));
      } catch (error) {
        reject(error);
      }
    });
    child.stdin.on('error', () => {});
    child.stdin.end(request.text);
  });
}

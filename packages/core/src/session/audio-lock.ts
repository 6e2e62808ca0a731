import type { AudioSettingKeptWarning } from '../errors/session-errors.js';
import type { SessionConfig } from '../protocol/index.js';

type Audio = NonNullable<SessionConfig['audio']>;
type Format = NonNullable<NonNullable<Audio['input']>['format']>;

/** A setting an agent declares that a switch to it does not apply (see {@link AudioLock}). */
export type KeptAudioSetting = AudioSettingKeptWarning['setting'];

/**
 * The audio settings that hold for the whole call. The transport's audio formats are those of the
 * first `session.update` (the agent active at connect): a later update never carries another
 * format (a new connection gets the first ones again), and once the model has produced audio the
 * voice is never sent again (the API refuses the change). {@link fit} returns what a switch would
 * have changed, so the session can say so.
 */
export class AudioLock {
  #formats: { input: Format | undefined; output: Format | undefined } | undefined;
  #voice: unknown;

  fit(
    config: SessionConfig,
    moment: { readonly opening: boolean; readonly spoken: boolean },
  ): { readonly config: SessionConfig; readonly kept: readonly KeptAudioSetting[] } {
    const audio: Audio = config.audio ?? {};
    const input = audio.input?.format;
    const output = audio.output?.format;
    const voice = audio.output?.voice;
    const locked = this.#formats;
    if (!locked) this.#formats = { input, output };
    const kept: KeptAudioSetting[] = [];
    if (locked && input !== undefined && !sameValue(input, locked.input)) kept.push('audio.input.format');
    if (locked && output !== undefined && !sameValue(output, locked.output)) kept.push('audio.output.format');
    const keepVoice = moment.spoken && voice !== undefined;
    if (keepVoice && !sameValue(voice, this.#voice)) kept.push('voice');
    if (!keepVoice && voice !== undefined) this.#voice = voice;
    if (!locked && !keepVoice) return { config, kept };
    const formats = locked ?? { input, output };
    const inputPart = withField(audio.input, 'format', moment.opening ? formats.input : undefined);
    const outputPart = withField(
      withField(audio.output, 'format', moment.opening ? formats.output : undefined),
      'voice',
      keepVoice ? undefined : voice,
    );
    const fitted: Audio = {
      ...(inputPart ? { input: inputPart } : {}),
      ...(outputPart ? { output: outputPart } : {}),
    };
    return {
      config: withField(config, 'audio', Object.keys(fitted).length > 0 ? fitted : undefined) ?? config,
      kept,
    };
  }
}

/** `part` with `key` set to `value`, or without it when `value` is undefined; `undefined` when empty. */
function withField<T extends object>(part: T | undefined, key: string, value: unknown): T | undefined {
  const copy: Record<string, unknown> = { ...part };
  if (value === undefined) delete copy[key];
  else copy[key] = value;
  return Object.keys(copy).length > 0 ? (copy as T) : undefined;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

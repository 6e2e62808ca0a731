import type { ClientEventOf, Voice } from '@switchboard/core';

const PCMU = { type: 'audio/pcmu' } as const;

/**
 * A `session.update` as a phone line needs it: µ-law in and out whatever the agent's settings say
 * (a handoff to an agent with other audio settings must not turn the call into static), and the
 * call's voice when one is set (replacing an agent's voice; added to the `first` update). Other
 * fields pass through unchanged.
 *
 * @example
 * ```ts
 * import { pinPhoneAudio } from '@switchboard/transport-twilio';
 *
 * pinPhoneAudio({ type: 'session.update', session: { type: 'realtime', instructions: 'Hi' } }, 'marin');
 * // session.audio: { input: { format: { type: 'audio/pcmu' } }, output: { format: { type: 'audio/pcmu' }, voice: 'marin' } }
 * ```
 */
export function pinPhoneAudio(
  event: ClientEventOf<'session.update'>,
  voice: Voice | undefined,
  first = true,
): ClientEventOf<'session.update'> {
  const session = event.session;
  if (session.type !== 'realtime') return event;
  const audio = session.audio ?? {};
  const output = { ...audio.output, format: PCMU };
  // Once the model has spoken the API refuses any voice change, so later updates only swap one in.
  if (voice !== undefined && (first || audio.output?.voice !== undefined)) output.voice = voice;
  return {
    ...event,
    session: { ...session, audio: { ...audio, input: { ...audio.input, format: PCMU }, output } },
  };
}

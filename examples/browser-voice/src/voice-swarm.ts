import type { ClientEvent, RealtimeTransport } from '@switchboard/core';

/**
 * Makes the triage swarm speak. Its agents answer in text (the terminal demo prints them); over
 * WebRTC the caller should hear them, so this transport wrapper turns each `session.update`'s
 * `output_modalities: ['text']` into `['audio']` (audio with its transcript) on the way out.
 * Everything else passes through untouched.
 *
 * @example
 * ```ts
 * const session = new RealtimeSession({ swarm, transport: speaking(transport) });
 * ```
 */
export function speaking(transport: RealtimeTransport): RealtimeTransport {
  return {
    // The server plays the audio over WebRTC: an interruption must still clear its buffer.
    ...(transport.playback ? { playback: transport.playback } : {}),
    events$: transport.events$,
    status$: transport.status$,
    errors$: transport.errors$,
    connect: () => transport.connect(),
    close: () => transport.close(),
    send: (event: ClientEvent) => transport.send(withAudio(event)),
  };
}

function withAudio(event: ClientEvent): ClientEvent {
  if (event.type !== 'session.update' || event.session.type !== 'realtime') return event;
  const modalities = event.session.output_modalities;
  if (!modalities?.includes('text')) return event;
  return { ...event, session: { ...event.session, output_modalities: ['audio'] } };
}

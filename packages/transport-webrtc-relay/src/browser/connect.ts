import { RealtimeCall } from './call.js';
import type { ConnectRealtimeCallOptions } from './types.js';

/**
 * Starts a call: opens the relay socket with `token`, the microphone, and a peer connection with
 * the `oai-events` data channel; does the SDP exchange the server's mode asks for; sends the
 * session's first events; then turns the microphone on. Resolves with the live call, or rejects
 * with a `RealtimeCallError` (`microphone_denied`, `sdp_failed`, `socket_closed`,
 * `peer_failed`, `timeout`) after releasing everything it opened.
 *
 * @example
 * ```ts
 * import { connectRealtimeCall } from '@switchboard/transport-webrtc-relay/browser';
 *
 * declare function show(text: string): void;
 * declare const muteButton: HTMLButtonElement, hangUpButton: HTMLButtonElement;
 * const { url, token } = await (await fetch('/call', { method: 'POST' })).json();
 * const call = await connectRealtimeCall({ url, token, audioElement: document.querySelector('audio')! });
 * call.on('event', (event) => { if (event.type === 'response.output_audio_transcript.delta') show(String(event.delta)); });
 * muteButton.onclick = () => (call.muted ? call.unmute() : call.mute());
 * hangUpButton.onclick = () => call.hangUp();
 * ```
 */
export async function connectRealtimeCall(options: ConnectRealtimeCallOptions): Promise<RealtimeCall> {
  const call = new RealtimeCall(options);
  await call.start(options.mediaStream);
  return call;
}

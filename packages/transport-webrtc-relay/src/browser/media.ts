import { isMicrophoneRefusal, RealtimeCallError } from './errors.js';

/** The microphone in use, and whether the call opened it (then the call also stops it). */
export interface Microphone {
  readonly stream: MediaStream;
  readonly track: MediaStreamTrack;
  readonly owned: boolean;
}

/**
 * The microphone: the app's stream when given (left running at hang-up: it is the app's), else a
 * new `getUserMedia({ audio: true })` stream (stopped at hang-up). Refusals become `microphone_denied`.
 */
export async function openMicrophone(given: MediaStream | undefined): Promise<Microphone> {
  let stream = given;
  if (!stream) {
    if (!navigator.mediaDevices?.getUserMedia) {
      throw new RealtimeCallError(
        'microphone_denied',
        'this page cannot use a microphone (no mediaDevices: is it served over https?)',
      );
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (error) {
      if (isMicrophoneRefusal(error)) {
        throw new RealtimeCallError(
          'microphone_denied',
          `the microphone is not available: ${String(error)}`,
          { cause: error },
        );
      }
      throw error;
    }
  }
  const track = stream.getAudioTracks()[0];
  if (!track) {
    if (!given) for (const t of stream.getTracks()) t.stop();
    throw new RealtimeCallError('microphone_denied', 'the media stream has no audio track');
  }
  return { stream, track, owned: given === undefined };
}

/**
 * Posts an SDP offer the way the realtime API takes it (`Content-Type: application/sdp`, bearer
 * client secret) and returns the answer. A 401 is reported as `expired` so the caller can ask the
 * server for a fresh secret; any other failure is `sdp_failed`.
 */
export async function postOffer(url: string, bearer: string, sdp: string): Promise<string | 'expired'> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      body: sdp,
      headers: { 'Content-Type': 'application/sdp', Authorization: `Bearer ${bearer}` },
    });
  } catch (error) {
    throw new RealtimeCallError(
      'sdp_failed',
      `the realtime endpoint could not be reached: ${String(error)}`,
      { cause: error },
    );
  }
  if (response.status === 401) return 'expired';
  const text = await response.text();
  if (!response.ok) {
    throw new RealtimeCallError(
      'sdp_failed',
      `the realtime endpoint refused the offer (HTTP ${response.status}): ${text.slice(0, 300)}`,
    );
  }
  return text;
}

/** Resolves when the data channel opens; rejects when the connection fails or `timeoutMs` passes. */
export function channelOpen(
  peer: RTCPeerConnection,
  channel: RTCDataChannel,
  timeoutMs: number,
): Promise<void> {
  if (channel.readyState === 'open') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (error?: RealtimeCallError) => {
      clearTimeout(timer);
      channel.removeEventListener('open', opened);
      channel.removeEventListener('close', closed);
      peer.removeEventListener('connectionstatechange', changed);
      if (error) reject(error);
      else resolve();
    };
    const opened = () => done();
    const closed = () =>
      done(new RealtimeCallError('peer_failed', 'the data channel closed before it opened'));
    const changed = () => {
      if (peer.connectionState === 'failed' || peer.connectionState === 'closed') {
        done(new RealtimeCallError('peer_failed', `the peer connection ${peer.connectionState}`));
      }
    };
    const timer = setTimeout(
      () => done(new RealtimeCallError('timeout', `the data channel did not open within ${timeoutMs} ms`)),
      timeoutMs,
    );
    channel.addEventListener('open', opened);
    channel.addEventListener('close', closed);
    peer.addEventListener('connectionstatechange', changed);
  });
}

/** What went wrong with a call, from the page's point of view. */
export type RealtimeCallErrorCode =
  /** The user (or the browser's policy) refused the microphone, or there is none. */
  | 'microphone_denied'
  /** The SDP exchange failed: the realtime endpoint or the server refused the offer, or the answer was unusable. */
  | 'sdp_failed'
  /** The relay socket closed: refused (bad token or origin: browsers hide the HTTP status), dropped, or closed by the server. */
  | 'socket_closed'
  /** The peer connection or its data channel failed. */
  | 'peer_failed'
  /** A step took longer than `timeoutMs`. */
  | 'timeout'
  /** The server refused something the page sent (a `notice`); the call goes on. */
  | 'refused';

/**
 * A call failed to start, or something failed during it. `code` says what; `message` has the detail.
 *
 * @example
 * ```ts
 * import { connectRealtimeCall, RealtimeCallError } from '@switchboard/transport-webrtc-relay/browser';
 *
 * declare const url: string, token: string;
 * declare function showMicHelp(): void;
 * try {
 *   await connectRealtimeCall({ url, token });
 * } catch (error) {
 *   if (error instanceof RealtimeCallError && error.code === 'microphone_denied') showMicHelp();
 * }
 * ```
 */
export class RealtimeCallError extends Error {
  override readonly name = 'RealtimeCallError';
  constructor(
    readonly code: RealtimeCallErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Whether a `getUserMedia` failure means "no microphone for you" (denied, blocked, absent). */
export function isMicrophoneRefusal(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return (
    name === 'NotAllowedError' ||
    name === 'SecurityError' ||
    name === 'NotFoundError' ||
    name === 'NotReadableError' ||
    name === 'OverconstrainedError'
  );
}

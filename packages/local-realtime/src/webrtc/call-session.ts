import type { SessionConfig } from '@switchboard/core/protocol';

// Its own module so that SIP calls, which share it, do not pull the WebRTC peer (and werift's
// declarations, which do not type-check with skipLibCheck: false) into the published types.
/** The session behind a call: a `LocalSession` fits (it knows nothing of sockets or peers). */
export interface CallSession {
  /** The effective session config (audio formats, turn detection). */
  readonly session: SessionConfig;
  /** Sends `session.created`. */
  start(): void;
  /** One client event (decoded, canonical), from the data channel or a sideband socket. */
  handle(value: unknown): void;
  /** The call is over: stop responding. */
  close(): void;
}

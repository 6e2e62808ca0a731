import type { HangupCode } from '../relay-protocol.js';
import type { RealtimeCallError } from './errors.js';

/** Options of `connectRealtimeCall()`. */
export interface ConnectRealtimeCallOptions {
  /** The relay endpoint's WebSocket URL, e.g. `wss://app.example.com/switchboard/relay`. */
  readonly url: string;
  /** The token the server issued for this call (`transport.token`). */
  readonly token: string;
  /** Where the model's voice plays. Default: a new, detached `<audio autoplay>`. */
  readonly audioElement?: HTMLAudioElement;
  /** The microphone. Default: `getUserMedia({ audio: true })`, stopped at hang-up (a given stream is not). */
  readonly mediaStream?: MediaStream;
  /** Limit for each setup step (socket, answer, data channel), default 15 s. */
  readonly timeoutMs?: number;
}

/** Where a call is. */
export type RealtimeCallState = 'connecting' | 'connected' | 'closed';

/** How a call ended. */
export interface RealtimeCallEnd {
  /** `local`: `hangUp()`; `server`: the server ended it; `error`: something failed. */
  readonly by: 'local' | 'server' | 'error';
  readonly reason: string;
  /** When the server ended it: why, as a stable code (the details stay on the server). */
  readonly code?: HangupCode;
  readonly error?: RealtimeCallError;
}

/** A realtime server event, as it came over the data channel. */
export type RealtimeServerEventData = { readonly type: string } & Readonly<Record<string, unknown>>;

/** What `RealtimeCall.on` can listen to. */
export interface RealtimeCallEvents {
  /** Every server event of the call's data channel (transcripts, `response.done` …). */
  readonly event: RealtimeServerEventData;
  /** Failures during the call (refused messages, a failing peer). */
  readonly error: RealtimeCallError;
  /** Messages the server app sends to the page (`transport.sendAppMessage`). */
  readonly app: unknown;
  readonly state: RealtimeCallState;
  readonly close: RealtimeCallEnd;
}

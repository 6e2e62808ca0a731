import type { SessionConfig } from '@switchboard/core/protocol';
import type { CallerCaptions } from '../audio/caller-captions.js';
import type { SpeechVoiceMode } from '../audio/speech.js';
import type { Brain } from '../brains/brain.js';
import type { LocalFaults } from '../faults/fault-controller.js';
import type { Fault, FaultConfigError } from '../faults/fault-types.js';
import type { Transcriber } from '../session/audio-input.js';
import type { SessionLimits } from '../session/limits.js';
import type { AudioPace } from '../session/pacer.js';
import type { PlaceCallOptions, PlacedCall } from '../sip/place-call.js';

/** Audio settings of the server. */
export interface LocalAudioOptions {
  /** `realtime` (default) streams audio at playback speed; `fast` as fast as possible (tests). */
  readonly pace?: AudioPace;
  /** `auto` (default): espeak-ng when installed, a tone otherwise; `espeak` requires it; `tone` never uses it. */
  readonly voice?: SpeechVoiceMode;
  /** The espeak-ng executable (default `espeak-ng` on `PATH`). */
  readonly espeakPath?: string;
  /** A speech recognizer for `audio.input.transcription` (none is built in). */
  readonly transcribe?: Transcriber;
}

/** Checks an API key or token: a fixed key, or a function (which may be async). */
export type AuthRequirement = string | ((token: string) => boolean | Promise<boolean>);

/**
 * Options of {@link startLocalRealtime}.
 *
 * @example
 * ```ts
 * import { type LocalRealtimeOptions } from '@switchboard/local-realtime';
 *
 * const options: LocalRealtimeOptions = { port: 0, audio: { pace: 'fast', voice: 'tone' } };
 * ```
 */
export interface LocalRealtimeOptions {
  /** TCP port; 0 (default) picks a free one. */
  readonly port?: number;
  /** Interface to listen on; default `127.0.0.1`. */
  readonly host?: string;
  /** What the model says; default `rulesBrain()`. */
  readonly brain?: Brain;
  readonly audio?: LocalAudioOptions;
  /** Serve `wss://` / `https://` with this key and certificate (PEM). Needed by the official `OpenAIRealtimeWS`. */
  readonly tls?: { readonly key: string | Buffer; readonly cert: string | Buffer };
  /**
   * Without it any credentials (or none) are accepted. With it, connections and secret minting need
   * this API key (or a key the function accepts), or a client secret minted here; others get HTTP 401.
   */
  readonly requireAuth?: AuthRequirement;
  /** Model reported when the URL names none (default `gpt-realtime`; beta: `gpt-4o-realtime-preview`). */
  readonly model?: string;
  /** Session settings every connection starts with (merged over the API's defaults). */
  readonly session?: Partial<SessionConfig>;
  /**
   * Caps per session: input audio buffer (default 15 minutes), responses in progress (default 16)
   * and duration (`maxSessionMs`, default the API's 60 minutes, 30 for beta). Beyond them a client
   * gets an API-style `error` event (`session_expired` closes the connection); see the README's "Limits".
   */
  readonly limits?: SessionLimits;
  /**
   * Faults armed on every WebSocket connection (see {@link Fault}); `server.faults` arms more while
   * the server runs. Checked at start: a fault it cannot use throws a {@link FaultConfigError}.
   */
  readonly faults?: readonly Fault[];
  /**
   * Most WebRTC calls at once (default 200); an offer beyond it gets HTTP 503 `too_many_calls`. See
   * the README's "Limits".
   */
  readonly maxCalls?: number;
  /** Receives one line per connection and per client event (the CLI's `--verbose`). */
  readonly log?: (line: string) => void;
}

/** A running local server. */
export interface LocalRealtimeServer {
  /** WebSocket endpoint, e.g. `ws://127.0.0.1:8123/v1/realtime` (append `?model=…` or not). */
  readonly url: string;
  /** HTTP API base, e.g. `http://127.0.0.1:8123/v1` (the `baseURL` of an `openai` client). */
  readonly httpUrl: string;
  readonly host: string;
  readonly port: number;
  /** Which synthesizer speaks: `espeak` or `tone`. */
  readonly voice: 'espeak' | 'tone';
  /** Open realtime connections. */
  readonly connections: number;
  /** WebRTC calls and simulated SIP calls in progress. */
  readonly calls: number;
  /**
   * Texts of simulated callers' lines: a committed user turn that holds a registered line gets its
   * text as transcript, so brains hear callers without a recognizer. The SIP carrier registers its
   * lines itself; give it to a Twilio simulator (`@switchboard/transport-twilio/testing`).
   */
  readonly captions: CallerCaptions;
  /**
   * Fault injection for tests: drop a socket, expire a session, delay or reorder events, inject
   * `error` events, make a response fail (WebSocket connections). See `docs/testing.md`.
   *
   * @example
   * ```ts
   * import type { LocalRealtimeServer } from '@switchboard/local-realtime';
   *
   * declare const server: LocalRealtimeServer;
   * server.faults.inject({ kind: 'drop', at: { beforeEvent: 'response.done' } }, { scope: 'next' });
   * ```
   */
  readonly faults: LocalFaults;
  /**
   * A simulated carrier places an incoming SIP call: posts a signed `realtime.call.incoming` to
   * `webhookUrl`, waits for the app's accept or reject, then plays the caller's lines (µ-law 8 kHz)
   * and records what the agent said, refers and hang-ups.
   */
  placeCall(options: PlaceCallOptions): Promise<PlacedCall>;
  /** Closes every connection (code 1001) and stops listening. */
  close(): Promise<void>;
}

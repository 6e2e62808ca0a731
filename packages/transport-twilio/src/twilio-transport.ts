import {
  type ClientEvent,
  type CloseReason,
  type RealtimeTransport,
  TransportCloseError,
  TransportConnectError,
  type TransportError,
  TransportLifecycle,
  type TransportStatus,
  type Voice,
} from '@switchboard/core';
import { type Observable, Subject, type Subscription } from 'rxjs';
import { pinPhoneAudio } from './phone-audio.js';
import { PlaybackMarks } from './playback-marks.js';
import type { TwilioMediaStream, TwilioStreamMessage } from './twilio-media-stream.js';

/** Options of {@link TwilioTransport}. */
export interface TwilioTransportOptions {
  /** The caller's media stream (from `acceptTwilioStreams()`). */
  readonly stream: TwilioMediaStream;
  /** The realtime side, e.g. `websocketTransport({ dialect: 'ga' })`. */
  readonly realtime: RealtimeTransport;
  /** A voice for the whole call, whatever each agent asks for (agents' voices are kept otherwise). */
  readonly voice?: Voice;
}

/** Caller audio held until the session's first `session.update` has set µ-law (5 s at 50 frames/s). */
const MAX_HELD_FRAMES = 250;

/**
 * A phone call over Twilio Media Streams as a `RealtimeTransport`: the caller's stream bridged to a
 * realtime connection in `audio/pcmu` both ways, so audio is never transcoded.
 *
 * - Every `session.update` (a handoff's too) keeps `audio/pcmu` in and out, and the call's voice
 *   when one is given: no agent can turn the line into static.
 * - The model's audio goes to Twilio as it arrives, each chunk followed by a mark; Twilio echoes a
 *   mark once the audio before it played, which gives the played position.
 * - When the caller speaks over the agent (`speech_started`, with `interrupt_response` on) or the
 *   app interrupts (`output_audio_buffer.clear`, which the session sends because `playback` is
 *   `server`), it sends Twilio `clear` and reports the position of the last echoed mark on
 *   `playbackCut$`, where the session truncates the item; what the model still sends of that item
 *   is not played.
 * - Keys pressed arrive as `input_audio_buffer.dtmf_event_received` events (the API's SIP event),
 *   so `session.dtmf$` works the same over SIP and Twilio.
 * - The caller hanging up (`stop`) ends it with `server_closed` (code 1000, "the caller hung up");
 *   `close()` and `hangup()` end the media stream, which ends the call.
 *
 * @example
 * ```ts
 * import { RealtimeSession, type Swarm } from '@switchboard/core';
 * import { type TwilioMediaStream, TwilioTransport } from '@switchboard/transport-twilio';
 * import { websocketTransport } from '@switchboard/transport-websocket';
 *
 * declare const stream: TwilioMediaStream;
 * declare const swarm: Swarm<{ notes: string[] }>;
 * const transport = new TwilioTransport({ stream, realtime: websocketTransport({ dialect: 'ga' }) });
 * const session = new RealtimeSession({ swarm, transport });
 * await session.connect();
 * ```
 */
export class TwilioTransport implements RealtimeTransport {
  readonly playback = 'server';
  readonly events$: Observable<unknown>;
  readonly status$: Observable<TransportStatus>;
  readonly errors$: Observable<TransportError>;
  readonly playbackCut$: Observable<{ readonly playedMs: number }>;
  readonly #stream: TwilioMediaStream;
  readonly #realtime: RealtimeTransport;
  readonly #voice: Voice | undefined;
  readonly #lifecycle = new TransportLifecycle();
  readonly #cuts = new Subject<{ readonly playedMs: number }>();
  readonly #marks: PlaybackMarks;
  readonly #subscriptions: Subscription[] = [];
  /** Caller frames held until the first `session.update` went out; `undefined` once it did. */
  #held: string[] | undefined = [];
  #interruptsOnSpeech = true;

  constructor(options: TwilioTransportOptions) {
    this.#stream = options.stream;
    this.#realtime = options.realtime;
    this.#voice = options.voice;
    this.events$ = this.#lifecycle.events$;
    this.status$ = this.#lifecycle.status$;
    this.errors$ = this.#lifecycle.errors$;
    this.playbackCut$ = this.#cuts.asObservable();
    this.#marks = new PlaybackMarks(options.stream);
    // Kept after the call ends: a late send is still reported (the realtime side's errors$ stays open).
    this.#realtime.errors$.subscribe((error) => this.#lifecycle.error(error));
    this.#subscriptions.push(
      this.#realtime.events$.subscribe((event) => this.#fromModel(event)),
      this.#realtime.status$.subscribe((status) => this.#follow(status)),
      this.#stream.messages$.subscribe({
        next: (message) => this.#fromCaller(message),
        complete: () =>
          this.#finish({ kind: 'network_error', message: 'the media stream closed without a stop message' }),
      }),
      this.#stream.errors$.subscribe((error) => this.#lifecycle.error(error)),
    );
  }

  /** Waits for the stream's `start`, then opens the realtime connection. */
  async connect(): Promise<void> {
    try {
      await this.#stream.started;
    } catch (error) {
      const reason: CloseReason = { kind: 'network_error', message: (error as Error).message };
      this.#finish(reason);
      throw new TransportConnectError(reason);
    }
    await this.#realtime.connect();
  }

  send(event: ClientEvent): void {
    if (event.type === 'output_audio_buffer.clear') {
      // The app interrupted: the phone's buffer is Twilio's.
      this.#cut();
      return;
    }
    if (event.type === 'session.update') {
      this.#realtime.send(pinPhoneAudio(event, this.#voice, this.#held !== undefined));
      this.#releaseHeld();
      return;
    }
    this.#realtime.send(event);
  }

  /** Ends the call: closes the media stream and the realtime connection. */
  async hangup(): Promise<void> {
    await this.close();
  }

  /** Ends the media stream (with nothing after `<Connect>` in the TwiML, the call ends) and the realtime side. */
  async close(): Promise<void> {
    this.#finish({ kind: 'client' });
    await this.#realtime.close();
  }

  /** The call's status is the realtime side's, until either side ends it. */
  #follow(status: TransportStatus): void {
    if (status.state === 'connecting') this.#lifecycle.connecting(status.attempt);
    else if (status.state === 'open') this.#lifecycle.open();
    else if (status.state === 'reconnecting') this.#lifecycle.reconnecting(status.attempt, status.reason);
    else if (status.state === 'closed') this.#finish(status.reason);
  }

  #fromModel(event: unknown): void {
    if (this.#lifecycle.closed) return;
    const typed = event as { type?: unknown };
    switch (typed.type) {
      case 'response.output_audio.delta': {
        const { item_id, delta } = event as { item_id: string; delta: string };
        this.#marks.play(item_id, delta);
        break;
      }
      case 'input_audio_buffer.speech_started':
        if (this.#interruptsOnSpeech) this.#cut();
        break;
      case 'session.created':
      case 'session.updated': {
        const detection = (event as { session?: { audio?: { input?: { turn_detection?: unknown } } } })
          .session?.audio?.input?.turn_detection as { interrupt_response?: boolean } | null | undefined;
        if (detection !== undefined)
          this.#interruptsOnSpeech = detection !== null && detection.interrupt_response !== false;
        break;
      }
    }
    this.#lifecycle.emit(event);
  }

  #fromCaller(message: TwilioStreamMessage): void {
    switch (message.event) {
      case 'media':
        if (message.media.track !== 'inbound') return;
        if (this.#held) {
          this.#held.push(message.media.payload);
          if (this.#held.length > MAX_HELD_FRAMES) this.#held.shift();
        } else this.#realtime.send({ type: 'input_audio_buffer.append', audio: message.media.payload });
        return;
      case 'mark':
        this.#marks.echoed(message.mark.name);
        return;
      case 'dtmf':
        this.#lifecycle.emit({
          type: 'input_audio_buffer.dtmf_event_received',
          event: message.dtmf.digit,
          received_at: Math.floor(Date.now() / 1000),
        });
        return;
      case 'stop':
        this.#finish({ kind: 'server_closed', code: 1000, reason: 'the caller hung up' });
        this.#closeRealtime();
        return;
    }
  }

  #releaseHeld(): void {
    const held = this.#held;
    if (!held) return;
    this.#held = undefined;
    for (const audio of held) this.#realtime.send({ type: 'input_audio_buffer.append', audio });
  }

  #cut(): void {
    const playedMs = this.#marks.cut();
    if (playedMs !== undefined) this.#cuts.next({ playedMs });
  }

  /** Ends the call once (see `TransportLifecycle.finish`): the media stream, then the realtime side. */
  #finish(reason: CloseReason): void {
    if (!this.#lifecycle.finish(reason)) return;
    this.#stream.close(1000, reason.kind === 'client' ? 'call ended' : 'session ended');
    for (const subscription of this.#subscriptions) subscription.unsubscribe();
    this.#cuts.complete();
    if (reason.kind !== 'client') this.#closeRealtime();
  }

  /** Closes the realtime side; a close that fails is reported, never left unhandled. */
  #closeRealtime(): void {
    this.#realtime
      .close()
      .catch((error: unknown) => this.#lifecycle.error(new TransportCloseError('close', error)));
  }
}

import {
  type DialectName,
  decodeJson,
  GA_ONLY_SERVER_EVENT_TYPES,
  getDialect,
  isRecord,
  type ServerEvent,
} from '@switchboard/core/protocol';
import type { MediaStreamTrack, RTCDataChannel, RTCPeerConnection } from 'werift';
import type { WebSocket } from 'ws';
import { pcmToWire, wireFormatOf, wireToPcm } from '../audio/formats.js';
import { PAUSE_OUTPUT_ABOVE_BYTES, RESUME_OUTPUT_BELOW_BYTES, SocketFlow } from '../server/socket-flow.js';
import { newId } from '../session/ids.js';
import { OutputAudioPlayer } from './audio-out.js';
import type { CallSession } from './call-session.js';
import { OpusDecoder } from './opus.js';
import type { AnsweredPeer } from './peer.js';

/** Options of {@link RtcCall}. */
export interface RtcCallOptions {
  /** The call id (`rtc_…`), for `Location`, `?call_id=` and hang-up. */
  readonly id: string;
  /** The data channel's dialect (`beta` for calls made through the beta SDP route). Sideband sockets speak GA. */
  readonly dialect: DialectName;
  /**
   * Makes the session; `emit` carries its server events to the call, `outputReady` is the call's
   * backpressure (its data channel and sideband sockets), for the session's responses to wait on.
   */
  readonly createSession: (
    emit: (event: ServerEvent) => void,
    outputReady: () => Promise<void> | undefined,
  ) => CallSession;
  /** Called once, when the call is over. */
  readonly onClosed: (call: RtcCall) => void;
  readonly log?: (line: string) => void;
  /** How long the browser has to open the data channel (default 30 s). */
  readonly setupTimeoutMs?: number;
}

/** Events queued for a data channel that is not open yet. */
const MAX_QUEUED_EVENTS = 2000;

/**
 * One WebRTC call of the local server: a werift peer bound to a session. Client events come over the
 * `oai-events` data channel (and `?call_id=` sideband sockets); server events go back to all of them,
 * except the audio: the microphone's Opus track is decoded into `input_audio_buffer.append`s (so
 * server VAD hears it), and the model's audio leaves as an Opus track, with
 * `output_audio_buffer.started` / `stopped` / `cleared` saying what played.
 */
export class RtcCall {
  readonly id: string;
  readonly #peer: RTCPeerConnection;
  readonly #options: RtcCallOptions;
  readonly #session: CallSession;
  readonly #player: OutputAudioPlayer;
  /** Made when the first microphone packet arrives: a call that never sends audio needs none. */
  #decoder: OpusDecoder | undefined;
  readonly #sidebands = new Map<WebSocket, SocketFlow>();
  readonly #setupTimer: ReturnType<typeof setTimeout>;
  #channel: RTCDataChannel | undefined;
  #queued: string[] = [];
  #closed = false;

  constructor(answered: AnsweredPeer, options: RtcCallOptions) {
    this.id = options.id;
    this.#peer = answered.peer;
    this.#options = options;
    this.#player = new OutputAudioPlayer((packet) => answered.output.writeRtp(packet), {
      started: (responseId) =>
        this.#emit({
          type: 'output_audio_buffer.started',
          event_id: newId('event'),
          response_id: responseId,
        }),
      stopped: (responseId) =>
        this.#emit({
          type: 'output_audio_buffer.stopped',
          event_id: newId('event'),
          response_id: responseId,
        }),
    });
    this.#session = options.createSession(
      (event) => this.#fromSession(event),
      () => this.#outputReady(),
    );
    this.#peer.onDataChannel.subscribe((channel) => this.#bindChannel(channel));
    this.#peer.connectionStateChange.subscribe((state) => {
      if (state === 'connected') this.#player.start();
      if (state === 'failed' || state === 'closed') this.close(`peer connection ${state}`);
    });
    const listen = (track: MediaStreamTrack) =>
      track.onReceiveRtp.subscribe((rtp) => this.#audioIn(rtp.payload));
    for (const track of answered.input) listen(track);
    answered.transceiver.onTrack.subscribe((track) => {
      if (!answered.input.includes(track)) listen(track);
    });
    this.#setupTimer = setTimeout(() => {
      if (!this.#channel) this.close('the data channel did not open in time');
    }, options.setupTimeoutMs ?? 30_000);
    this.#setupTimer.unref?.();
    // The API creates the session with the call; its first events wait for the data channel.
    this.#session.start();
  }

  /** Whether the call is over. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Sideband sockets attached now. */
  get sidebands(): number {
    return this.#sidebands.size;
  }

  /** Attaches a server's `?call_id=` socket: it sees every later server event and may send client events (GA). */
  attachSideband(socket: WebSocket): void {
    if (this.#closed) {
      socket.close(1000, 'call ended');
      return;
    }
    const flow = new SocketFlow(socket, (text) => this.#clientEvent(decodeJson(text), 'ga'));
    this.#sidebands.set(socket, flow);
    socket.on('close', () => this.#sidebands.delete(socket));
    socket.on('error', () => {});
  }

  /** Ends the call: peer, data channel, sideband sockets, session. Idempotent. */
  close(reason = 'hung up'): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#setupTimer);
    this.#options.log?.(`${this.id} closed (${reason})`);
    this.#session.close();
    this.#player.dispose();
    this.#decoder?.dispose();
    for (const socket of this.#sidebands.keys()) socket.close(1000, 'call ended');
    this.#sidebands.clear();
    this.#peer.close().catch(() => {});
    this.#options.onClosed(this);
  }

  #bindChannel(channel: RTCDataChannel): void {
    if (channel.label !== 'oai-events' || this.#channel) return;
    this.#channel = channel;
    clearTimeout(this.#setupTimer);
    channel.onMessage.subscribe((data) => {
      this.#clientEvent(
        decodeJson(typeof data === 'string' ? data : data.toString('utf8')),
        this.#options.dialect,
      );
    });
    channel.stateChanged.subscribe((state) => {
      if (state === 'open') this.#flush();
      if (state === 'closed') this.close('the data channel closed');
    });
    if (channel.readyState === 'open') this.#flush();
  }

  #flush(): void {
    const channel = this.#channel;
    if (channel?.readyState !== 'open') return;
    for (const text of this.#queued) channel.send(text);
    this.#queued = [];
  }

  #clientEvent(decoded: unknown, dialect: DialectName): void {
    if (this.#closed) return;
    const isObject = isRecord(decoded);
    const event = isObject ? getDialect(dialect).clientEventToCanonical(decoded) : decoded;
    const type = isObject ? (event as { type?: unknown }).type : undefined;
    if (this.#options.log && type !== 'input_audio_buffer.append')
      this.#options.log(`${this.id} → ${String(type)}`);
    this.#session.handle(event);
    if (type === 'output_audio_buffer.clear') {
      // The API answers a clear with `cleared` for the response that was cut (or heard last).
      const cut = this.#player.clear() ?? this.#player.lastResponse;
      if (cut)
        this.#emit({ type: 'output_audio_buffer.cleared', event_id: newId('event'), response_id: cut });
    }
  }

  #fromSession(event: ServerEvent): void {
    switch (event.type) {
      case 'response.output_audio.delta': {
        // Over WebRTC the audio goes out on the track, not as events.
        const format = wireFormatOf(this.#session.session.audio?.output?.format);
        this.#player.push(event.response_id, wireToPcm(Buffer.from(event.delta, 'base64'), format));
        return;
      }
      case 'response.done':
        this.#emit(event);
        if (event.response.id) this.#player.finish(event.response.id);
        return;
      case 'input_audio_buffer.speech_started': {
        this.#emit(event);
        const interrupts = this.#session.session.audio?.input?.turn_detection?.interrupt_response !== false;
        const cut = interrupts ? this.#player.clear() : undefined;
        if (cut)
          this.#emit({ type: 'output_audio_buffer.cleared', event_id: newId('event'), response_id: cut });
        return;
      }
      default:
        this.#emit(event);
    }
  }

  #emit(event: ServerEvent): void {
    if (this.#closed) return;
    if (this.#options.log && !event.type.endsWith('.delta')) this.#options.log(`${this.id} ← ${event.type}`);
    const dialect = this.#options.dialect;
    if (dialect === 'ga' || !GA_ONLY_SERVER_EVENT_TYPES.has(event.type)) {
      const wire = dialect === 'ga' ? event : getDialect(dialect).serverEventFromCanonical(event);
      const text = JSON.stringify(wire);
      if (this.#channel?.readyState === 'open') this.#channel.send(text);
      else if (this.#queued.length < MAX_QUEUED_EVENTS) this.#queued.push(text);
    }
    if (this.#sidebands.size > 0) {
      const text = JSON.stringify(event);
      for (const flow of this.#sidebands.values()) flow.send(text);
    }
  }

  /** Waits while the data channel or a sideband socket has too much unsent output. */
  #outputReady(): Promise<void> | undefined {
    const waits = [...this.#sidebands.values()].map((flow) => flow.ready());
    const channel = this.#channel;
    if (channel?.readyState === 'open' && channel.bufferedAmount > PAUSE_OUTPUT_ABOVE_BYTES) {
      waits.push(drained(channel));
    }
    const pending = waits.filter((wait) => wait !== undefined);
    return pending.length === 0 ? undefined : Promise.all(pending).then(() => {});
  }

  #audioIn(payload: Buffer): void {
    if (this.#closed || !this.#channel) return;
    this.#decoder ??= new OpusDecoder();
    const pcm = this.#decoder.decode(payload);
    if (pcm.length === 0) return;
    const format = wireFormatOf(this.#session.session.audio?.input?.format);
    const audio = Buffer.from(pcmToWire(pcm, format)).toString('base64');
    this.#session.handle({ type: 'input_audio_buffer.append', audio });
  }
}

/** Resolves once the channel's unsent bytes fall to the resume mark, or it closes. */
function drained(channel: RTCDataChannel): Promise<void> {
  channel.bufferedAmountLowThreshold = RESUME_OUTPUT_BELOW_BYTES;
  return new Promise((resolve) => {
    const low = channel.bufferedAmountLow.subscribe(() => done());
    const state = channel.stateChanged.subscribe((next) => {
      if (next === 'closing' || next === 'closed') done();
    });
    function done() {
      low.unSubscribe();
      state.unSubscribe();
      resolve();
    }
  });
}

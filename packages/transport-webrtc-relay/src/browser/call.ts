import type { HangupCode, RelayMode, ServerToBrowser } from '../relay-protocol.js';
import { RealtimeCallError } from './errors.js';
import { Listeners } from './listeners.js';
import { channelOpen, type Microphone, openMicrophone, postOffer } from './media.js';
import { Signalling } from './signalling.js';
import type {
  ConnectRealtimeCallOptions,
  RealtimeCallEnd,
  RealtimeCallEvents,
  RealtimeCallState,
  RealtimeServerEventData,
} from './types.js';

const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * A live call: microphone and speaker in the page, agents and tools on the server. Made by
 * `connectRealtimeCall()`. Ending it in any way (hang-up, server, failure) stops the microphone
 * it opened, closes the data channel, the peer connection and the relay socket.
 */
export class RealtimeCall {
  /** The peer connection (for `getStats()` and the like). */
  readonly peerConnection: RTCPeerConnection;
  /** Resolves once the call is over, however it ended. */
  readonly closed: Promise<RealtimeCallEnd>;
  readonly #listeners = new Listeners<RealtimeCallEvents>();
  readonly #signalling: Signalling;
  readonly #channel: RTCDataChannel;
  readonly #audio: HTMLAudioElement;
  readonly #ownsAudio: boolean;
  readonly #timeoutMs: number;
  readonly #queued: Record<string, unknown>[] = [];
  #microphone: Microphone | undefined;
  #mode: RelayMode | undefined;
  #state: RealtimeCallState = 'connecting';
  #muted = false;
  #forwardedId = 0;
  #resolveClosed: (end: RealtimeCallEnd) => void = () => {};

  /** @internal use `connectRealtimeCall()`. */
  constructor(options: ConnectRealtimeCallOptions) {
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.closed = new Promise((resolve) => {
      this.#resolveClosed = resolve;
    });
    this.#ownsAudio = options.audioElement === undefined;
    this.#audio = options.audioElement ?? new Audio();
    this.#audio.autoplay = true;
    this.peerConnection = new RTCPeerConnection();
    this.#channel = this.peerConnection.createDataChannel('oai-events');
    this.peerConnection.addEventListener('track', (event) => {
      this.#audio.srcObject = event.streams[0] ?? new MediaStream([event.track]);
    });
    this.peerConnection.addEventListener('connectionstatechange', () => {
      if (this.#state === 'connected' && this.peerConnection.connectionState === 'failed') {
        this.#end(
          'error',
          'the peer connection failed',
          new RealtimeCallError('peer_failed', 'the peer connection failed'),
        );
      }
    });
    this.#channel.addEventListener('message', (event) => this.#fromChannel(event.data));
    this.#channel.addEventListener('close', () => {
      if (this.#state === 'connected') this.#end('server', 'the data channel closed');
    });
    this.#signalling = new Signalling(options.url, options.token);
    this.#signalling.onMessage = (message) => this.#fromServer(message);
    this.#signalling.onClose = (code, reason) => {
      const error = new RealtimeCallError(
        'socket_closed',
        `the relay socket closed (${code}${reason ? `: ${reason}` : ''})`,
      );
      this.#end('error', error.message, error);
    };
  }

  /** `relay` or `sideband`, as the server decided (known once connected). */
  get mode(): RelayMode | undefined {
    return this.#mode;
  }

  get state(): RealtimeCallState {
    return this.#state;
  }

  /** Whether the microphone is muted. */
  get muted(): boolean {
    return this.#muted;
  }

  /** Listens to call events; returns a function that stops listening. */
  on<K extends keyof RealtimeCallEvents>(
    type: K,
    listener: (value: RealtimeCallEvents[K]) => void,
  ): () => void {
    return this.#listeners.on(type, listener);
  }

  /** Stops sending microphone audio (the track stays, so unmuting is instant). */
  mute(): void {
    this.#muted = true;
    if (this.#microphone) this.#microphone.track.enabled = false;
  }

  /** Sends microphone audio again. */
  unmute(): void {
    this.#muted = false;
    if (this.#microphone && this.#state === 'connected') this.#microphone.track.enabled = true;
  }

  /** Ends the call and releases everything; resolves when done. */
  hangUp(): Promise<RealtimeCallEnd> {
    this.#signalling.send({ type: 'hangup' });
    this.#end('local', 'hung up');
    return this.closed;
  }

  /** @internal Runs the setup; rejects (after cleaning up) with a {@link RealtimeCallError}. */
  async start(mediaStream: MediaStream | undefined): Promise<void> {
    try {
      // Listen for the bootstrap before asking for the microphone: the prompt may take a while.
      const bootstrapped = this.#signalling.next('bootstrap', this.#timeoutMs);
      bootstrapped.catch(() => {});
      const microphone = await openMicrophone(mediaStream).catch((error: unknown) => {
        if (error instanceof RealtimeCallError) {
          this.#signalling.send({ type: 'failed', code: 'microphone_denied', message: error.message });
        }
        throw error;
      });
      this.#microphone = microphone;
      if (this.#state !== 'connecting')
        throw new RealtimeCallError('socket_closed', 'the call ended during setup');
      const bootstrap = await bootstrapped;
      this.#mode = bootstrap.mode;
      // The microphone stays off until the session's first events are on the data channel.
      microphone.track.enabled = false;
      this.peerConnection.addTrack(microphone.track, microphone.stream);
      const offer = await this.peerConnection.createOffer();
      await this.peerConnection.setLocalDescription(offer);
      const answer = await this.#exchange(bootstrap, offer.sdp ?? '');
      await this.peerConnection
        .setRemoteDescription({ type: 'answer', sdp: answer })
        .catch((error: unknown) => {
          throw new RealtimeCallError('sdp_failed', `the answer could not be applied: ${String(error)}`, {
            cause: error,
          });
        });
      await channelOpen(this.peerConnection, this.#channel, this.#timeoutMs);
      if (bootstrap.mode === 'relay')
        for (const event of bootstrap.events) this.#channel.send(JSON.stringify(event));
      for (const event of this.#queued.splice(0)) this.#channel.send(JSON.stringify(event));
      if (this.#state !== 'connecting')
        throw new RealtimeCallError('socket_closed', 'the call ended during setup');
      this.#state = 'connected';
      microphone.track.enabled = !this.#muted;
      this.#signalling.send({ type: 'ready' });
      this.#listeners.emit('state', 'connected');
    } catch (error) {
      const failure =
        error instanceof RealtimeCallError
          ? error
          : new RealtimeCallError('peer_failed', String(error), { cause: error });
      if (failure.code === 'sdp_failed' || failure.code === 'peer_failed' || failure.code === 'timeout') {
        this.#signalling.send({ type: 'failed', code: failure.code, message: failure.message });
      }
      this.#end('error', failure.message, failure);
      // The call may have ended while the microphone was being opened: release it too.
      this.#stopMicrophone();
      throw failure;
    }
  }

  /** Gets the answer: from the realtime endpoint (relay, with the client secret) or from the server (sideband). */
  async #exchange(bootstrap: Extract<ServerToBrowser, { type: 'bootstrap' }>, sdp: string): Promise<string> {
    if (bootstrap.mode === 'sideband') {
      this.#signalling.send({ type: 'offer', sdp });
      const answer = await this.#signalling.next('answer', this.#timeoutMs).catch((error: unknown) => {
        throw new RealtimeCallError('sdp_failed', `the server did not answer the offer: ${String(error)}`, {
          cause: error,
        });
      });
      return answer.sdp;
    }
    let target = bootstrap.call;
    for (let attempt = 0; ; attempt++) {
      const answer = await postOffer(target.url, target.clientSecret, sdp);
      if (answer !== 'expired') return answer;
      if (attempt > 0)
        throw new RealtimeCallError('sdp_failed', 'the realtime endpoint refused the client secret');
      // The secret expired before the offer went out (a slow page): ask for a fresh one, once.
      this.#signalling.send({ type: 'refresh_secret' });
      target = (await this.#signalling.next('secret', this.#timeoutMs)).call;
    }
  }

  #fromServer(message: ServerToBrowser): void {
    switch (message.type) {
      case 'client_event':
        if (this.#channel.readyState === 'open' && this.#state === 'connected')
          this.#channel.send(JSON.stringify(message.event));
        else this.#queued.push(message.event);
        return;
      case 'app':
        this.#listeners.emit('app', message.payload);
        return;
      case 'notice':
        this.#listeners.emit(
          'error',
          new RealtimeCallError('refused', `${message.code}: ${message.message}`),
        );
        return;
      case 'hangup':
        this.#end('server', message.reason, undefined, message.code);
        return;
      default:
        return;
    }
  }

  #fromChannel(data: unknown): void {
    if (typeof data !== 'string') return;
    if (this.#mode === 'relay') {
      this.#forwardedId += 1;
      this.#signalling.send({ type: 'server_event', id: this.#forwardedId, event: data });
    }
    let event: unknown;
    try {
      event = JSON.parse(data);
    } catch {
      return;
    }
    if (
      typeof event === 'object' &&
      event !== null &&
      typeof (event as { type?: unknown }).type === 'string'
    ) {
      this.#listeners.emit('event', event as RealtimeServerEventData);
    }
  }

  #stopMicrophone(): void {
    if (this.#microphone?.owned) for (const track of this.#microphone.stream.getTracks()) track.stop();
  }

  #end(by: RealtimeCallEnd['by'], reason: string, error?: RealtimeCallError, code?: HangupCode): void {
    if (this.#state === 'closed') return;
    const wasConnected = this.#state === 'connected';
    this.#state = 'closed';
    this.#stopMicrophone();
    this.#channel.close();
    this.peerConnection.close();
    this.#signalling.close(1000, by === 'local' ? 'hung up' : 'call ended');
    this.#audio.srcObject = null;
    if (this.#ownsAudio) this.#audio.remove();
    const end: RealtimeCallEnd = { by, reason, ...(error ? { error } : {}), ...(code ? { code } : {}) };
    if (error && wasConnected) this.#listeners.emit('error', error);
    this.#listeners.emit('state', 'closed');
    this.#listeners.emit('close', end);
    this.#listeners.clear();
    this.#resolveClosed(end);
  }
}

import { decodeJson, type ServerEvent } from '@switchboard/core/protocol';
import type { WebSocket } from 'ws';
import type { CallerCaptions } from '../audio/caller-captions.js';
import { pcmToWire, wireFormatOf, wireToPcm } from '../audio/formats.js';
import { type PhoneAudio, PhoneLinePlayer } from '../audio/phone-line.js';
import { httpError } from '../server/auth.js';
import type { CallSession } from '../webrtc/call-session.js';
import { type AgentTurnWatch, agentTurnWatch } from './agent-turns.js';
import type { SipCallRecord, SipCallStatus } from './record.js';

/** What a SIP call needs from the server. */
export interface SipCallHost {
  /** Makes the session the call is accepted with (`layers`: the accept body's session). */
  createSession(
    model: string | undefined,
    layers: readonly Readonly<Record<string, unknown>>[],
    emit: (event: ServerEvent) => void,
  ): CallSession;
  readonly captions: CallerCaptions;
  readonly log?: (line: string) => void;
  /** Called once, when the call is over. */
  closed(call: SipCall): void;
}

/** Events held for a control socket that has not attached yet. */
const MAX_QUEUED_EVENTS = 2000;

/**
 * One incoming SIP call of the simulated carrier: `ringing` until the app accepts or rejects it
 * (`POST /v1/realtime/calls/{id}/accept|reject`), then a session the app drives over `?call_id=`
 * sockets, with the caller's audio played into it in real time. Everything that happens is written
 * to {@link record}: the accept config, a reject's SIP status, a refer's target, who hung up, what
 * the agent said (transcript and 24 kHz PCM) and the keys pressed.
 */
export class SipCall {
  readonly record: SipCallRecord;
  readonly #host: SipCallHost;
  readonly #sockets = new Set<WebSocket>();
  readonly #settled: Promise<SipCallRecord>;
  #resolveSettled: (record: SipCallRecord) => void = () => {};
  #ended: Promise<SipCallRecord>;
  #resolveEnded: (record: SipCallRecord) => void = () => {};
  #session: CallSession | undefined;
  #line: PhoneLinePlayer | undefined;
  #turns: AgentTurnWatch | undefined;
  #queued: string[] = [];

  constructor(record: SipCallRecord, host: SipCallHost) {
    this.record = record;
    this.#host = host;
    this.#settled = new Promise((resolve) => {
      this.#resolveSettled = resolve;
    });
    this.#ended = new Promise((resolve) => {
      this.#resolveEnded = resolve;
    });
  }

  get id(): string {
    return this.record.callId;
  }

  /** Ringing or accepted. */
  get live(): boolean {
    return this.record.status === 'ringing' || this.record.status === 'accepted';
  }

  /** Resolves once the app accepted or rejected the call (or it went unanswered). */
  get answered(): Promise<SipCallRecord> {
    return this.#settled;
  }

  /** Resolves when the call is over. */
  get ended(): Promise<SipCallRecord> {
    return this.#ended;
  }

  /** The app's `accept` with its session config. Throws the API's error for a call in another state. */
  accept(session: Readonly<Record<string, unknown>>): void {
    this.#expect('ringing', 'accept');
    const { model, ...layer } = session;
    this.record.acceptedWith = session;
    this.#setStatus('accepted');
    this.#resolveSettled(this.record);
    this.#session = this.#host.createSession(
      typeof model === 'string' ? model : undefined,
      [layer],
      (event) => this.#fromSession(event),
    );
    this.#turns = agentTurnWatch();
    this.#session.start();
    this.#line = new PhoneLinePlayer((frame) => this.#audioIn(frame));
    this.#line.start();
    this.#host.log?.(`${this.id} accepted`);
  }

  /** The app's `reject` with a SIP status (default 603 Decline). */
  reject(statusCode: number): void {
    this.#expect('ringing', 'reject');
    this.record.rejectedWith = statusCode;
    this.#end('rejected', 'app');
  }

  /** The app's `refer`: the call leaves for `targetUri`. */
  refer(targetUri: string): void {
    this.#expect('accepted', 'refer');
    this.record.referredTo = targetUri;
    this.#end('transferred', 'transfer');
  }

  /** The app's `hangup`. */
  hangUp(by: 'app' | 'caller' | 'server'): void {
    if (by === 'app') this.#expect('accepted', 'hang up');
    if (this.record.status === 'ringing') this.#end('unanswered', by);
    else if (this.record.status === 'accepted') this.#end('ended', by);
  }

  /** A `?call_id=` control socket: it sees the session's events and drives it. */
  attach(socket: WebSocket): void {
    if (this.record.status !== 'accepted') {
      socket.close(1000, 'call ended');
      return;
    }
    this.#sockets.add(socket);
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : String(data);
      this.#session?.handle(decodeJson(text));
    });
    socket.on('close', () => this.#sockets.delete(socket));
    socket.on('error', () => {});
    for (const text of this.#queued) socket.send(text);
    this.#queued = [];
  }

  /** The caller says a line; resolves when it was played. Registers its text as a caption. */
  async say(audio: PhoneAudio): Promise<void> {
    const line = this.#line;
    const session = this.#session;
    if (!line || !session || this.record.status !== 'accepted') return;
    if (audio.text !== undefined) {
      this.#host.captions.register(audio.text, audio.ulaw);
      this.record.callerSaid.push(audio.text);
    }
    this.#turns?.callerSpoke();
    await line.say(audio.ulaw);
  }

  /** The caller presses keys: one `input_audio_buffer.dtmf_event_received` each. */
  press(digits: string): void {
    for (const digit of digits) {
      if (this.record.status !== 'accepted') return;
      this.record.dtmf.push(digit);
      this.#emit({
        type: 'input_audio_buffer.dtmf_event_received',
        event: digit,
        received_at: Math.floor(Date.now() / 1000),
      });
    }
  }

  /** Resolves when the agent has answered the caller's last line and gone quiet (or the call ended). */
  agentDone(options: { readonly quietMs?: number; readonly timeoutMs?: number } = {}): Promise<void> {
    return Promise.race([this.#turns?.done(options) ?? Promise.resolve(), this.#ended.then(() => {})]);
  }

  #expect(status: SipCallStatus, action: string): void {
    const current = this.record.status;
    if (current === status) return;
    if (current === 'accepted')
      throw httpError(400, `Call '${this.id}' was already accepted.`, 'call_already_accepted', 'call_id');
    if (current === 'ringing')
      throw httpError(
        400,
        `Cannot ${action} call '${this.id}': it has not been accepted.`,
        'call_not_accepted',
        'call_id',
      );
    throw httpError(400, `Call '${this.id}' has ended (${current}).`, 'call_ended', 'call_id');
  }

  #setStatus(status: SipCallStatus): void {
    this.record.status = status;
  }

  #end(status: SipCallStatus, by: NonNullable<SipCallRecord['endedBy']>): void {
    this.#setStatus(status);
    this.record.endedBy = by;
    this.#line?.stop();
    this.#session?.close();
    for (const socket of this.#sockets) socket.close(1000, endReason(status, by));
    this.#sockets.clear();
    this.#host.log?.(`${this.id} ${status} (by ${by})`);
    this.#resolveSettled(this.record);
    this.#resolveEnded(this.record);
    this.#host.closed(this);
  }

  #audioIn(ulaw: Uint8Array): void {
    const session = this.#session;
    if (!session) return;
    const format = wireFormatOf(session.session.audio?.input?.format);
    const audio = Buffer.from(pcmToWire(wireToPcm(ulaw, 'audio/pcmu'), format)).toString('base64');
    session.handle({ type: 'input_audio_buffer.append', audio });
  }

  #fromSession(event: ServerEvent): void {
    this.#turns?.observe(event);
    if (event.type === 'response.output_audio.delta') {
      const format = wireFormatOf(this.#session?.session.audio?.output?.format);
      this.#agentAudio(event.item_id).push(wireToPcm(Buffer.from(event.delta, 'base64'), format));
    } else if (event.type === 'response.output_audio_transcript.done') {
      this.#agentLine(event.item_id).transcript = event.transcript;
    }
    this.#emit(event);
  }

  #agentLine(itemId: string) {
    let line = this.record.agentSaid.find((said) => said.itemId === itemId);
    if (!line) {
      line = { itemId, transcript: '', audio: [] };
      this.record.agentSaid.push(line);
    }
    return line;
  }

  #agentAudio(itemId: string): Int16Array[] {
    return this.#agentLine(itemId).audio;
  }

  #emit(event: ServerEvent): void {
    if (this.record.status !== 'accepted') return;
    const text = JSON.stringify(event);
    if (this.#sockets.size === 0) {
      if (this.#queued.length < MAX_QUEUED_EVENTS) this.#queued.push(text);
      return;
    }
    for (const socket of this.#sockets) if (socket.readyState === socket.OPEN) socket.send(text);
  }
}

function endReason(status: SipCallStatus, by: string): string {
  if (status === 'transferred') return 'the call was transferred';
  return by === 'caller' ? 'the caller hung up' : 'call ended';
}

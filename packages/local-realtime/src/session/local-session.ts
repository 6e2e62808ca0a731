import {
  type ClientEvent,
  type ClientEventOf,
  isRecord,
  type ServerEvent,
  type SessionConfig,
} from '@switchboard/core/protocol';
import type { CallerCaptions } from '../audio/caller-captions.js';
import { AudioInput, type Transcriber } from './audio-input.js';
import { checkResponseFields, checkSessionFields } from './config-checks.js';
import { ClientEventError, type RealtimeErrorBody } from './errors.js';
import { newId } from './ids.js';
import { createItem, deleteItem, retrieveItem, truncateItem } from './item-handlers.js';
import { ItemsStore } from './items-store.js';
import { type ResolvedSessionLimits, resolveSessionLimits, type SessionLimits } from './limits.js';
import { planResponse } from './response-plan.js';
import {
  type PlannedFailure,
  type ResponseDeps,
  type ResponseHost,
  ResponseRunner,
} from './response-runner.js';
import { defaultSessionConfig, mergeSessionUpdate, voiceOf } from './session-config.js';
import { validateClientEvent } from './validation.js';

/** Options of one {@link LocalSession}. */
export interface LocalSessionOptions extends ResponseDeps {
  /** The model named in the connection URL. */
  readonly model: string;
  /**
   * Session settings applied over the API's defaults before `session.created`, layer by layer with the
   * `session.update` rules (server options first, then a client secret's session).
   */
  readonly sessionLayers?: readonly Readonly<Record<string, unknown>>[];
  readonly transcriber?: Transcriber;
  /** Texts of simulated callers' lines (see {@link CallerCaptions}). */
  readonly captions?: CallerCaptions;
  /** `websocket` refuses `output_audio_buffer.clear` (WebRTC/SIP only), as the API does. */
  readonly transport?: 'websocket' | 'webrtc';
  /** How long the session lives, for `expires_at` (default one hour). */
  readonly maxDurationSeconds?: number;
  /** Caps on the input buffer and on responses in progress (see {@link SessionLimits} for the defaults). */
  readonly limits?: SessionLimits;
}

/** Limits shown in `rate_limits.updated` (generous, fixed: nothing is actually limited). */
const RATE_LIMITS = { requests: 5000, tokens: 400_000 };

/**
 * One realtime session: the state machine behind a connection. It takes client events (decoded
 * JSON, canonical GA form) and emits server events through `emit`; it knows nothing of sockets, so a
 * WebSocket or a WebRTC data channel can drive it alike.
 *
 * @example
 * ```ts
 * import { decodeJson } from '@switchboard/core/protocol';
 * import { LocalSession, type LocalSessionOptions } from '@switchboard/local-realtime';
 * import type { WebSocket } from 'ws';
 *
 * declare const options: LocalSessionOptions;
 * declare const socket: WebSocket;
 * const session = new LocalSession(options, (event) => socket.send(JSON.stringify(event)));
 * session.start(); // session.created
 * socket.on('message', (data) => session.handle(decodeJson(String(data))));
 * ```
 */
export class LocalSession {
  readonly store = new ItemsStore();
  readonly id = newId('sess');
  readonly #conversationId = newId('conv');
  #config: SessionConfig;
  readonly #audio: AudioInput;
  readonly #responses = new Set<ResponseRunner>();
  readonly #limits: ResolvedSessionLimits;
  #voiceLocked = false;
  #tokensUsed = 0;
  #closed = false;
  /** Responses made to fail (fault injection): each counts down the responses still to start. */
  readonly #failures: { remaining: number; readonly failure: PlannedFailure }[] = [];

  readonly #options: LocalSessionOptions;
  readonly #emit: (event: ServerEvent) => void;

  constructor(options: LocalSessionOptions, emit: (event: ServerEvent) => void) {
    this.#options = options;
    this.#emit = emit;
    this.#limits = resolveSessionLimits(options.limits);
    let base = defaultSessionConfig(options.model);
    for (const layer of options.sessionLayers ?? []) base = mergeSessionUpdate(base, { ...layer });
    const expires = Math.floor(Date.now() / 1000) + (options.maxDurationSeconds ?? 3600);
    this.#config = {
      ...base,
      id: this.id,
      object: 'realtime.session',
      model: options.model,
      expires_at: expires,
    };
    this.#audio = new AudioInput({
      store: this.store,
      emit: (event) => this.#send(event),
      session: () => this.#config,
      maxBufferMs: this.#limits.inputAudioBufferMs,
      interrupt: () => this.#defaultResponse()?.cancel('turn_detected'),
      autoRespond: () => {
        if (this.#closed || this.#defaultResponse()) return;
        try {
          this.#startResponse(undefined);
        } catch (error) {
          // No client event caused it, so no event_id; the session goes on.
          this.#sendError(
            error instanceof ClientEventError
              ? error.toBody(undefined)
              : { type: 'server_error', code: null, message: String(error), param: null, event_id: null },
          );
        }
      },
      transcriber: options.transcriber,
      captions: options.captions,
    });
  }

  /** The effective session configuration. */
  get session(): SessionConfig {
    return this.#config;
  }

  /** Sends `session.created`; call once the transport is ready. */
  start(): void {
    this.#send({ type: 'session.created', event_id: newId('event'), session: this.#config });
  }

  /**
   * Handles one client event: a decoded JSON value, or the raw text when it was not JSON (answered
   * with an `invalid_json` error). Never throws: every problem becomes an `error` event.
   */
  handle(value: unknown): void {
    if (this.#closed) return;
    const eventId = isRecord(value) && typeof value.event_id === 'string' ? value.event_id : undefined;
    try {
      this.#dispatch(validateClientEvent(value));
    } catch (error) {
      if (error instanceof ClientEventError) this.#sendError(error.toBody(eventId));
      else {
        this.#sendError({
          type: 'server_error',
          code: null,
          message: `The server had an error while processing your request: ${String(error)}`,
          param: null,
          event_id: eventId ?? null,
        });
      }
    }
  }

  /**
   * Makes the `nth` response created from now on (1: the next) end `failed` with `failure.error`
   * after `failure.afterItems` output items, as a model failure would (fault injection).
   */
  failResponse(nth: number, failure: PlannedFailure): void {
    this.#failures.push({ remaining: nth, failure });
  }

  /**
   * Ends the session as the API does at its maximum duration: an `error` event with code
   * `session_expired` and `message`, then nothing more (the caller closes the connection).
   */
  expire(message: string): void {
    this.#sendError({
      type: 'invalid_request_error',
      code: 'session_expired',
      message,
      param: null,
      event_id: null,
    });
    this.close();
  }

  /** Sends an `error` event no client event caused (fault injection); the session goes on. */
  injectError(error: RealtimeErrorBody): void {
    this.#sendError(error);
  }

  /** Stops every response without further events (the connection is gone). */
  close(): void {
    this.#closed = true;
    for (const runner of this.#responses) runner.dispose();
    this.#responses.clear();
  }

  #dispatch(event: ClientEvent): void {
    switch (event.type) {
      case 'session.update':
        this.#updateSession(event);
        break;
      case 'input_audio_buffer.append':
        this.#audio.append(event.audio);
        break;
      case 'input_audio_buffer.commit':
        this.#audio.commit();
        break;
      case 'input_audio_buffer.clear':
        this.#audio.clear();
        break;
      case 'conversation.item.create':
        createItem(this.#itemHost(), event);
        break;
      case 'conversation.item.retrieve':
        retrieveItem(this.#itemHost(), event);
        break;
      case 'conversation.item.delete':
        deleteItem(this.#itemHost(), event);
        break;
      case 'conversation.item.truncate':
        truncateItem(this.#itemHost(), event);
        break;
      case 'response.create':
        if (event.response) checkResponseFields(event.response);
        this.#startResponse(event.response);
        break;
      case 'response.cancel':
        this.#cancelResponse(event);
        break;
      case 'output_audio_buffer.clear':
        // The API has no server-side output buffer on WebSocket connections (WebRTC/SIP only).
        if (this.#options.transport !== 'webrtc') {
          throw new ClientEventError(
            'unsupported_event',
            'output_audio_buffer.clear is only supported on WebRTC and SIP connections.',
            'type',
          );
        }
        break;
    }
  }

  #updateSession(event: ClientEventOf<'session.update'>): void {
    const update = event.session;
    if (update.type !== 'realtime') {
      throw new ClientEventError(
        'invalid_value',
        `Invalid value: '${update.type}'. This is a realtime session; its type cannot be changed.`,
        'session.type',
      );
    }
    checkSessionFields(update);
    const voice = update.audio?.output?.voice;
    if (this.#voiceLocked && voice !== undefined) {
      const next = typeof voice === 'string' ? voice : voice.id;
      if (next !== voiceOf(this.#config)) {
        throw new ClientEventError(
          'cannot_update_voice',
          "Cannot update a conversation's voice if assistant audio is present.",
        );
      }
    }
    this.#config = mergeSessionUpdate(this.#config, update);
    this.#audio.configure(this.#config);
    this.#send({ type: 'session.updated', event_id: newId('event'), session: this.#config });
  }

  /** The active response writing to the default conversation, if any. */
  #defaultResponse(): ResponseRunner | undefined {
    for (const runner of this.#responses) if (runner.plan.conversation === 'auto') return runner;
    return undefined;
  }

  #startResponse(params: ClientEventOf<'response.create'>['response']): void {
    const plan = planResponse(this.#config, params, this.store, this.#conversationId);
    const active = this.#defaultResponse();
    if (plan.conversation === 'auto' && active) {
      throw new ClientEventError(
        'conversation_already_has_active_response',
        `Conversation already has an active response in progress: ${active.id}. Wait until the response is finished before creating a new one.`,
      );
    }
    if (this.#responses.size >= this.#limits.activeResponses) {
      throw new ClientEventError(
        'too_many_active_responses',
        `Too many responses in progress: this session already has ${this.#responses.size}, the most it may have at once. Wait until one is done (response.done) before creating another.`,
      );
    }
    const runner = new ResponseRunner(plan, this.#options, this.#responseHost(), this.#plannedFailure());
    this.#responses.add(runner);
    runner.start();
  }

  /** The failure planned for the response starting now, if its turn has come. */
  #plannedFailure(): PlannedFailure | undefined {
    let due: PlannedFailure | undefined;
    for (const planned of this.#failures) {
      planned.remaining -= 1;
      if (planned.remaining > 0) continue;
      if (due)
        planned.remaining = 1; // two failures due at once: the other one fails the next response
      else due = planned.failure;
    }
    const left = this.#failures.filter((planned) => planned.remaining > 0);
    this.#failures.splice(0, this.#failures.length, ...left);
    return due;
  }

  #cancelResponse(event: ClientEventOf<'response.cancel'>): void {
    const target =
      event.response_id === undefined
        ? this.#defaultResponse()
        : [...this.#responses].find((runner) => runner.id === event.response_id);
    if (!target?.cancel('client_cancelled')) {
      throw new ClientEventError(
        'response_cancel_not_active',
        'Cancellation failed: no active response found',
      );
    }
  }

  #responseHost(): ResponseHost {
    return {
      emit: (event) => this.#send(event),
      addToConversation: (item, audio) => this.store.insert(item, undefined, audio).previousItemId,
      updateConversationItem: (item) => this.store.update(item.id, item),
      audioStarted: () => {
        this.#voiceLocked = true;
      },
      responseFinished: (runner, tokens) => {
        this.#responses.delete(runner);
        this.#tokensUsed += tokens;
        this.#send({
          type: 'rate_limits.updated',
          event_id: newId('event'),
          rate_limits: [
            {
              name: 'requests',
              limit: RATE_LIMITS.requests,
              remaining: RATE_LIMITS.requests - 1,
              reset_seconds: 0.012,
            },
            {
              name: 'tokens',
              limit: RATE_LIMITS.tokens,
              remaining: Math.max(0, RATE_LIMITS.tokens - this.#tokensUsed),
              reset_seconds: 60,
            },
          ],
        });
      },
    };
  }

  #itemHost() {
    return { store: this.store, emit: (event: ServerEvent) => this.#send(event) };
  }

  #sendError(error: RealtimeErrorBody): void {
    this.#send({ type: 'error', event_id: newId('event'), error });
  }

  #send(event: ServerEvent): void {
    if (!this.#closed) this.#emit(event);
  }
}

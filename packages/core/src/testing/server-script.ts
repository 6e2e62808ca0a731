import type { ConversationItem, ServerEvent, SessionConfig } from '../protocol/index.js';
import { type ScriptedStatus, ScriptState } from './script-state.js';
import {
  functionCallResponse,
  messageResponse,
  type ScriptedCall,
  type ScriptedResponse,
} from './scripted-responses.js';

export type { ScriptedStatus } from './script-state.js';
export type { ScriptedCall, ScriptedResponse } from './scripted-responses.js';

/** Options of the response builders: how the response ends (default `completed`). */
export interface ScriptedResponseOptions {
  readonly status?: ScriptedStatus;
}

/**
 * Builds server event sequences in the order the Realtime API sends them (the flows of a text turn,
 * a function call, an audio turn with server VAD), with fresh ids, so a test reads like the
 * protocol. Each builder returns the events (and the ids a test needs); play them with
 * `server.emit(...)` of {@link createScriptedTransport}. The script remembers the last item, so
 * every item's `previous_item_id` points at the one before it.
 *
 * @example
 * ```ts
 * import { createScriptedTransport, createServerScript } from '@switchboard/core/testing';
 *
 * const server = createScriptedTransport();
 * const script = createServerScript();
 * server.emit(...script.functionCallResponse([{ name: 'get_weather', arguments: { city: 'Oslo' } }]).events);
 * ```
 */
export function createServerScript() {
  const state = new ScriptState();

  return {
    /** `session.created` for a fresh session. */
    sessionCreated(): ServerEvent {
      return {
        type: 'session.created',
        event_id: state.eventId(),
        session: { type: 'realtime', id: state.id('sess') },
      };
    },

    /** `session.updated` reporting `session` (e.g. `audio.input.turn_detection`), as after a `session.update`. */
    sessionUpdated(session: Omit<SessionConfig, 'type'> = {}): ServerEvent {
      return {
        type: 'session.updated',
        event_id: state.eventId(),
        session: { ...session, type: 'realtime' },
      };
    },

    /** `conversation.item.added` + `done` for a user text message, as after `conversation.item.create`. */
    userMessage(text: string): ServerEvent[] {
      return state.itemAdded({
        type: 'message',
        id: state.id('item'),
        role: 'user',
        status: 'completed',
        content: [{ type: 'input_text', text }],
      });
    },

    /**
     * The user speaking, as server VAD reports it: `speech_started` → `speech_stopped` →
     * `committed` → the user audio item added, then (with `transcript`) its input transcription.
     * `itemId` is the user item. Emit the first event alone to act while the user still speaks.
     */
    userSpeech(options: { readonly transcript?: string } = {}): {
      readonly itemId: string;
      readonly events: ServerEvent[];
    } {
      const itemId = state.id('item');
      const previous = state.lastItemId;
      const at = { item_id: itemId };
      const events: ServerEvent[] = [
        { ...at, type: 'input_audio_buffer.speech_started', event_id: state.eventId(), audio_start_ms: 0 },
        { ...at, type: 'input_audio_buffer.speech_stopped', event_id: state.eventId(), audio_end_ms: 1_000 },
        {
          ...at,
          type: 'input_audio_buffer.committed',
          event_id: state.eventId(),
          previous_item_id: previous,
        },
        ...state.itemAdded({
          type: 'message',
          id: itemId,
          role: 'user',
          status: 'completed',
          content: [{ type: 'input_audio', transcript: null }],
        }),
      ];
      if (options.transcript !== undefined) {
        events.push({
          ...at,
          type: 'conversation.item.input_audio_transcription.completed',
          event_id: state.eventId(),
          content_index: 0,
          transcript: options.transcript,
        });
      }
      return { itemId, events };
    },

    /** A whole text response: created → item → part → deltas → done → `response.done` → rate limits. */
    textResponse(text: string, options: ScriptedResponseOptions = {}): ScriptedResponse {
      return messageResponse(state, 'text', text, options.status ?? 'completed');
    },

    /**
     * A whole audio response (what server VAD's automatic answer looks like): created → item → part
     * → audio and transcript deltas in turn → done → `response.done` → rate limits. The audio is silence.
     */
    audioResponse(transcript: string, options: ScriptedResponseOptions = {}): ScriptedResponse {
      return messageResponse(state, 'audio', transcript, options.status ?? 'completed');
    },

    /** A response whose output is one or more function calls (parallel calls when several). */
    functionCallResponse(
      calls: readonly ScriptedCall[],
      options: ScriptedResponseOptions = {},
    ): ScriptedResponse {
      return functionCallResponse(state, calls, options.status ?? 'completed');
    },

    /** The item the server adds when the client sends a `function_call_output`. */
    functionCallOutputAdded(callId: string, output: string): ServerEvent[] {
      return state.itemAdded({ type: 'function_call_output', id: state.id('item'), call_id: callId, output });
    },

    /** `conversation.item.retrieved`: the server's answer to `conversation.item.retrieve`. */
    itemRetrieved(item: ConversationItem): ServerEvent {
      return { type: 'conversation.item.retrieved', event_id: state.eventId(), item };
    },

    /** An `error` event, optionally answering a client event by its `event_id`. */
    error(code: string, message: string, eventIdOfCause?: string): ServerEvent {
      return {
        type: 'error',
        event_id: state.eventId(),
        error: {
          type: 'invalid_request_error',
          code,
          message,
          param: null,
          event_id: eventIdOfCause ?? null,
        },
      };
    },
  };
}

/** The builder returned by {@link createServerScript}. */
export type ServerScript = ReturnType<typeof createServerScript>;

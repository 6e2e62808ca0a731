import type { Agent } from '../definitions/shapes.js';
import type { SessionError } from '../errors/session-errors.js';
import { ServerError } from '../errors/session-errors.js';
import { endedStatus, isOutOfBand } from '../pipeline/response-calls.js';
import { itemText, type ServerEvent } from '../protocol/index.js';
import type { HandoffEvent, ToolCallEvent } from './session-events.js';
import type {
  TurnHandoff,
  TurnInput,
  TurnResponse,
  TurnResult,
  TurnStatus,
  TurnStep,
  TurnToolCall,
} from './turn-types.js';

/** What a turn is fed: server events, the pipeline's tool and handoff events, and the session's errors. */
export type TurnEvent =
  | ServerEvent
  | ToolCallEvent
  | HandoffEvent
  | { readonly type: 'session_error'; readonly error: SessionError };

/** A turn in progress: what it has seen so far, and whether its input is still coming in. */
export interface TurnState {
  readonly input: TurnInput;
  /** The agent active now, as far as the turn's handoffs say. */
  readonly agent: string;
  /** A spoken turn whose audio server VAD has not committed yet: the user is still speaking. */
  readonly listening: boolean;
  /** Server VAD committed the user's audio and will create the response itself; it has not yet. */
  readonly awaitingResponse: boolean;
  /** Whether server VAD creates a response when it commits the audio (the session's `create_response`). */
  readonly autoResponse: boolean;
  readonly inputTranscript: string | undefined;
  readonly responses: readonly TurnResponse[];
  readonly transcript: readonly TurnStep[];
  readonly toolCalls: readonly TurnToolCall[];
  readonly errors: readonly SessionError[];
}

/** Options of {@link openTurn}. */
export interface OpenTurnOptions {
  /** The name of the active agent. */
  readonly agent: string;
  /** The turn starts from speech server VAD is still hearing. */
  readonly listening?: boolean;
  /** See {@link TurnState.autoResponse}. */
  readonly autoResponse?: boolean;
  /** Calls still running in the turn this one supersedes: they go on, and end, in this one. */
  readonly carriedCalls?: readonly TurnToolCall[];
}

/** A turn that has just started. */
export function openTurn(input: TurnInput, options: OpenTurnOptions): TurnState {
  return {
    input,
    agent: options.agent,
    listening: options.listening ?? false,
    awaitingResponse: false,
    autoResponse: options.autoResponse ?? true,
    inputTranscript: undefined,
    responses: [],
    transcript: [],
    toolCalls: options.carriedCalls ?? [],
    errors: [],
  };
}

/**
 * A pure reducer from what the session reports to the turn's state. Events of responses and calls
 * that are not the turn's (an older turn's response still ending, an out-of-band response) leave
 * the state as it is, and so do the high-volume deltas: every event that changes nothing returns
 * the same object.
 */
export function reduceTurn(state: TurnState, event: TurnEvent): TurnState {
  switch (event.type) {
    case 'input_audio_buffer.committed':
      if (state.input.kind !== 'audio') return state;
      return {
        ...state,
        input: state.input.itemId === undefined ? { kind: 'audio', itemId: event.item_id } : state.input,
        listening: false,
        awaitingResponse: state.listening ? state.autoResponse : state.awaitingResponse,
      };
    case 'input_audio_buffer.cleared':
      return state.listening ? { ...state, listening: false } : state;
    case 'conversation.item.input_audio_transcription.completed':
      return state.input.kind === 'audio' && state.input.itemId === event.item_id
        ? { ...state, inputTranscript: event.transcript }
        : state;
    case 'response.created': {
      const { id } = event.response;
      if (!id || isOutOfBand(event.response) || responseOf(state, id)) return state;
      return {
        ...state,
        responses: [...state.responses, { id, agent: state.agent, status: 'in_progress' }],
        awaitingResponse: state.listening ? state.awaitingResponse : false,
      };
    }
    case 'response.done': {
      const { id } = event.response;
      if (!id || !responseOf(state, id)) return state;
      const status = endedStatus(event.response.status);
      return {
        ...state,
        responses: state.responses.map((response) =>
          response.id === id ? { ...response, status } : response,
        ),
      };
    }
    case 'response.output_item.done': {
      const response = responseOf(state, event.response_id);
      if (!response || event.item.type !== 'message' || event.item.role !== 'assistant') return state;
      return {
        ...state,
        transcript: [
          ...state.transcript,
          {
            kind: 'message',
            agent: response.agent,
            responseId: response.id,
            itemId: event.item.id,
            text: itemText(event.item),
          },
        ],
      };
    }
    case 'tool_start':
      if (!responseOf(state, event.responseId) || callOf(state, event.callId)) return state;
      return {
        ...state,
        toolCalls: [
          ...state.toolCalls,
          {
            kind: 'tool_call',
            callId: event.callId,
            name: event.name,
            type: event.kind,
            agent: event.agent,
            responseId: event.responseId,
            arguments: event.arguments,
            approvalRequested: false,
            outcome: undefined,
            output: undefined,
            durationMs: undefined,
          },
        ],
      };
    case 'approval_requested':
      return updateCall(state, event.callId, (call) => ({ ...call, approvalRequested: true }));
    case 'tool_end': {
      const ended = updateCall(state, event.callId, (call) => ({
        ...call,
        outcome: event.outcome,
        output: event.output,
        durationMs: event.durationMs,
        ...(event.error ? { error: event.error } : { result: event.result }),
      }));
      const call = ended === state ? undefined : callOf(ended, event.callId);
      return call ? { ...ended, transcript: [...ended.transcript, call] } : ended;
    }
    case 'handoff':
      if (event.callId !== undefined && !callOf(state, event.callId)) return state;
      return {
        ...state,
        agent: event.to,
        transcript: [
          ...state.transcript,
          { kind: 'handoff', from: event.from, to: event.to, callId: event.callId },
        ],
      };
    case 'session_error':
      return { ...state, errors: [...state.errors, event.error] };
    default:
      return state;
  }
}

/** Whether the turn's input is complete and the response it waits for has started (see `Turn`). */
export function inputSettled(state: TurnState): boolean {
  return !state.listening && !state.awaitingResponse;
}

/**
 * The status of a turn whose model yielded: how its last response ended. With no response at all,
 * `failed` when the server reported an error meanwhile (it refused the request), else `completed`.
 */
export function yieldedStatus(state: TurnState): TurnStatus {
  const last = state.responses.at(-1);
  if (!last) return state.errors.some((error) => error instanceof ServerError) ? 'failed' : 'completed';
  return last.status === 'in_progress' ? 'incomplete' : last.status;
}

/** The result of a settled turn. */
export function turnResult<Ctx>(state: TurnState, status: TurnStatus, agent: Agent<Ctx>): TurnResult<Ctx> {
  const texts: string[] = [];
  const handoffs: TurnHandoff[] = [];
  for (const step of state.transcript) {
    if (step.kind === 'message' && step.text !== '') texts.push(step.text);
    if (step.kind === 'handoff') handoffs.push(step);
  }
  return {
    status,
    input: state.input,
    inputTranscript: state.inputTranscript,
    text: texts.join('\n'),
    transcript: state.transcript,
    toolCalls: state.toolCalls,
    handoffs,
    responses: state.responses,
    agent,
    errors: state.errors,
  };
}

function responseOf(state: TurnState, id: string): TurnResponse | undefined {
  return state.responses.find((response) => response.id === id);
}

function callOf(state: TurnState, callId: string): TurnToolCall | undefined {
  return state.toolCalls.find((call) => call.callId === callId);
}

function updateCall(
  state: TurnState,
  callId: string,
  update: (call: TurnToolCall) => TurnToolCall,
): TurnState {
  const index = state.toolCalls.findIndex((call) => call.callId === callId);
  if (index === -1) return state;
  const toolCalls = state.toolCalls.slice();
  toolCalls[index] = update(toolCalls[index] as TurnToolCall);
  return { ...state, toolCalls };
}

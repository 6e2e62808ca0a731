/**
 * What `switchboard inspect` reads out of a recording, as plain data (the page is one rendering of it).
 * Times are milliseconds since the recording started; `event` fields are positions in the recording.
 *
 * @example
 * ```ts
 * import { type InspectedCall, inspectCall, readRecording } from '@switchboard/cli';
 *
 * const call: InspectedCall = inspectCall(await readRecording('call.jsonl'));
 * const failed = call.tools.filter((tool) => tool.end === undefined).map((tool) => tool.name);
 * ```
 */
export interface InspectedCall {
  /** Time of the last recorded event. */
  readonly durationMs: number;
  readonly events: { readonly client: number; readonly server: number };
  /** Who was speaking for the swarm when: one span per active agent, in order. */
  readonly agents: readonly AgentSpan[];
  /** The caller's turns, each with the latency until the first answer. */
  readonly turns: readonly UserTurn[];
  readonly responses: readonly ResponseSpan[];
  readonly tools: readonly ToolCallSpan[];
  readonly handoffs: readonly HandoffMark[];
  readonly errors: readonly CallError[];
  readonly audio: AudioActivity;
  /** The conversation as the client knew it at the end (from `reduceHistory`), with who said what. */
  readonly transcript: readonly TranscriptLine[];
}

/** An agent active from `start` to `end`. Names come from handoff outputs (`transferred_to`). */
export interface AgentSpan {
  /** The agent's name, or `Agent` when the recording never names it. */
  readonly name: string;
  /** The tools its `session.update` declared (handoffs included), which identify it. */
  readonly tools: readonly string[];
  readonly start: number;
  readonly end: number;
  readonly event: number;
}

/** One turn of the caller: spoken (server VAD, or a committed buffer) or typed. */
export interface UserTurn {
  readonly kind: 'audio' | 'text';
  /** When the caller started (speech started, or the message was sent). */
  readonly start: number;
  /** End of user input: speech stopped, the buffer committed, or the message sent. */
  readonly end: number;
  /** The conversation item of the turn, when the server named it. */
  readonly itemId?: string;
  /** What the caller said: the message text, or the audio's transcript when there is one. */
  readonly text?: string;
  /** First audio or text of an answer (delta, or the server starting its audio buffer). */
  readonly firstAnswer?: number;
  /** `firstAnswer − end`: what the caller waited. Absent when no answer came before the next turn. */
  readonly latencyMs?: number;
  /** The agent that answered. */
  readonly agent?: string;
  readonly event: number;
}

/** One model response, from `response.created` to `response.done`. */
export interface ResponseSpan {
  readonly id: string;
  readonly start: number;
  /** `response.done`, or the end of the recording for a response that never finished. */
  readonly end: number;
  readonly status: 'completed' | 'cancelled' | 'failed' | 'incomplete' | 'in_progress';
  /** Why it ended that way (`turn_detected`, `client_cancelled`, an error code). */
  readonly reason?: string;
  readonly agent: string;
  /** Token usage reported by `response.done`. */
  readonly tokens?: { readonly input: number; readonly output: number };
  readonly event: number;
}

/** A function call, from the model starting it to the output the client sent back. */
export interface ToolCallSpan {
  readonly callId: string;
  readonly name: string;
  /** `handoff` for a `transfer_to_…` call. */
  readonly kind: 'function' | 'handoff';
  readonly agent: string;
  /** The model started the call (`response.output_item.added`). */
  readonly start: number;
  /** The arguments were complete: from here on the tool ran. */
  readonly argumentsDone?: number;
  /** The `function_call_output` was sent; absent when none was. */
  readonly end?: number;
  readonly arguments: string;
  readonly output?: string;
  readonly event: number;
}

/** The swarm changed agents: after a `transfer_to_…` call (`handoff`) or by the app (`switch`). */
export interface HandoffMark {
  readonly kind: 'handoff' | 'switch';
  /** The `session.update` that switched the live session. */
  readonly t: number;
  readonly from: string;
  readonly to: string;
  readonly callId?: string;
  readonly event: number;
}

/** Something that went wrong, as the recording shows it. */
export interface CallError {
  readonly kind:
    | 'server_error'
    | 'response_failed'
    | 'response_incomplete'
    | 'transcription_failed'
    | 'malformed_event'
    | 'no_output';
  readonly t: number;
  readonly message: string;
  readonly event: number;
}

/** Audio on the wire, summarised: spans and byte counts, never the audio itself. */
export interface AudioActivity {
  /** The caller's audio as appended (`input_audio_buffer.append` runs). */
  readonly input: readonly AudioSpan[];
  /** Speech the server's voice activity detection heard (`speech_started` → `speech_stopped`). */
  readonly speech: readonly AudioSpan[];
  /** The model's audio: deltas per item, or the server's output buffer (WebRTC, SIP). */
  readonly output: readonly AudioSpan[];
}

/** Audio from `start` to `end` (arrival times). `bytes`/`audioMs` are absent where none was on the wire. */
export interface AudioSpan {
  readonly start: number;
  readonly end: number;
  readonly bytes?: number;
  /** How much audio the bytes hold, by the session's audio format. */
  readonly audioMs?: number;
  readonly event: number;
}

/** One item of the final conversation. */
export interface TranscriptLine {
  readonly itemId: string;
  readonly role: 'user' | 'assistant' | 'system' | 'tool';
  /** The agent that produced an assistant message or a call. */
  readonly agent?: string;
  readonly text: string;
  /** For a function call: its name, arguments and output. */
  readonly call?: { readonly name: string; readonly arguments: string; readonly output?: string };
  /** When the item first appeared. */
  readonly t?: number;
}

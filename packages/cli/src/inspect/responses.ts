import type { CallError, ResponseSpan, ToolCallSpan } from './call.js';
import type { ObservedEvent } from './observe.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Every response, from `response.created` to `response.done` (or the end of the recording). */
export function followResponses(
  events: readonly ObservedEvent[],
  agentAt: (t: number) => string,
  durationMs: number,
): ResponseSpan[] {
  const responses = new Map<string, Mutable<ResponseSpan>>();
  for (const { server, t, index } of events) {
    if (server?.type === 'response.created') {
      const id = server.response.id ?? `response@${index}`;
      if (!responses.has(id)) {
        responses.set(id, {
          id,
          start: t,
          end: durationMs,
          status: 'in_progress',
          agent: agentAt(t),
          event: index,
        });
      }
    } else if (server?.type === 'response.done') {
      const { id = `response@${index}`, status, status_details: details, usage } = server.response;
      // A recording may start in the middle of a response: its span starts at its end.
      const response: Mutable<ResponseSpan> = responses.get(id) ?? {
        id,
        start: t,
        end: t,
        status: 'in_progress',
        agent: agentAt(t),
        event: index,
      };
      responses.set(id, response);
      if (response.status !== 'in_progress') continue;
      response.end = t;
      response.status = status ?? 'completed';
      const reason = details?.reason ?? details?.error?.code ?? details?.error?.type;
      if (reason) response.reason = reason;
      if (usage) response.tokens = { input: usage.input_tokens ?? 0, output: usage.output_tokens ?? 0 };
    }
  }
  return [...responses.values()];
}

/**
 * What went wrong: server `error` events, failed and incomplete responses, failed transcriptions,
 * events that broke the protocol's schemas, and function calls that never got an output.
 */
export function findErrors(
  events: readonly ObservedEvent[],
  responses: readonly ResponseSpan[],
  tools: readonly ToolCallSpan[],
): CallError[] {
  const errors: CallError[] = [];
  for (const { server, problem, t, index, type } of events) {
    if (problem) errors.push({ kind: 'malformed_event', t, message: `${type}: ${problem}`, event: index });
    else if (server?.type === 'error') {
      const { code, message } = server.error;
      errors.push({ kind: 'server_error', t, message: code ? `${code}: ${message}` : message, event: index });
    } else if (server?.type === 'conversation.item.input_audio_transcription.failed') {
      const message = server.error.message ?? server.error.code ?? 'transcription failed';
      errors.push({ kind: 'transcription_failed', t, message, event: index });
    }
  }
  for (const response of responses) {
    if (response.status !== 'failed' && response.status !== 'incomplete') continue;
    errors.push({
      kind: response.status === 'failed' ? 'response_failed' : 'response_incomplete',
      t: response.end,
      message: `response ${response.id} ${response.status}${response.reason ? `: ${response.reason}` : ''}`,
      event: response.event,
    });
  }
  for (const call of tools) {
    if (call.end !== undefined) continue;
    errors.push({
      kind: 'no_output',
      t: call.argumentsDone ?? call.start,
      message: `${call.name} (${call.callId}) got no function_call_output`,
      event: call.event,
    });
  }
  return errors.sort((a, b) => a.t - b.t);
}

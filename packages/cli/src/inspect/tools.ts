import { HANDOFF_TOOL_PREFIX } from '@switchboard/core/protocol';
import type { ToolCallSpan } from './call.js';
import type { ObservedEvent } from './observe.js';

interface CallBuilder {
  callId: string;
  name: string;
  start: number;
  argumentsDone?: number;
  end?: number;
  arguments: string;
  output?: string;
  event: number;
}

/**
 * Every function call of the recording as a span: from the model starting the call
 * (`response.output_item.added`) through its complete arguments (`…arguments.done` /
 * `output_item.done`, when the tool starts) to the `function_call_output` the client sent back.
 * A call seen again later (a response's output repeated after a reconnect) stays one span.
 */
export function followToolCalls(
  events: readonly ObservedEvent[],
  agentAt: (t: number) => string,
): ToolCallSpan[] {
  const calls = new Map<string, CallBuilder>();
  /** Streamed items name their call only once complete: item id → call id. */
  const byItem = new Map<string, CallBuilder>();
  const open = (callId: string, name: string, observed: ObservedEvent): CallBuilder => {
    let call = calls.get(callId);
    if (!call) {
      call = { callId, name, start: observed.t, arguments: '', event: observed.index };
      calls.set(callId, call);
    }
    return call;
  };
  for (const observed of events) {
    const { server, client, t } = observed;
    if (server?.type === 'response.output_item.added' && server.item.type === 'function_call') {
      const call = open(
        server.item.call_id ?? `item:${server.item.id ?? observed.index}`,
        server.item.name,
        observed,
      );
      if (server.item.id) byItem.set(server.item.id, call);
    } else if (
      server?.type === 'response.function_call_arguments.done' ||
      (server?.type === 'response.output_item.done' && server.item.type === 'function_call')
    ) {
      const done =
        server.type === 'response.output_item.done'
          ? server.item.type === 'function_call'
            ? {
                itemId: server.item.id,
                callId: server.item.call_id,
                name: server.item.name,
                args: server.item.arguments,
              }
            : undefined
          : { itemId: server.item_id, callId: server.call_id, name: server.name, args: server.arguments };
      if (!done?.callId) continue;
      const streamed = done.itemId ? byItem.get(done.itemId) : undefined;
      const call = streamed ?? open(done.callId, done.name ?? '(unnamed)', observed);
      if (streamed && streamed.callId !== done.callId) {
        calls.delete(streamed.callId);
        streamed.callId = done.callId;
        calls.set(done.callId, streamed);
      }
      if (done.name) call.name = done.name;
      call.arguments = done.args;
      call.argumentsDone ??= t;
    } else if (client?.type === 'conversation.item.create' && client.item.type === 'function_call_output') {
      const call = calls.get(client.item.call_id);
      if (call && call.end === undefined) {
        call.end = t;
        call.output = client.item.output;
      }
    }
  }
  return [...calls.values()].map((call) => ({
    callId: call.callId,
    name: call.name,
    kind: call.name.startsWith(HANDOFF_TOOL_PREFIX) ? 'handoff' : 'function',
    agent: agentAt(call.start),
    start: call.start,
    arguments: call.arguments,
    event: call.event,
    ...(call.argumentsDone === undefined ? {} : { argumentsDone: call.argumentsDone }),
    ...(call.end === undefined ? {} : { end: call.end, output: call.output ?? '' }),
  }));
}

import { type ConversationItem, emptyHistory, reduceHistory } from '@switchboard/core';
import type { TranscriptLine } from './call.js';
import type { ObservedEvent } from './observe.js';

/**
 * The conversation at the end of the recording, from core's own history reducer (the state a
 * session's `history` held), with the agent that produced each assistant item and when each item
 * first appeared. Function calls carry their output; output items are not listed on their own.
 */
export function transcriptOf(
  events: readonly ObservedEvent[],
  agentAt: (t: number) => string,
): TranscriptLine[] {
  let history = emptyHistory;
  const seen = new Map<string, number>();
  for (const { server, t } of events) {
    if (!server) continue;
    history = reduceHistory(history, server);
    if (server.type === 'conversation.item.added' && server.item.id && !seen.has(server.item.id)) {
      seen.set(server.item.id, t);
    }
  }
  const outputs = new Map<string, string>();
  for (const item of history.items) {
    if (item.type === 'function_call_output') outputs.set(item.call_id, item.output);
  }
  return history.items.flatMap((item, index): TranscriptLine[] => {
    const itemId = item.id ?? `item ${index + 1}`;
    const t = item.id ? seen.get(item.id) : undefined;
    const when = t === undefined ? {} : { t };
    if (item.type === 'function_call_output') return [];
    if (item.type === 'message') {
      const agent = item.role === 'assistant' && t !== undefined ? { agent: agentAt(t) } : {};
      return [{ itemId, role: item.role, text: messageText(item), ...agent, ...when }];
    }
    if (item.type === 'function_call') {
      const output = item.call_id ? outputs.get(item.call_id) : undefined;
      const call = {
        name: item.name,
        arguments: item.arguments,
        ...(output === undefined ? {} : { output }),
      };
      const agent = t === undefined ? {} : { agent: agentAt(t) };
      return [{ itemId, role: 'tool', text: `${item.name}(${item.arguments})`, call, ...agent, ...when }];
    }
    return [{ itemId, role: 'tool', text: item.type, ...when }];
  });
}

/** The text of a message: typed text, or the transcript of its audio. */
export function messageText(item: Extract<ConversationItem, { type: 'message' }>): string {
  return item.content
    .map((part) => part.text ?? part.transcript ?? '')
    .filter((text) => text !== '')
    .join(' ')
    .trim();
}

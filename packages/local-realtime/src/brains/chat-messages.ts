import type { ConversationItem, FunctionToolDefinition, ToolChoice } from '@switchboard/core/protocol';
import { itemText } from './conversation.js';

/** A tool call as chat completions carry it. */
export interface ChatToolCall {
  readonly id: string;
  readonly type: 'function';
  readonly function: { readonly name: string; readonly arguments: string };
}

/** A chat completions message. */
export type ChatMessage =
  | { readonly role: 'system' | 'user'; readonly content: string }
  | { readonly role: 'assistant'; readonly content: string | null; readonly tool_calls?: ChatToolCall[] }
  | { readonly role: 'tool'; readonly tool_call_id: string; readonly content: string };

/**
 * Conversation items → chat messages: the instructions as the system message, messages by role
 * (audio by its transcript), consecutive `function_call`s as one assistant message with
 * `tool_calls` (joined to the assistant text just before them), `function_call_output`s as `tool`
 * messages. An output whose call is not in the context becomes a user note, as chat endpoints refuse
 * a `tool` message without its call. MCP items are left out.
 *
 * @example
 * ```ts
 * import { toChatMessages } from '@switchboard/local-realtime';
 *
 * toChatMessages('Be brief.', [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hi' }] }]);
 * // [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }]
 * ```
 */
export function toChatMessages(instructions: string, items: readonly ConversationItem[]): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (instructions.trim() !== '') messages.push({ role: 'system', content: instructions });
  const knownCalls = new Set<string>();
  for (const item of items) {
    if (item.type === 'message') {
      const text =
        itemText(item) || (item.role === 'user' ? '[the user sent audio without a transcript]' : '');
      messages.push(
        item.role === 'assistant' ? { role: 'assistant', content: text } : { role: item.role, content: text },
      );
    } else if (item.type === 'function_call') {
      const callId = item.call_id ?? item.id ?? `call_${knownCalls.size}`;
      knownCalls.add(callId);
      const toolCall: ChatToolCall = {
        id: callId,
        type: 'function',
        function: { name: item.name, arguments: item.arguments },
      };
      const previous = messages[messages.length - 1];
      if (previous?.role === 'assistant') {
        messages[messages.length - 1] = {
          ...previous,
          tool_calls: [...(previous.tool_calls ?? []), toolCall],
        };
      } else {
        messages.push({ role: 'assistant', content: null, tool_calls: [toolCall] });
      }
    } else if (item.type === 'function_call_output') {
      messages.push(
        knownCalls.has(item.call_id)
          ? { role: 'tool', tool_call_id: item.call_id, content: item.output }
          : { role: 'user', content: `(result of tool call ${item.call_id}) ${item.output}` },
      );
    }
  }
  return messages;
}

/** Session tools → chat `tools`. */
export function toChatTools(tools: readonly FunctionToolDefinition[]) {
  return tools.map((tool) => ({
    type: 'function' as const,
    function: {
      name: tool.name,
      ...(tool.description !== undefined ? { description: tool.description } : {}),
      parameters: tool.parameters ?? { type: 'object', properties: {} },
    },
  }));
}

/** Session `tool_choice` → chat `tool_choice` (an MCP choice has no twin and becomes `auto`). */
export function toChatToolChoice(choice: ToolChoice): unknown {
  if (typeof choice === 'string') return choice;
  if (choice.type === 'function') return { type: 'function', function: { name: choice.name } };
  return 'auto';
}

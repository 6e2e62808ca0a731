import {
  handoffToolName as agentHandoffToolName,
  type ConversationItem,
  type FunctionCallItem,
  type FunctionCallOutputItem,
  HANDOFF_TOOL_PREFIX,
  partText,
} from '@switchboard/core/protocol';

/**
 * Reading a conversation the way brains need it: the text of an item, the last thing the user said,
 * and whether the model is now answering a tool result.
 */

/**
 * The text of a message: its text parts, or the transcripts of its audio parts, one space between
 * parts (a brain reads words; core's `itemText` keeps the parts as the API wrote them).
 */
export function itemText(item: ConversationItem): string {
  if (item.type !== 'message') return '';
  return item.content
    .map(partText)
    .filter((text) => text.length > 0)
    .join(' ');
}

/**
 * What the user said last (the latest user message with text or a transcript), or undefined.
 *
 * @example
 * ```ts
 * import { type BrainRequest, lastUserText } from '@switchboard/local-realtime';
 *
 * declare const request: BrainRequest;
 * lastUserText(request.items); // 'I need a refund for INV-1001'
 * ```
 */
export function lastUserText(items: readonly ConversationItem[]): string | undefined {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i] as ConversationItem;
    if (item.type === 'message' && item.role === 'user') {
      const text = itemText(item);
      if (text.length > 0) return text;
    }
  }
  return undefined;
}

/** A tool result with the call it answers (when that call is in the context). */
export interface ToolResult {
  readonly output: FunctionCallOutputItem;
  readonly call: FunctionCallItem | undefined;
  /** The called tool's name, when known. */
  readonly name: string | undefined;
}

/**
 * The tool results the model has not answered yet: the `function_call_output` items after the last
 * assistant message and the last user message. Empty when the user spoke last.
 */
export function pendingToolResults(items: readonly ConversationItem[]): ToolResult[] {
  const outputs: FunctionCallOutputItem[] = [];
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i] as ConversationItem;
    if (item.type === 'function_call_output') outputs.unshift(item);
    else if (item.type === 'message' && item.role !== 'system') break;
  }
  return outputs.map((output) => {
    const call = items.find(
      (item): item is FunctionCallItem => item.type === 'function_call' && item.call_id === output.call_id,
    );
    return { output, call, name: call?.name };
  });
}

/** What started this turn: a user message, tool results, or nothing (the model speaks first). */
export type Turn =
  | { readonly kind: 'user'; readonly text: string | undefined }
  | { readonly kind: 'tool_results'; readonly results: readonly ToolResult[] }
  | { readonly kind: 'none' };

/** Classifies the end of the context. */
export function currentTurn(items: readonly ConversationItem[]): Turn {
  const results = pendingToolResults(items);
  if (results.length > 0) return { kind: 'tool_results', results };
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i] as ConversationItem;
    if (item.type === 'message' && item.role === 'user')
      return { kind: 'user', text: itemText(item) || undefined };
    if (item.type === 'message' && item.role === 'assistant') return { kind: 'none' };
    if (item.type === 'function_call') return { kind: 'none' };
  }
  return { kind: 'none' };
}

/**
 * The handoff tool that transfers to `agent`: an agent name (`'Tech Support'` →
 * `transfer_to_tech_support`, named as `@switchboard/core`'s `handoff()` names it) or a tool name that
 * already starts with `transfer_to_`, kept as it is.
 *
 * @example
 * ```ts
 * import { handoffToolName } from '@switchboard/local-realtime';
 *
 * handoffToolName('Billing Desk'); // 'transfer_to_billing_desk'
 * handoffToolName('transfer_to_billing'); // 'transfer_to_billing'
 * ```
 */
export function handoffToolName(agent: string): string {
  return agent.startsWith(HANDOFF_TOOL_PREFIX) ? agent : agentHandoffToolName(agent);
}

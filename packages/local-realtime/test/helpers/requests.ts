import type { ConversationItem, FunctionToolDefinition, ToolChoice } from '@switchboard/core/protocol';
import type { Brain, BrainOutput, BrainRequest } from '../../src/index.js';

/** A brain request with defaults, for calling brains directly. */
export function brainRequest(
  items: readonly ConversationItem[],
  tools: readonly FunctionToolDefinition[] = [],
  toolChoice: ToolChoice = 'auto',
): BrainRequest {
  return {
    session: { type: 'realtime' },
    instructions: 'Be helpful.',
    tools,
    toolChoice,
    items,
    outputModalities: ['text'],
    outOfBand: false,
    metadata: null,
    signal: new AbortController().signal,
  };
}

/** A brain output with its text read to the end. */
export type CollectedOutput =
  | { type: 'message'; text: string }
  | Extract<BrainOutput, { type: 'function_call' }>;

/** Collects a brain's outputs, reading streamed text to the end. */
export async function collect(brain: Brain, request: BrainRequest): Promise<CollectedOutput[]> {
  const out: CollectedOutput[] = [];
  for await (const output of brain.respond(request)) {
    if (output.type === 'function_call') {
      out.push(output);
    } else if (typeof output.text === 'string') {
      out.push({ type: 'message', text: output.text });
    } else {
      let text = '';
      for await (const piece of output.text) text += piece;
      out.push({ type: 'message', text });
    }
  }
  return out;
}

export const user = (text: string): ConversationItem => ({
  type: 'message',
  role: 'user',
  content: [{ type: 'input_text', text }],
});

export const assistant = (text: string): ConversationItem => ({
  type: 'message',
  role: 'assistant',
  content: [{ type: 'output_text', text }],
});

export const functionCall = (name: string, args: unknown, callId: string): ConversationItem => ({
  type: 'function_call',
  name,
  arguments: JSON.stringify(args),
  call_id: callId,
});

export const functionOutput = (callId: string, output: unknown): ConversationItem => ({
  type: 'function_call_output',
  call_id: callId,
  output: typeof output === 'string' ? output : JSON.stringify(output),
});

/** A function tool definition. */
export function fn(
  name: string,
  description: string,
  parameters: Record<string, unknown> = { type: 'object', properties: {} },
): FunctionToolDefinition {
  return { type: 'function', name, description, parameters };
}

import { isRecord } from '@switchboard/core/protocol';
import { type Brain, BrainError, type BrainOutput, type BrainRequest } from './brain.js';
import { toChatMessages, toChatToolChoice, toChatTools } from './chat-messages.js';
import { sseJson } from './sse.js';

/** Options of {@link chatCompletionsBrain}. */
export interface ChatCompletionsBrainOptions {
  /** The API base, e.g. `http://127.0.0.1:11434/v1` (Ollama) or `http://127.0.0.1:8080/v1` (llama.cpp). */
  readonly baseUrl: string;
  /** Sent as `Authorization: Bearer …` when given. */
  readonly apiKey?: string;
  readonly model: string;
  /** Extra fields for the request body (`temperature`, `seed`, …). */
  readonly extraBody?: Readonly<Record<string, unknown>>;
  /** Default: the global `fetch`. */
  readonly fetch?: typeof fetch;
}

interface PendingCall {
  id: string;
  name: string;
  args: string;
}

type Chunk = { choices?: { delta?: { content?: unknown; tool_calls?: unknown }; message?: unknown }[] };

/** Accumulates streamed `tool_calls` deltas (keyed by `index`) into whole calls. */
function recordToolCalls(deltas: unknown, calls: Map<number, PendingCall>): void {
  if (!Array.isArray(deltas)) return;
  for (const delta of deltas) {
    if (!isRecord(delta)) continue;
    const index = typeof delta.index === 'number' ? delta.index : calls.size;
    const call = calls.get(index) ?? { id: '', name: '', args: '' };
    if (typeof delta.id === 'string') call.id = delta.id;
    const fn = isRecord(delta.function) ? delta.function : {};
    if (typeof fn.name === 'string') call.name += fn.name;
    if (typeof fn.arguments === 'string') call.args += fn.arguments;
    calls.set(index, call);
  }
}

function contentOf(chunk: unknown): string {
  const delta = isRecord(chunk) ? (chunk as Chunk).choices?.[0]?.delta : undefined;
  return typeof delta?.content === 'string' ? delta.content : '';
}

function toolDeltasOf(chunk: unknown): unknown {
  return isRecord(chunk) ? (chunk as Chunk).choices?.[0]?.delta?.tool_calls : undefined;
}

/**
 * Text of the stream as it arrives; tool call deltas met on the way are recorded for later. Reads the
 * stream to its end (chat models put the text before the calls).
 */
async function* textThenCalls(
  first: string,
  rest: AsyncIterator<unknown>,
  calls: Map<number, PendingCall>,
): AsyncGenerator<string> {
  yield first;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    recordToolCalls(toolDeltasOf(next.value), calls);
    const content = contentOf(next.value);
    if (content !== '') yield content;
  }
}

async function request(options: ChatCompletionsBrainOptions, input: BrainRequest): Promise<Response> {
  const url = /\/chat\/completions\/?$/.test(options.baseUrl)
    ? options.baseUrl
    : `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const maxTokens = input.session.max_output_tokens;
  const body = {
    model: options.model,
    stream: true,
    messages: toChatMessages(input.instructions, input.items),
    ...(input.tools.length > 0
      ? { tools: toChatTools(input.tools), tool_choice: toChatToolChoice(input.toolChoice) }
      : {}),
    ...(typeof maxTokens === 'number' ? { max_tokens: maxTokens } : {}),
    ...options.extraBody,
  };
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream' };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      signal: input.signal,
    });
  } catch (error) {
    throw new BrainError(`could not reach ${url}: ${String(error)}`, 'chat-completions', { cause: error });
  }
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    throw new BrainError(
      `${url} answered HTTP ${response.status}: ${text.slice(0, 300)}`,
      'chat-completions',
    );
  }
  return response;
}

/** A non-streamed answer (some servers ignore `stream: true`). */
function fromMessage(message: unknown): BrainOutput[] {
  if (!isRecord(message)) return [];
  const out: BrainOutput[] = [];
  if (typeof message.content === 'string' && message.content !== '')
    out.push({ type: 'message', text: message.content });
  const calls = new Map<number, PendingCall>();
  recordToolCalls(message.tool_calls, calls);
  for (const call of calls.values()) out.push(toCall(call));
  return out;
}

function toCall(call: PendingCall): BrainOutput {
  return {
    type: 'function_call',
    name: call.name,
    arguments: call.args || '{}',
    ...(call.id ? { callId: call.id } : {}),
  };
}

/**
 * A brain backed by any OpenAI-compatible `/v1/chat/completions` endpoint (llama.cpp, Ollama, vLLM,
 * LM Studio …), streamed: conversation items become chat messages, session tools become chat tools,
 * and the reply's text (streamed as it comes) and `tool_calls` become the response's message and
 * `function_call` items. The local server thus becomes a realtime front for local models.
 *
 * @example
 * ```ts
 * import { chatCompletionsBrain, startLocalRealtime } from '@switchboard/local-realtime';
 *
 * const brain = chatCompletionsBrain({ baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3.2' });
 * const server = await startLocalRealtime({ brain });
 * ```
 */
export function chatCompletionsBrain(options: ChatCompletionsBrainOptions): Brain {
  return {
    name: 'chat-completions',
    async *respond(input) {
      const response = await request(options, input);
      if (!(response.headers.get('content-type') ?? '').includes('text/event-stream')) {
        const json: unknown = await response.json();
        yield* fromMessage(isRecord(json) ? (json as Chunk).choices?.[0]?.message : undefined);
        return;
      }
      if (!response.body)
        throw new BrainError('the chat completions response has no body', 'chat-completions');
      const chunks = sseJson(response.body as unknown as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
      const calls = new Map<number, PendingCall>();
      for (;;) {
        const next = await chunks.next();
        if (next.done) break;
        recordToolCalls(toolDeltasOf(next.value), calls);
        const content = contentOf(next.value);
        if (content !== '') {
          yield { type: 'message', text: textThenCalls(content, chunks, calls) };
          break;
        }
      }
      // The text stream (if any) has read the rest; what remains are the calls it recorded.
      for (;;) {
        const next = await chunks.next();
        if (next.done) break;
        recordToolCalls(toolDeltasOf(next.value), calls);
      }
      for (const call of [...calls.entries()].sort(([a], [b]) => a - b).map(([, call]) => call)) {
        if (call.name !== '') yield toCall(call);
      }
    },
  };
}

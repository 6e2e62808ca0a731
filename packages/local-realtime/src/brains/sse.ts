/**
 * Server-sent events as OpenAI-compatible chat endpoints stream them: `data: <json>` lines, events
 * separated by a blank line, the stream ended by `data: [DONE]` (or by the body ending).
 */

/** One decoded `data:` payload that was not JSON. */
export class SseFormatError extends Error {
  override readonly name = 'SseFormatError';
  readonly code = 'invalid_sse';
  constructor(readonly data: string) {
    super(`the event stream sent data that is not JSON: ${data.slice(0, 200)}`);
  }
}

/**
 * The JSON payloads of an SSE body, in order.
 */
export async function* sseJson(body: AsyncIterable<Uint8Array>): AsyncGenerator<unknown> {
  const decoder = new TextDecoder();
  let buffer = '';
  let data: string[] = [];
  const flush = (): unknown | 'done' | undefined => {
    if (data.length === 0) return undefined;
    const payload = data.join('\n');
    data = [];
    if (payload.trim() === '[DONE]') return 'done';
    try {
      return JSON.parse(payload);
    } catch {
      throw new SseFormatError(payload);
    }
  };
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline = buffer.indexOf('\n');
    while (newline !== -1) {
      const line = buffer.slice(0, newline).replace(/\r$/, '');
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf('\n');
      if (line === '') {
        const event = flush();
        if (event === 'done') return;
        if (event !== undefined) yield event;
      } else if (line.startsWith('data:')) {
        data.push(line.slice(5).replace(/^ /, ''));
      }
      // Comments (`:`), `event:`, `id:` and `retry:` lines carry nothing a chat stream needs.
    }
  }
  if (buffer.startsWith('data:')) data.push(buffer.slice(5).replace(/^ /, ''));
  const last = flush();
  if (last !== undefined && last !== 'done') yield last;
}

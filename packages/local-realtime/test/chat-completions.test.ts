import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConversationItem } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sseJson } from '../src/brains/sse.js';
import { BrainError, chatCompletionsBrain, startLocalRealtime, toChatMessages } from '../src/index.js';
import { connectWs } from './helpers/clients.js';
import {
  assistant,
  brainRequest,
  collect,
  fn,
  functionCall,
  functionOutput,
  user,
} from './helpers/requests.js';

/**
 * A fake OpenAI-compatible chat endpoint on 127.0.0.1: it records each request and answers with the
 * next scripted reply (SSE chunks, a JSON body, or an HTTP error).
 */
type Reply =
  | { kind: 'sse'; chunks: unknown[] }
  | { kind: 'json'; body: unknown }
  | { kind: 'error'; status: number };

const requests: { headers: IncomingMessage['headers']; body: Record<string, unknown> }[] = [];
const replies: Reply[] = [];
let endpoint: Server;
let baseUrl: string;

function textChunks(...pieces: string[]): unknown[] {
  return [
    { choices: [{ delta: { role: 'assistant', content: '' } }] },
    ...pieces.map((content) => ({ choices: [{ delta: { content } }] })),
  ];
}

function toolChunks(id: string, name: string, args: string[]): unknown[] {
  return [
    {
      choices: [
        {
          delta: {
            role: 'assistant',
            tool_calls: [{ index: 0, id, type: 'function', function: { name, arguments: '' } }],
          },
        },
      ],
    },
    ...args.map((part) => ({
      choices: [{ delta: { tool_calls: [{ index: 0, function: { arguments: part } }] } }],
    })),
    { choices: [{ delta: {}, finish_reason: 'tool_calls' }] },
  ];
}

function answer(request: IncomingMessage, response: ServerResponse): void {
  let text = '';
  request.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  request.on('end', () => {
    requests.push({ headers: request.headers, body: JSON.parse(text) });
    const reply = replies.shift() ?? { kind: 'error', status: 500 };
    if (reply.kind === 'error') {
      response
        .writeHead(reply.status, { 'content-type': 'application/json' })
        .end('{"error":{"message":"model overloaded"}}');
    } else if (reply.kind === 'json') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
    } else {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      // Split across writes, lines cut mid-way, as real streams arrive.
      const wire = `${reply.chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('')}data: [DONE]\n\n`;
      for (let i = 0; i < wire.length; i += 37) response.write(wire.slice(i, i + 37));
      response.end();
    }
  });
}

beforeAll(async () => {
  endpoint = createServer(answer);
  await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/v1`;
});

afterAll(() => new Promise<void>((resolve) => endpoint.close(() => resolve())));

const weather = fn('get_weather', 'Weather for a city', {
  type: 'object',
  properties: { city: { type: 'string' } },
  required: ['city'],
});

describe('chatCompletionsBrain', () => {
  it('streams text and sends the mapped conversation, tools and key', async () => {
    replies.push({ kind: 'sse', chunks: textChunks('Hel', 'lo ', 'there.') });
    const brain = chatCompletionsBrain({ baseUrl, apiKey: 'sk-chat', model: 'llama-test' });
    const items = [
      user('Weather in Paris?'),
      functionCall('get_weather', { city: 'Paris' }, 'call_1'),
      functionOutput('call_1', { temp: 21 }),
    ];
    const outputs = await collect(brain, brainRequest(items, [weather]));
    expect(outputs).toEqual([{ type: 'message', text: 'Hello there.' }]);
    const sent = requests.at(-1);
    expect(sent?.headers.authorization).toBe('Bearer sk-chat');
    expect(sent?.body).toMatchObject({
      model: 'llama-test',
      stream: true,
      tool_choice: 'auto',
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'Weather for a city',
            parameters: weather.parameters,
          },
        },
      ],
      messages: [
        { role: 'system', content: 'Be helpful.' },
        { role: 'user', content: 'Weather in Paris?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '{"temp":21}' },
      ],
    });
  });

  it('turns streamed tool_calls into function calls with the model call id', async () => {
    replies.push({ kind: 'sse', chunks: toolChunks('call_abc', 'get_weather', ['{"ci', 'ty": "Oslo"}']) });
    const brain = chatCompletionsBrain({ baseUrl, model: 'm' });
    expect(await collect(brain, brainRequest([user('Oslo?')], [weather]))).toEqual([
      { type: 'function_call', name: 'get_weather', arguments: '{"city": "Oslo"}', callId: 'call_abc' },
    ]);
    expect(requests.at(-1)?.headers.authorization).toBeUndefined();
  });

  it('reads a non-streamed JSON answer, and reports HTTP errors as BrainError', async () => {
    replies.push({
      kind: 'json',
      body: { choices: [{ message: { role: 'assistant', content: 'Plain.' } }] },
    });
    const brain = chatCompletionsBrain({ baseUrl: `${baseUrl}/chat/completions`, model: 'm' });
    expect(await collect(brain, brainRequest([user('hi')]))).toEqual([{ type: 'message', text: 'Plain.' }]);
    replies.push({ kind: 'error', status: 503 });
    await expect(collect(brain, brainRequest([user('hi')]))).rejects.toThrow(BrainError);
  });

  it('maps items to chat messages: audio transcripts, assistant text joined with its calls, orphan outputs', () => {
    const audio: ConversationItem = {
      type: 'message',
      role: 'user',
      content: [{ type: 'input_audio', transcript: 'spoken words' }],
    };
    expect(
      toChatMessages('', [
        audio,
        assistant('Checking.'),
        functionCall('a', {}, 'c1'),
        functionCall('b', {}, 'c2'),
        functionOutput('c9', 'late'),
      ]),
    ).toEqual([
      { role: 'user', content: 'spoken words' },
      {
        role: 'assistant',
        content: 'Checking.',
        tool_calls: [
          { id: 'c1', type: 'function', function: { name: 'a', arguments: '{}' } },
          { id: 'c2', type: 'function', function: { name: 'b', arguments: '{}' } },
        ],
      },
      { role: 'user', content: '(result of tool call c9) late' },
    ]);
  });

  it('parses SSE split anywhere, with comments and CRLF', async () => {
    const wire =
      ': keep-alive\r\ndata: {"a":1}\r\n\r\nevent: x\ndata: {"b":\ndata: 2}\n\ndata: [DONE]\n\ndata: {"c":3}\n\n';
    const bytes = new TextEncoder().encode(wire);
    async function* pieces() {
      for (let i = 0; i < bytes.length; i += 5) yield bytes.subarray(i, i + 5);
    }
    const out: unknown[] = [];
    for await (const event of sseJson(pieces())) out.push(event);
    expect(out).toEqual([{ a: 1 }, { b: 2 }]);
  });
});

describe('chatCompletionsBrain behind the local server', () => {
  it('streams the model text as response deltas, and its tool calls as function_call items', async () => {
    const server = await startLocalRealtime({
      brain: chatCompletionsBrain({ baseUrl, model: 'm' }),
      audio: { pace: 'fast', voice: 'tone' },
    });
    try {
      const client = await connectWs(`${server.url}?model=gpt-realtime`, {});
      await client.log.next('session.created');
      client.send({
        type: 'session.update',
        session: { type: 'realtime', output_modalities: ['text'], tools: [weather] },
      });
      await client.log.next('session.updated');
      replies.push({
        kind: 'sse',
        chunks: [
          ...textChunks('Let me ', 'check.'),
          ...toolChunks('call_x', 'get_weather', ['{"city":"Rome"}']),
        ],
      });
      client.send({
        type: 'conversation.item.create',
        item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Rome?' }] },
      });
      client.send({ type: 'response.create' });
      const done = await client.log.next('response.done');
      expect(client.log.ofType('response.output_text.delta').map((event) => event.delta)).toEqual([
        'Let me ',
        'check.',
      ]);
      expect(done.response).toMatchObject({
        status: 'completed',
        output: [
          { type: 'message', content: [{ type: 'output_text', text: 'Let me check.' }] },
          { type: 'function_call', name: 'get_weather', call_id: 'call_x', arguments: '{"city":"Rome"}' },
        ],
      });
      replies.push({ kind: 'error', status: 500 });
      client.send({ type: 'response.create' });
      const failed = await client.log.next('response.done');
      expect(failed.response).toMatchObject({
        status: 'failed',
        status_details: { type: 'failed', error: { type: 'server_error' } },
      });
      await client.close();
    } finally {
      await server.close();
    }
  });
});

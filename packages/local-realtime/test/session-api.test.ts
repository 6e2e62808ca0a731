import { defineAgent, ItemRetrieveError, isMessageItem, RealtimeSession, tool } from '@switchboard/core';
import { websocketTransport } from '@switchboard/transport-websocket';
import { filter, firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type LocalRealtimeServer, scriptedBrain, startLocalRealtime } from '../src/index.js';
import { base64Chunks, speechTurn } from './helpers/audio.js';

// Core's session API (turns, typed client requests) against the real local server, over a real
// WebSocket on loopback: what the scripted transport fakes in core's unit tests, here for real.

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const getWeather = tool({
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: z.object({ city: z.string() }),
  execute: ({ city }) => ({ city, celsius: 21 }),
});

async function connect(modality: 'text' | 'audio' = 'text') {
  const server: LocalRealtimeServer = await startLocalRealtime({
    port: 0,
    audio: { pace: 'fast', voice: 'tone' },
    brain: scriptedBrain([
      { user: /weather/i, call: { name: 'get_weather', arguments: { city: 'Oslo' } } },
      { toolOutput: 'get_weather', say: 'It is 21 degrees in Oslo.' },
      { user: /.*/, say: 'Hello there.' },
    ]),
  });
  cleanups.push(() => server.close());
  const agent = defineAgent({
    name: 'Assistant',
    instructions: 'Be brief.',
    tools: [getWeather],
    session: { output_modalities: [modality] },
  });
  const session = new RealtimeSession({
    agent,
    context: {},
    transport: websocketTransport({ dialect: 'ga', url: server.url }),
  });
  const errors: Error[] = [];
  session.errors$.subscribe((error) => errors.push(error));
  cleanups.push(() => session.close());
  await session.connect();
  return { server, session, errors };
}

describe('turns against the local server', () => {
  it('a text turn covers the tool call and the follow-up answer', async () => {
    const { session, errors } = await connect();
    const result = await session.sendText("What's the weather?").done;
    expect(result.status).toBe('completed');
    expect(result.toolCalls).toEqual([
      expect.objectContaining({
        name: 'get_weather',
        outcome: 'success',
        output: '{"city":"Oslo","celsius":21}',
      }),
    ]);
    expect(result.text).toBe('It is 21 degrees in Oslo.');
    expect(result.responses).toHaveLength(2);
    expect(errors).toEqual([]);
  });

  it('speech heard by server VAD is a turn that ends with the automatic audio answer', async () => {
    const { session, errors } = await connect('audio');
    const spoken = firstValueFrom(session.turns$);
    for (const chunk of base64Chunks(speechTurn())) session.sendAudio(Buffer.from(chunk, 'base64'));
    const result = await (await spoken).done;
    expect(result.input).toMatchObject({ kind: 'audio', itemId: expect.any(String) });
    expect(result.status).toBe('completed');
    expect(result.responses).toHaveLength(1);
    // A tone has no words to match: the scripted brain's fallback answers, as audio with its transcript.
    expect(result.text).toBe('I have no scripted answer.');
    expect(errors).toEqual([]);
  });
});

describe('typed client requests against the local server', () => {
  it('system and assistant lines are accepted and kept with their roles', async () => {
    const { session, errors } = await connect();
    session.sendText('The caller is a VIP.', { role: 'system', respond: false });
    session.sendText('Welcome back!', { role: 'assistant', respond: false });
    await session.sendText('Hi').done;
    expect(session.history.items.filter(isMessageItem).map((item) => item.role)).toEqual([
      'system',
      'assistant',
      'user',
      'assistant',
    ]);
    expect(errors).toEqual([]);
  });

  it('retrieveItem resolves with the item, or rejects as refused for an unknown id', async () => {
    const { session } = await connect();
    await session.sendText('Hi').done;
    const reply = session.history.items.at(-1);
    expect(await session.retrieveItem(reply?.id as string)).toMatchObject({
      id: reply?.id,
      role: 'assistant',
    });
    const error = await session.retrieveItem('item_missing').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ItemRetrieveError);
    expect(error).toMatchObject({ code: 'refused', cause: { code: 'item_retrieve_invalid_item_id' } });
  });

  it('deleteItem, truncateItem and clearAudio get their confirmations', async () => {
    const { session, errors } = await connect('audio');
    await session.sendText('Hi').done;
    const [user, reply] = session.history.items;
    const confirmed = (type: string) =>
      firstValueFrom(session.events$.pipe(filter((event) => event.type === type)));

    const truncated = confirmed('conversation.item.truncated');
    session.truncateItem(reply?.id as string, 10);
    expect(await truncated).toMatchObject({ item_id: reply?.id, audio_end_ms: 10 });

    const deleted = confirmed('conversation.item.deleted');
    session.deleteItem(user?.id as string);
    await deleted;
    expect(session.history.items.map((item) => item.id)).toEqual([reply?.id]);

    const cleared = confirmed('input_audio_buffer.cleared');
    session.clearAudio();
    await cleared;
    expect(errors).toEqual([]);
  });
});

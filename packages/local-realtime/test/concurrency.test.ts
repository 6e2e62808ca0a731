import { afterAll, beforeAll, expect, it } from 'vitest';
import { type LocalRealtimeServer, scriptedBrain, startLocalRealtime } from '../src/index.js';
import { connectWs, type TestClient } from './helpers/clients.js';

let server: LocalRealtimeServer;
const clients: TestClient[] = [];

beforeAll(async () => {
  server = await startLocalRealtime({
    brain: scriptedBrain({ rules: [], fallback: (c) => [{ type: 'message', text: `Echo: ${c.userText}` }] }),
    audio: { pace: 'fast', voice: 'tone' },
  });
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await server.close();
});

it('50 concurrent connections each complete a text turn with their own answer, in order', async () => {
  const count = 50;
  const opened = await Promise.all(
    Array.from({ length: count }, () =>
      connectWs(`${server.url}?model=gpt-realtime`, { headers: { Authorization: 'Bearer x' } }),
    ),
  );
  clients.push(...opened);
  expect(server.connections).toBe(count);
  const answers = await Promise.all(
    opened.map(async (client, index) => {
      await client.log.next('session.created');
      client.send({ type: 'session.update', session: { type: 'realtime', output_modalities: ['text'] } });
      client.send({
        type: 'conversation.item.create',
        item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: `caller ${index}` }] },
      });
      client.send({ type: 'response.create' });
      const done = await client.log.next('response.done', 15_000);
      const types = client.log.events.map((event) => event.type);
      expect(types.indexOf('response.created')).toBeLessThan(types.indexOf('response.output_text.done'));
      expect(types.indexOf('response.output_text.done')).toBeLessThan(types.indexOf('response.done'));
      return (done.response as { output: { content: { text: string }[] }[] }).output[0]?.content[0]?.text;
    }),
  );
  expect(answers).toEqual(Array.from({ length: count }, (_, index) => `Echo: caller ${index}`));
  const ids = new Set(
    opened.map((client) => (client.log.events[0]?.session as { id?: string } | undefined)?.id),
  );
  expect(ids.size).toBe(count);
});

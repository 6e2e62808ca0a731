import { afterEach, expect, it } from 'vitest';
import { type Brain, startLocalRealtime } from '../src/index.js';
import { browserPeer, peers, postOffer } from './helpers/browser-peer.js';
import { connectWs } from './helpers/clients.js';

/*
 * A client that stops reading must not grow the server (issue 10, point 3): its responses pause
 * and its further requests wait, and nothing is lost once it reads again.
 */

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(peers.splice(0).map((peer) => peer.close()));
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const PIECE = 'x'.repeat(16 * 1024);
const PIECES = 3000; // 48 MiB of text: more than the kernel's socket buffers and the pause mark together

async function start(brain?: Brain) {
  const server = await startLocalRealtime({
    audio: { pace: 'fast', voice: 'tone' },
    ...(brain ? { brain } : {}),
  });
  cleanups.push(() => server.close());
  const client = await connectWs(`${server.url}?model=gpt-realtime`);
  cleanups.push(() => client.close());
  await client.log.next('session.created');
  client.send({ type: 'session.update', session: { type: 'realtime', output_modalities: ['text'] } });
  await client.log.next('session.updated');
  return { server, client };
}

/** Polls until `read()` stops changing for three readings in a row (or 10 s pass). */
async function settled(read: () => number): Promise<number> {
  let last = -1;
  let same = 0;
  for (let i = 0; i < 100 && same < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = read();
    same = now === last ? same + 1 : 0;
    last = now;
  }
  return last;
}

/** A brain that streams {@link PIECES} pieces of text, counting how many were pulled. */
function firehose() {
  const counter = { pulled: 0 };
  const brain: Brain = {
    name: 'firehose',
    async *respond() {
      yield {
        type: 'message',
        text: (async function* () {
          for (let i = 0; i < PIECES; i++) {
            counter.pulled += 1;
            yield PIECE;
          }
        })(),
      };
    },
  };
  return { brain, counter };
}

// Its own wait for response.done is up to 30 s (a loaded machine needs more than the default 20 s).
it('a WebRTC call whose sideband socket stops reading pauses its response', async () => {
  const { brain, counter } = firehose();
  const server = await startLocalRealtime({ audio: { pace: 'fast', voice: 'tone' }, brain });
  cleanups.push(() => server.close());
  const answer = await postOffer(`${server.httpUrl}/realtime/calls`, (await browserPeer()).offer, {
    'content-type': 'application/sdp',
  });
  const sideband = await connectWs(`${server.url}?call_id=${answer.location?.split('/').pop()}`);
  cleanups.push(() => sideband.close());
  sideband.send({ type: 'session.update', session: { type: 'realtime', output_modalities: ['text'] } });
  await sideband.log.next('session.updated');
  sideband.send({ type: 'response.create' });
  sideband.socket.pause();
  expect(await settled(() => counter.pulled)).toBeLessThan(PIECES / 2);
  sideband.socket.resume();
  expect((await sideband.log.next('response.done', 30_000)).response).toMatchObject({ status: 'completed' });
}, 60_000);

it('a response to a client that stops reading pauses, and arrives whole once it reads again', async () => {
  const { brain, counter } = firehose();
  const { client } = await start(brain);
  client.send({ type: 'response.create' });
  client.socket.pause();
  const whilePaused = await settled(() => counter.pulled);
  // Paused well before the end: at most the pause mark plus the kernel's buffers went out.
  expect(whilePaused).toBeLessThan(PIECES / 2);
  client.socket.resume();
  const done = await client.log.next('response.done', 30_000);
  expect((done.response as { status: string }).status).toBe('completed');
  const text = client.log
    .ofType('response.output_text.delta')
    .map((event) => event.delta as string)
    .join('');
  expect(text.length).toBe(PIECES * PIECE.length);
});

it('retrieving a large item over and over without reading holds the requests, not the heap', async () => {
  const { client } = await start();
  const audio = Buffer.alloc(4 * 1024 * 1024, 1).toString('base64');
  client.send({
    type: 'conversation.item.create',
    item: { id: 'item_big', type: 'message', role: 'user', content: [{ type: 'input_audio', audio }] },
  });
  await client.log.next('conversation.item.done');
  const socket = client.socket;
  globalThis.gc?.();
  const before = process.memoryUsage();
  socket.pause();
  const requests = 40;
  for (let i = 0; i < requests; i++) client.send({ type: 'conversation.item.retrieve', item_id: 'item_big' });
  await settled(() => process.memoryUsage().arrayBuffers);
  const after = process.memoryUsage();
  const grown = after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers);
  // Without flow control: 40 replies of 5.6 MB each (224 MB) sat in the server's send queue.
  expect(grown).toBeLessThan(80 * 1024 * 1024);
  socket.resume();
  for (let i = 0; i < requests; i++) {
    const retrieved = await client.log.next('conversation.item.retrieved', 30_000);
    const part = (retrieved.item as { content: { audio: string }[] }).content[0];
    expect(part?.audio.length).toBe(audio.length);
  }
});

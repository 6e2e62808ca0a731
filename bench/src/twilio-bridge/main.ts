import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defineAgent, RealtimeSession } from '@switchboard/core';
import { acceptTwilioStreams, TwilioTransport } from '@switchboard/transport-twilio';
import { websocketTransport } from '@switchboard/transport-websocket';
import { replaceSection } from '../report/own-sections.js';
import { type Summary, summarize } from '../stats.js';
import { openTwilioStream, startBareRelay, startModel } from './peers.js';

/**
 * The delay the Twilio bridge adds per audio frame, on loopback: the same numbered 20 ms µ-law
 * frames go caller → bridge → model (`media` → `input_audio_buffer.append`) and model → bridge →
 * caller (`response.output_audio.delta` → `media` + `mark`), once through Switchboard's bridge (a
 * `TwilioTransport` under a `RealtimeSession`, as an app runs it) and once through a bare relay that
 * only parses and forwards over the same sockets. Each frame is timed from the send on one socket to
 * the receive on the other, on one clock; the bridge's added delay is the difference.
 *
 *   pnpm --filter @switchboard/bench bench:twilio                 # prints the table
 *   pnpm --filter @switchboard/bench bench:twilio -- --write      # and writes its section of docs/benchmarks.md
 */
const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    frames: { type: 'string', default: '3000' },
    interval: { type: 'string', default: '5' },
    write: { type: 'boolean', default: false },
  },
});
const FRAMES = Number(values.frames);
const INTERVAL_MS = Number(values.interval);
const WARMUP = Math.min(200, Math.floor(FRAMES / 10));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean): Promise<void> {
  const started = performance.now();
  while (!check()) {
    if (performance.now() - started > 10_000) throw new Error('the bench peers did not connect');
    await sleep(5);
  }
}

/** Starts Switchboard's bridge: media streams accepted on an HTTP server, one session per call. */
async function startBridge(modelUrl: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer();
  const agent = defineAgent({ name: 'Phone', instructions: 'Answer the phone.', voice: 'marin' });
  const sessions: RealtimeSession<unknown>[] = [];
  const streams = acceptTwilioStreams({
    server,
    onStream: (stream) => {
      const transport = new TwilioTransport({
        stream,
        realtime: websocketTransport({ dialect: 'ga', url: modelUrl }),
      });
      const session = new RealtimeSession({ agent, context: {}, transport });
      sessions.push(session);
      void session.connect();
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/twilio/media`,
    async close() {
      await Promise.all(sessions.map((session) => session.close()));
      streams.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface DirectionResult {
  readonly inbound: Summary;
  readonly outbound: Summary;
}

/** Sends FRAMES frames each way (interleaved, one every INTERVAL_MS) and times them. */
async function measure(kind: 'bridge' | 'bare'): Promise<DirectionResult> {
  const model = await startModel();
  const relay = kind === 'bridge' ? await startBridge(model.url) : await startBareRelay(model.url);
  const twilio = await openTwilioStream(relay.url);
  await until(() => model.ready);
  const sentIn = new Map<number, number>();
  const sentOut = new Map<number, number>();
  for (let sequence = 1; sequence <= FRAMES; sequence += 1) {
    sentIn.set(sequence, performance.now());
    twilio.sendFrame(sequence);
    sentOut.set(sequence, performance.now());
    model.sendDelta(sequence);
    await sleep(INTERVAL_MS);
  }
  await until(() => model.appends.size >= FRAMES && twilio.media.size >= FRAMES);
  const delays = (sent: Map<number, number>, received: Map<number, number>) =>
    [...sent]
      .filter(([sequence]) => sequence > WARMUP)
      .map(([sequence, at]) => (received.get(sequence) as number) - at);
  const result = {
    inbound: summarize(delays(sentIn, model.appends)),
    outbound: summarize(delays(sentOut, twilio.media)),
  };
  await twilio.close();
  await relay.close();
  await model.close();
  return result;
}

const bare = await measure('bare');
const bridge = await measure('bridge');
const ms = (value: number) => value.toFixed(3);
const rows = (['inbound', 'outbound'] as const).map((direction) => {
  const label =
    direction === 'inbound'
      ? 'caller → model (`media` → `append`)'
      : 'model → caller (`delta` → `media` + `mark`)';
  const b = bare[direction];
  const s = bridge[direction];
  return `| ${label} | ${ms(b.p50)} / ${ms(b.p99)} | ${ms(s.p50)} / ${ms(s.p99)} | **${ms(s.p50 - b.p50)} / ${ms(s.p99 - b.p99)}** |`;
});
const section = `## Twilio bridge: added delay per audio frame

\`pnpm --filter @switchboard/bench bench:twilio -- --write\` (Node ${process.version}, ${os.cpus().length} cores, loopback).
The same numbered 20 ms µ-law frames cross the bridge both ways, ${FRAMES - WARMUP} each way after ${WARMUP} warm-up,
one every ${INTERVAL_MS} ms: once through \`TwilioTransport\` under a \`RealtimeSession\` (as an app runs it), once
through a bare relay that only parses and forwards over the same sockets. Each frame is timed from the send on one
socket to the receive on the other, on one clock; the bridge adds the difference.

| direction | bare relay p50 / p99 (ms) | Switchboard bridge p50 / p99 (ms) | added by the bridge p50 / p99 (ms) |
| --- | --- | --- | --- |
${rows.join('\n')}
`;
console.log(section);
if (values.write) {
  const file = fileURLToPath(new URL('../../../docs/benchmarks.md', import.meta.url));
  writeFileSync(file, replaceSection(readFileSync(file, 'utf8'), 'twilio-bridge', section));
  console.log(`bench: wrote the twilio-bridge section of ${file}`);
}

/**
 * How much the protocol layer adds to ingesting the highest-volume event, `response.output_audio.delta`.
 * Run from packages/core: `pnpm exec vitest bench --run bench/`.
 *
 * "frame" rows start from the text frame (what a transport receives); "decoded" rows start from the
 * already decoded object, isolating validation cost.
 */
import { bench, describe } from 'vitest';
import { betaDialect, parseServerEvent, ServerEventSchema } from '../src/protocol/index.js';
import { ResponseOutputAudioDeltaEventSchema } from '../src/protocol/server-events/response.js';

// 100 ms of 24 kHz PCM16 is 4,800 bytes: 6,400 base64 characters, a typical delta size.
const audio = Buffer.alloc(4800, 7).toString('base64');
const event = {
  type: 'response.output_audio.delta',
  event_id: 'event_BJHdiw3QS9', // realistic id lengths
  response_id: 'resp_BJHdikF8nYrLz7',
  item_id: 'item_BJHdiw3QS9vm2',
  output_index: 0,
  content_index: 0,
  delta: audio,
};
const frame = JSON.stringify(event);
const betaFrame = JSON.stringify({ ...event, type: 'response.audio.delta' });

describe('response.output_audio.delta from a text frame', () => {
  bench('JSON.parse only (baseline)', () => {
    JSON.parse(frame);
  });
  bench('JSON.parse + parseServerEvent (fast path)', () => {
    parseServerEvent(JSON.parse(frame));
  });
  bench('JSON.parse + betaDialect + parseServerEvent', () => {
    parseServerEvent(betaDialect.serverEventToCanonical(JSON.parse(betaFrame)));
  });
  bench('JSON.parse + event schema safeParse (zod)', () => {
    ResponseOutputAudioDeltaEventSchema.safeParse(JSON.parse(frame));
  });
  bench('JSON.parse + ServerEventSchema safeParse (zod union)', () => {
    ServerEventSchema.safeParse(JSON.parse(frame));
  });
});

describe('response.output_audio.delta already decoded', () => {
  bench('parseServerEvent (fast path)', () => {
    parseServerEvent(event);
  });
  bench('event schema safeParse (zod)', () => {
    ResponseOutputAudioDeltaEventSchema.safeParse(event);
  });
  bench('ServerEventSchema safeParse (zod union)', () => {
    ServerEventSchema.safeParse(event);
  });
});

// Text deltas are tiny, so validation is a larger share of their cost than for audio.
const textFrame = JSON.stringify({ ...event, type: 'response.output_text.delta', delta: 'Hello' });

describe('response.output_text.delta (small) from a text frame', () => {
  bench('JSON.parse only (baseline)', () => {
    JSON.parse(textFrame);
  });
  bench('JSON.parse + parseServerEvent (fast path)', () => {
    parseServerEvent(JSON.parse(textFrame));
  });
  bench('JSON.parse + ServerEventSchema safeParse (zod union)', () => {
    ServerEventSchema.safeParse(JSON.parse(textFrame));
  });
});

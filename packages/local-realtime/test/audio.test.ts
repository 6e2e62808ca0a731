import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pcmToWire, wireToPcm } from '../src/audio/formats.js';
import { resample } from '../src/audio/pcm.js';
import {
  createSynthesizer,
  decodeG711,
  decodePcm16,
  encodeG711,
  encodePcm16,
  encodeWav,
  generateTone,
  parseWav,
  rms,
  SynthesizerUnavailableError,
  startLocalRealtime,
  toneSpeech,
  WavFormatError,
} from '../src/index.js';
import { sampleCount } from './helpers/audio.js';
import { connectWs } from './helpers/clients.js';

const dir = mkdtempSync(join(tmpdir(), 'local-realtime-audio-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A stand-in for espeak-ng: `--version` succeeds; otherwise it reads the text from stdin, records its
 * arguments, and writes a 22,050 Hz WAV with 100 samples per character of text to stdout.
 */
function fakeEspeak(): string {
  const path = join(dir, 'fake-espeak-ng');
  writeFileSync(
    path,
    `#!/usr/bin/env node
const fs = require('node:fs');
if (process.argv.includes('--version')) process.exit(0);
const text = fs.readFileSync(0, 'utf8');
fs.writeFileSync(${JSON.stringify(join(dir, 'args.json'))}, JSON.stringify({ args: process.argv.slice(2), text }));
const samples = text.length * 100;
const header = Buffer.alloc(44);
header.write('RIFF', 0); header.writeUInt32LE(0x7ffff000, 4); header.write('WAVEfmt ', 8);
header.writeUInt32LE(16, 16); header.writeUInt16LE(1, 20); header.writeUInt16LE(1, 22);
header.writeUInt32LE(22050, 24); header.writeUInt32LE(44100, 28); header.writeUInt16LE(2, 32); header.writeUInt16LE(16, 34);
header.write('data', 36); header.writeUInt32LE(0x7ffff000, 40);
const body = Buffer.alloc(samples * 2);
for (let i = 0; i < samples; i++) body.writeInt16LE(Math.round(Math.sin(i / 5) * 8000), i * 2);
process.stdout.write(Buffer.concat([header, body]));
`,
  );
  chmodSync(path, 0o755);
  return path;
}

describe('PCM and G.711', () => {
  it('PCM16 base64 round-trips', () => {
    const tone = generateTone({ durationMs: 50 });
    expect(decodePcm16(encodePcm16(tone))).toEqual(tone);
  });

  it('µ-law and A-law round-trip within the codec error, and are 8 kHz on the wire', () => {
    const tone = generateTone({ durationMs: 300, amplitude: 0.5 });
    for (const format of ['audio/pcmu', 'audio/pcma'] as const) {
      const wire = pcmToWire(tone, format);
      expect(wire.length).toBe(tone.length / 3);
      const back = wireToPcm(wire, format);
      expect(back.length).toBe(tone.length);
      expect(rms(back)).toBeCloseTo(rms(tone), 1);
    }
    const law = encodeG711(Int16Array.from([0, 1000, -1000, 32000, -32000]), 'ulaw');
    const decoded = decodeG711(law, 'ulaw');
    expect(Math.abs((decoded[1] as number) - 1000)).toBeLessThan(40);
    expect(Math.abs((decoded[3] as number) - 32000)).toBeLessThan(1100);
    expect(Math.sign(decoded[4] as number)).toBe(-1);
  });

  it('resamples 22,050 Hz to 24 kHz', () => {
    expect(resample(new Int16Array(22050), 22050, 24000).length).toBe(24000);
  });
});

describe('WAV', () => {
  it('round-trips, and reads streamed WAVs whose data size is a placeholder', () => {
    const tone = generateTone({ durationMs: 20, sampleRate: 22050 });
    const wav = encodeWav(tone, 22050);
    expect(parseWav(wav)).toEqual({ sampleRate: 22050, samples: tone });
    wav.writeUInt32LE(0x7ffff000, 40);
    expect(parseWav(wav).samples).toEqual(tone);
    expect(() => parseWav(Buffer.from('not a wav file at all'))).toThrow(WavFormatError);
  });
});

describe('speech', () => {
  it('the tone voice lasts about as long as the text takes to say', () => {
    const short = toneSpeech('Hi.');
    const long = toneSpeech('This sentence is quite a bit longer than the other one.');
    expect(short.length / 24000).toBeGreaterThan(0.2);
    expect(long.length).toBeGreaterThan(short.length * 4);
    expect(toneSpeech('Hello there', { speed: 1.5 }).length).toBeLessThan(toneSpeech('Hello there').length);
  });

  it('auto falls back to the tone without espeak-ng; espeak then fails loudly', async () => {
    const missing = join(dir, 'no-such-espeak');
    expect((await createSynthesizer({ voice: 'auto', espeakPath: missing })).kind).toBe('tone');
    await expect(createSynthesizer({ voice: 'espeak', espeakPath: missing })).rejects.toBeInstanceOf(
      SynthesizerUnavailableError,
    );
    expect((await createSynthesizer({ voice: 'tone', espeakPath: fakeEspeak() })).kind).toBe('tone');
  });

  it('runs espeak-ng with --stdout, the text on stdin, a voice variant and speed, resampling to 24 kHz', async () => {
    const synth = await createSynthesizer({ voice: 'auto', espeakPath: fakeEspeak() });
    expect(synth.kind).toBe('espeak');
    const pcm = await synth.speak({ text: '--not an option', voice: 'echo', speed: 1.2 });
    expect(pcm.length).toBe(Math.round((15 * 100 * 24000) / 22050));
    const call = JSON.parse(readFileSync(join(dir, 'args.json'), 'utf8')) as { args: string[]; text: string };
    expect(call.text).toBe('--not an option');
    expect(call.args).toEqual(['--stdout', '--stdin', '-v', 'en-us+m1', '-s', '210']);
  });

  it('the server speaks through espeak-ng when it is there', async () => {
    const server = await startLocalRealtime({
      audio: { pace: 'fast', voice: 'espeak', espeakPath: fakeEspeak() },
    });
    try {
      expect(server.voice).toBe('espeak');
      const client = await connectWs(`${server.url}?model=gpt-realtime`, {});
      await client.log.next('session.created');
      client.send({ type: 'response.create' });
      const done = await client.log.next('response.done');
      const transcript =
        (done.response as { output: { content: { transcript: string }[] }[] }).output[0]?.content[0]
          ?.transcript ?? '';
      const deltas = client.log.ofType('response.output_audio.delta').map((event) => event.delta as string);
      // Spoken sentence by sentence: each sentence is one espeak-ng run, resampled on its own.
      const sentences = transcript.trim().split(/(?<=[.!?])\s+/);
      expect(sentences.length).toBeGreaterThan(1);
      const expected = sentences.reduce(
        (sum, sentence) => sum + Math.round((sentence.length * 100 * 24000) / 22050),
        0,
      );
      expect(sampleCount(deltas)).toBe(expected);
      await client.close();
    } finally {
      await server.close();
    }
  });
});

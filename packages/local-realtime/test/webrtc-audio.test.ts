import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RtpPacket } from 'werift';
import { generateTone, rms } from '../src/index.js';
import { OutputAudioPlayer } from '../src/webrtc/audio-out.js';
import { FRAME_SAMPLES_24K, OpusDecoder, OpusEncoder } from '../src/webrtc/opus.js';

describe('Opus for WebRTC calls', () => {
  it('round-trips 20 ms frames of 24 kHz PCM through Opus at 48 kHz', () => {
    const encoder = new OpusEncoder();
    const decoder = new OpusDecoder();
    const tone = generateTone({ durationMs: 200, frequency: 440, amplitude: 0.3 });
    let decoded = 0;
    let loud = 0;
    for (let offset = 0; offset < tone.length; offset += FRAME_SAMPLES_24K) {
      const pcm = decoder.decode(encoder.encode(tone.subarray(offset, offset + FRAME_SAMPLES_24K)));
      decoded += pcm.length;
      if (rms(pcm) > 0.1) loud += 1;
    }
    expect(decoded).toBe(tone.length);
    expect(loud).toBeGreaterThan(7); // the codec's look-ahead makes the first frame quiet
    expect(decoder.decode(Buffer.alloc(0))).toHaveLength(0); // an empty payload (DTX) gives nothing
    encoder.dispose();
    decoder.dispose();
  });

  it('codecs made before the WebAssembly heap grew still encode and decode after it grew', () => {
    // opusscript cached views of the WASM heap that the heap's growth detached (issue 10: the
    // ~40th call got "offset is out of bounds"); 400 more codecs grow a 16 MiB heap for sure.
    const encoder = new OpusEncoder();
    const decoder = new OpusDecoder();
    const more = Array.from({ length: 400 }, () => new OpusEncoder());
    const tone = generateTone({ durationMs: 20, frequency: 440, amplitude: 0.3 });
    expect(decoder.decode(encoder.encode(tone)).length).toBe(FRAME_SAMPLES_24K);
    for (const codec of [...more, encoder, decoder]) codec.dispose();
  });
});

describe('the output audio player', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] }));
  afterEach(() => vi.useRealTimers());

  function player() {
    const packets: RtpPacket[] = [];
    const events: string[] = [];
    const audio = new OutputAudioPlayer((packet) => packets.push(packet), {
      started: (id) => events.push(`started ${id}`),
      stopped: (id) => events.push(`stopped ${id}`),
    });
    audio.start();
    return { audio, packets, events };
  }

  it('plays one 20 ms packet per 20 ms, silence included, with steady sequence numbers and timestamps', () => {
    const { audio, packets } = player();
    vi.advanceTimersByTime(200);
    expect(packets).toHaveLength(10);
    const [first, second] = packets;
    expect(
      ((second?.header.sequenceNumber ?? 0) - (first?.header.sequenceNumber ?? 0) + 0x10000) % 0x10000,
    ).toBe(1);
    expect(((second?.header.timestamp ?? 0) - (first?.header.timestamp ?? 0)) >>> 0).toBe(960);
    audio.dispose();
  });

  it('reports started and stopped per response, in playing order, after the audio has played', () => {
    const { audio, events } = player();
    audio.push('resp_1', generateTone({ durationMs: 100 }));
    audio.push('resp_2', generateTone({ durationMs: 60 }));
    audio.finish('resp_1');
    vi.advanceTimersByTime(60);
    expect(events).toEqual(['started resp_1']);
    vi.advanceTimersByTime(60);
    expect(events).toEqual(['started resp_1', 'stopped resp_1', 'started resp_2']);
    vi.advanceTimersByTime(200);
    expect(events).toHaveLength(3); // resp_2 is not finished: more audio may come
    audio.finish('resp_2');
    expect(events.at(-1)).toBe('stopped resp_2');
    audio.finish('resp_text_only'); // a response without audio is not reported
    expect(events).toHaveLength(4);
    audio.dispose();
  });

  it('drops queued audio on clear and names the response it cut', () => {
    const { audio, events } = player();
    audio.push('resp_1', generateTone({ durationMs: 1000 }));
    vi.advanceTimersByTime(100);
    expect(audio.playing).toBe('resp_1');
    expect(audio.clear()).toBe('resp_1');
    expect(audio.playing).toBeUndefined();
    expect(audio.clear()).toBeUndefined();
    expect(audio.lastResponse).toBe('resp_1');
    vi.advanceTimersByTime(100);
    expect(events).toEqual(['started resp_1']);
    audio.dispose();
  });
});

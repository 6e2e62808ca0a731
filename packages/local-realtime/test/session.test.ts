import type { ServerEvent } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { createSynthesizer, LocalSession, scriptedBrain } from '../src/index.js';
import { InputAudioBuffer } from '../src/session/input-audio-buffer.js';
import { cutAtWord } from '../src/session/item-handlers.js';
import { ItemsStore, UnknownItemError, withoutAudio } from '../src/session/items-store.js';
import { defaultSessionConfig, mergeSessionUpdate } from '../src/session/session-config.js';
import { fixedPieces, sentences, wordPieces } from '../src/session/text-pieces.js';

describe('LocalSession (no socket: events in, events out)', () => {
  it('runs a text turn from plain event objects, as a WebRTC data channel would drive it', async () => {
    const events: ServerEvent[] = [];
    const session = new LocalSession(
      {
        brain: scriptedBrain([{ user: 'ping', say: 'pong' }]),
        synthesizer: await createSynthesizer({ voice: 'tone' }),
        pace: 'fast',
        model: 'gpt-realtime',
        sessionLayers: [{ output_modalities: ['text'] }, { instructions: 'From a secret.' }],
      },
      (event) => events.push(event),
    );
    session.start();
    expect(events[0]).toMatchObject({
      type: 'session.created',
      session: { output_modalities: ['text'], instructions: 'From a secret.' },
    });
    session.handle({
      type: 'conversation.item.create',
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'ping' }] },
    });
    session.handle({ type: 'response.create' });
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (events.some((event) => event.type === 'rate_limits.updated')) {
          clearInterval(timer);
          resolve();
        }
      }, 5);
    });
    const done = events.find((event) => event.type === 'response.done');
    expect(done).toMatchObject({
      response: { status: 'completed', output: [{ content: [{ text: 'pong' }] }] },
    });
    expect(session.store.size).toBe(2);
    session.close();
    session.handle({ type: 'response.create' });
    expect(events.at(-1)?.type).toBe('rate_limits.updated');
  });
});

describe('ItemsStore', () => {
  const item = (id: string) => ({ id, type: 'message' as const, role: 'user' as const, content: [] });

  it('inserts at the end, after an item, or at the root, and reports the previous item', () => {
    const store = new ItemsStore();
    expect(store.insert(item('a'))).toEqual({ previousItemId: null });
    expect(store.insert(item('c'))).toEqual({ previousItemId: 'a' });
    expect(store.insert(item('b'), 'a')).toEqual({ previousItemId: 'a' });
    expect(store.insert(item('z'), 'root')).toEqual({ previousItemId: null });
    expect(store.items().map((entry) => entry.id)).toEqual(['z', 'a', 'b', 'c']);
    expect(() => store.insert(item('x'), 'nope')).toThrow(UnknownItemError);
    expect(store.delete('a')).toBe(true);
    expect(store.delete('a')).toBe(false);
    expect(store.lastId()).toBe('c');
  });

  it('strips audio bytes for events, keeping transcripts', () => {
    const withAudio = {
      type: 'message' as const,
      role: 'user' as const,
      content: [{ type: 'input_audio' as const, audio: 'AAAA', transcript: 'hi' }],
    };
    expect(withoutAudio(withAudio)).toEqual({
      type: 'message',
      role: 'user',
      content: [{ type: 'input_audio', transcript: 'hi' }],
    });
  });
});

describe('InputAudioBuffer', () => {
  it('keeps a timeline across commits and takes ranges by milliseconds', () => {
    const buffer = new InputAudioBuffer(48);
    buffer.append(Buffer.alloc(48 * 500));
    expect(buffer.durationMs).toBe(500);
    const range = buffer.takeRange(100, 300);
    expect(range.length).toBe(48 * 200);
    expect(buffer.startMs).toBe(300);
    expect(buffer.durationMs).toBe(200);
    buffer.append(Buffer.alloc(48 * 100));
    expect(buffer.timelineMs).toBe(600);
    buffer.dropBefore(550);
    expect(buffer.durationMs).toBe(50);
    expect(buffer.takeAll().length).toBe(48 * 50);
    expect(buffer.timelineMs).toBe(600);
  });
});

describe('session.update merging', () => {
  it('merges audio field by field and fills turn detection defaults', () => {
    const base = defaultSessionConfig('gpt-realtime');
    const next = mergeSessionUpdate(base, {
      type: 'realtime',
      instructions: '',
      tools: [],
      audio: {
        input: { turn_detection: { type: 'server_vad', silence_duration_ms: 900 } },
        output: { speed: 1.2 },
      },
    });
    expect(next.instructions).toBe('');
    expect(next.audio?.output).toEqual({
      format: { type: 'audio/pcm', rate: 24000 },
      voice: 'marin',
      speed: 1.2,
    });
    expect(next.audio?.input?.turn_detection).toMatchObject({
      type: 'server_vad',
      silence_duration_ms: 900,
      threshold: 0.5,
    });
    expect(mergeSessionUpdate(next, { type: 'realtime', id: 'sess_fake' }).id).toBe(next.id);
  });
});

describe('text pieces', () => {
  it('cuts words, fixed pieces and sentences without losing characters', async () => {
    expect(wordPieces('Hello there,  friend. ')).toEqual(['Hello', ' there,', '  friend. ']);
    expect(fixedPieces('abcdefg', 3)).toEqual(['abc', 'def', 'g']);
    const out: string[] = [];
    for await (const sentence of sentences('Hi. How are you? Fine!')) out.push(sentence);
    expect(out).toEqual(['Hi. ', 'How are you? ', 'Fine!']);
    async function* stream() {
      yield 'One two';
      yield ' three. Four';
    }
    const streamed: string[] = [];
    for await (const sentence of sentences(stream())) streamed.push(sentence);
    expect(streamed).toEqual(['One two three. ', 'Four']);
  });

  it('cutAtWord keeps whole words only', () => {
    expect(cutAtWord('one two three four', 0.5)).toBe('one two');
    expect(cutAtWord('one two three four', 0.1)).toBe('');
    expect(cutAtWord('one two', 1)).toBe('one two');
  });
});

import { createServerScript } from '@switchboard/core/testing';
import { describe, expect, it } from 'vitest';
import { eventRows, withoutAudio } from '../src/inspect/event-rows.js';
import { observe } from '../src/inspect/observe.js';
import { audioDelta, recording } from './helpers.js';

const pcm = (ms: number) => Buffer.alloc(ms * 48).toString('base64');

describe('eventRows', () => {
  it('shows a run of deltas as one row per item and part, with its count and text or size', () => {
    const response = createServerScript().textResponse('Hello there, how can I help?');
    const { entries } = recording().server(
      ...response.events,
      audioDelta(response.responseId, 'a'),
      audioDelta(response.responseId, 'b'),
      audioDelta(response.responseId, 'a'),
    );
    const rows = eventRows(observe(entries));
    const text = rows.find((row) => row.type === 'response.output_text.delta');
    expect(text).toMatchObject({ count: 2, summary: '2 events: Hello there, how can I help?' });
    expect(
      rows.filter((row) => row.type === 'response.output_audio.delta').map((row) => row.summary),
    ).toEqual(['2 events, 9.4 KB of audio', '1 event, 4.7 KB of audio']);
    expect(rows.length).toBe(entries.length - 2);
  });

  it("splits the caller's appends into runs at each VAD event and each other client event", () => {
    const append = { type: 'input_audio_buffer.append', audio: pcm(20) } as const;
    const { entries } = recording()
      .client(append, append, append)
      .server({ type: 'input_audio_buffer.speech_started', event_id: 'e', audio_start_ms: 40, item_id: 'i' })
      .client(append, append)
      .client({ type: 'response.cancel' })
      .client(append);
    const rows = eventRows(observe(entries)).map((row) => `${row.type} ×${row.count} ${row.summary}`);
    expect(rows).toEqual([
      'input_audio_buffer.append ×3 3 events, 2.8 KB of audio',
      'input_audio_buffer.speech_started ×1 at 40 ms of input · i',
      'input_audio_buffer.append ×2 2 events, 1.9 KB of audio',
      'response.cancel ×1 ',
      'input_audio_buffer.append ×1 1 event, 960 B of audio',
    ]);
  });

  it('keeps an event that breaks the schema, marked invalid with the reason', () => {
    const { entries } = recording().server({
      type: 'response.done',
      event_id: 'e',
      response: 'not an object',
    });
    const [row] = eventRows(observe(entries));
    expect(row).toMatchObject({
      invalid: true,
      type: 'response.done',
      summary: expect.stringMatching(/^invalid: .*response/),
    });
  });
});

describe('withoutAudio', () => {
  it('replaces every audio field and audio delta with its size, and leaves the rest as it was', () => {
    const item = {
      type: 'message',
      role: 'user',
      content: [{ type: 'input_audio', audio: pcm(10), transcript: 'hi' }],
    };
    expect(withoutAudio({ type: 'conversation.item.create', item })).toEqual({
      type: 'conversation.item.create',
      item: {
        type: 'message',
        role: 'user',
        content: [{ type: 'input_audio', audio: '[480 bytes of audio]', transcript: 'hi' }],
      },
    });
    expect(
      withoutAudio({ type: 'response.output_audio.delta', delta: pcm(100) }, 'response.output_audio.delta'),
    ).toEqual({
      type: 'response.output_audio.delta',
      delta: '[4800 bytes of audio]',
    });
    // A text delta is text, not audio.
    expect(withoutAudio({ delta: 'abc' }, 'response.output_text.delta')).toEqual({ delta: 'abc' });
  });
});

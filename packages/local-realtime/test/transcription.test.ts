import { describe, expect, it } from 'vitest';
import { startLocalRealtime } from '../src/index.js';
import { base64Chunks, speechTurn } from './helpers/audio.js';
import { conformanceBrain, LOOKUP_INVOICE } from './helpers/brains.js';
import { connectWs } from './helpers/clients.js';

const session = {
  type: 'session.update',
  session: {
    type: 'realtime',
    output_modalities: ['text'],
    tools: [LOOKUP_INVOICE],
    audio: {
      input: {
        transcription: { model: 'whisper-1' },
        turn_detection: { type: 'server_vad', silence_duration_ms: 300 },
      },
    },
  },
};

describe('input audio transcription', () => {
  it('with a transcriber: delta, completed, item done with the transcript, and the brain hears it', async () => {
    const heard: number[] = [];
    const server = await startLocalRealtime({
      brain: conformanceBrain(),
      audio: {
        pace: 'fast',
        voice: 'tone',
        transcribe: async ({ pcm }) => {
          heard.push(pcm.length);
          return 'Check invoice INV-5 please';
        },
      },
    });
    try {
      const client = await connectWs(`${server.url}?model=gpt-realtime`, {});
      await client.log.next('session.created');
      client.send(session);
      await client.log.next('session.updated');
      const start = client.log.mark();
      for (const chunk of base64Chunks(speechTurn()))
        client.send({ type: 'input_audio_buffer.append', audio: chunk });
      const done = await client.log.next('response.done');
      expect(client.log.typesSince(start).slice(0, 8)).toEqual([
        'input_audio_buffer.speech_started',
        'input_audio_buffer.speech_stopped',
        'input_audio_buffer.committed',
        'conversation.item.added',
        'conversation.item.input_audio_transcription.delta*',
        'conversation.item.input_audio_transcription.completed',
        'conversation.item.done',
        'response.created',
      ]);
      expect(client.log.ofType('conversation.item.input_audio_transcription.completed')[0]).toMatchObject({
        content_index: 0,
        transcript: 'Check invoice INV-5 please',
        usage: { type: 'duration' },
      });
      expect(client.log.ofType('conversation.item.done', start)[0]?.item).toMatchObject({
        content: [{ type: 'input_audio', transcript: 'Check invoice INV-5 please' }],
      });
      expect(done.response).toMatchObject({
        output: [{ type: 'function_call', arguments: '{"invoice_id":"INV-5"}' }],
      });
      // The recognizer got the committed turn: lead-in padding, the tone and the silence that ended it.
      expect(heard[0]).toBeGreaterThan(24 * 900);
      await client.close();
    } finally {
      await server.close();
    }
  });

  it('without one: a transcription.failed event, and the turn still gets its response', async () => {
    const server = await startLocalRealtime({
      brain: conformanceBrain(),
      audio: { pace: 'fast', voice: 'tone' },
    });
    try {
      const client = await connectWs(`${server.url}?model=gpt-realtime`, {});
      await client.log.next('session.created');
      client.send(session);
      await client.log.next('session.updated');
      for (const chunk of base64Chunks(speechTurn()))
        client.send({ type: 'input_audio_buffer.append', audio: chunk });
      const failed = await client.log.next('conversation.item.input_audio_transcription.failed');
      expect(failed).toMatchObject({ content_index: 0, error: { code: 'transcription_unavailable' } });
      const done = await client.log.next('response.done');
      expect(done.response).toMatchObject({ status: 'completed' });
      await client.close();
    } finally {
      await server.close();
    }
  });
});

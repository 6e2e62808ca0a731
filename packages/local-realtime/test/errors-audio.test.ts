import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePcm16, generateTone, silence } from '../src/index.js';
import { ErrorHarness, errorFor, userItem } from './helpers/errors.js';
import type { WireEvent } from './helpers/event-log.js';

/** The input audio buffer's and responses' bad inputs get the API's error events. */

const harness = new ErrorHarness();
const open = (session?: Record<string, unknown>) => harness.open(session);
beforeAll(() => harness.start());
afterAll(() => harness.stop());

describe('input audio buffer', () => {
  it('append refuses bad base64 and more than 15 MiB; commit refuses less than 100 ms', async () => {
    const client = await open({ audio: { input: { turn_detection: null } } });
    expect(await errorFor(client, { type: 'input_audio_buffer.append', audio: 'not base64!' })).toMatchObject(
      {
        code: 'invalid_value',
        param: 'audio',
      },
    );
    expect(
      await errorFor(client, { type: 'input_audio_buffer.append', audio: 'A'.repeat(15 * 1024 * 1024 + 4) }),
    ).toMatchObject({ code: 'audio_too_large', param: 'audio' });
    const empty = await errorFor(client, { type: 'input_audio_buffer.commit' });
    expect(empty).toMatchObject({ code: 'input_audio_buffer_commit_empty', event_id: 'evt_bad' });
    expect(empty.message).toContain('Expected at least 100ms of audio, but buffer only has 0.00ms of audio.');
    client.send({ type: 'input_audio_buffer.append', audio: encodePcm16(silence(50)) });
    const short = await errorFor(client, { type: 'input_audio_buffer.commit' });
    expect(short.message).toContain('buffer only has 50.00ms');
  });

  it('manual commit makes a user audio item (no response); clear empties the buffer', async () => {
    const client = await open({ audio: { input: { turn_detection: null } } });
    const start = client.log.mark();
    client.send({ type: 'input_audio_buffer.append', audio: encodePcm16(generateTone({ durationMs: 300 })) });
    client.send({ type: 'input_audio_buffer.commit' });
    await client.log.next('conversation.item.done');
    client.send({ type: 'input_audio_buffer.append', audio: encodePcm16(silence(200)) });
    client.send({ type: 'input_audio_buffer.clear' });
    await client.log.next('input_audio_buffer.cleared');
    expect((await errorFor(client, { type: 'input_audio_buffer.commit' })).code).toBe(
      'input_audio_buffer_commit_empty',
    );
    expect(client.log.typesSince(start)).toEqual([
      'input_audio_buffer.committed',
      'conversation.item.added',
      'conversation.item.done',
      'input_audio_buffer.cleared',
      'error',
    ]);
    const committed = client.log.ofType('input_audio_buffer.committed', start)[0] as WireEvent;
    client.send({ type: 'conversation.item.retrieve', item_id: committed.item_id });
    const retrieved = await client.log.next('conversation.item.retrieved');
    const audio = (retrieved.item as { content: { audio: string }[] }).content[0]?.audio ?? '';
    expect(Buffer.from(audio, 'base64').length).toBe(300 * 48);
  });
});

describe('responses', () => {
  it('response.create validates its params', async () => {
    const client = await open();
    expect(
      await errorFor(client, { type: 'response.create', response: { conversation: 'conv_other' } }),
    ).toMatchObject({
      code: 'invalid_value',
      param: 'response.conversation',
    });
    expect(
      await errorFor(client, {
        type: 'response.create',
        response: { input: [{ type: 'item_reference', id: 'item_gone' }] },
      }),
    ).toMatchObject({ param: 'response.input[0].id' });
    const metadata = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v']));
    expect(await errorFor(client, { type: 'response.create', response: { metadata } })).toMatchObject({
      code: 'object_above_max_properties',
    });
    expect(
      await errorFor(client, { type: 'response.create', response: { max_output_tokens: 5000 } }),
    ).toMatchObject({
      code: 'integer_above_max_value',
      param: 'response.max_output_tokens',
    });
  });

  it('max_output_tokens cuts the response: status incomplete', async () => {
    const client = await open({ output_modalities: ['text'] });
    client.send(userItem('tell me a long story'));
    client.send({ type: 'response.create', response: { max_output_tokens: 5 } });
    const done = await client.log.next('response.done');
    expect(done.response).toMatchObject({
      status: 'incomplete',
      status_details: { type: 'incomplete', reason: 'max_output_tokens' },
      output: [{ status: 'incomplete' }],
    });
    const text =
      (done.response as { output: { content: { text: string }[] }[] }).output[0]?.content[0]?.text ?? '';
    expect(text.length).toBeLessThanOrEqual(20);
  });

  it('output_audio_buffer.clear is for WebRTC and SIP only', async () => {
    const client = await open();
    expect(await errorFor(client, { type: 'output_audio_buffer.clear' })).toMatchObject({
      code: 'unsupported_event',
    });
  });
});

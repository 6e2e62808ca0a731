import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorHarness, errorFor, userItem } from './helpers/errors.js';

/** Bad events, session updates and item operations get the API's error events: code, param, event_id. */

const harness = new ErrorHarness();
const open = (session?: Record<string, unknown>) => harness.open(session);
beforeAll(() => harness.start());
afterAll(() => harness.stop());

describe('malformed events', () => {
  it('invalid JSON: an error event, and the connection stays open', async () => {
    const client = await open();
    client.socket.send('{"type": "response.create"');
    const error = await client.log.next('error');
    expect(error.error).toMatchObject({
      type: 'invalid_request_error',
      code: 'invalid_json',
      event_id: null,
    });
    client.send(userItem('still here'));
    await client.log.next('conversation.item.added');
    expect(client.socket.readyState).toBe(client.socket.OPEN);
  });

  it('unknown event type: invalid_value on `type`, echoing the event_id', async () => {
    const client = await open();
    const error = await errorFor(client, { type: 'response.explode' }, 'evt_unknown');
    expect(error).toMatchObject({ code: 'invalid_value', param: 'type', event_id: 'evt_unknown' });
    expect(error.message).toContain("Invalid value: 'response.explode'");
    expect(error.message).toContain("'session.update'");
  });

  it('missing type, and a JSON value that is not an object', async () => {
    const client = await open();
    expect(await errorFor(client, { foo: 1 })).toMatchObject({
      code: 'missing_required_parameter',
      param: 'type',
    });
    client.socket.send('[1,2]');
    expect((await client.log.next('error')).error).toMatchObject({ code: 'invalid_type', param: null });
  });
});

describe('session.update', () => {
  it('requires session.type (GA)', async () => {
    const client = await open();
    const error = await errorFor(client, { type: 'session.update', session: { instructions: 'hi' } });
    expect(error).toMatchObject({
      code: 'missing_required_parameter',
      param: 'session.type',
      event_id: 'evt_bad',
    });
  });

  it('wrong field types and values name the parameter', async () => {
    const client = await open();
    expect(
      await errorFor(client, { type: 'session.update', session: { type: 'realtime', instructions: 42 } }),
    ).toMatchObject({
      code: 'invalid_type',
      param: 'session.instructions',
    });
    expect(
      await errorFor(client, {
        type: 'session.update',
        session: { type: 'realtime', output_modalities: ['video'] },
      }),
    ).toMatchObject({ code: 'invalid_value', param: 'session.output_modalities[0]' });
    expect(
      await errorFor(client, {
        type: 'session.update',
        session: { type: 'realtime', audio: { output: { voice: 'robot' } } },
      }),
    ).toMatchObject({ code: 'invalid_value', param: 'session.audio.output.voice' });
    expect(
      await errorFor(client, {
        type: 'session.update',
        session: { type: 'realtime', audio: { output: { speed: 3 } } },
      }),
    ).toMatchObject({ code: 'decimal_above_max_value', param: 'session.audio.output.speed' });
    expect(
      await errorFor(client, {
        type: 'session.update',
        session: { type: 'realtime', tools: [{ type: 'function', name: 'bad name!' }] },
      }),
    ).toMatchObject({ code: 'invalid_value', param: 'session.tools[0].name' });
    expect(
      await errorFor(client, {
        type: 'session.update',
        session: { type: 'realtime', output_modalities: ['text', 'audio'] },
      }),
    ).toMatchObject({ code: 'invalid_value', param: 'session.output_modalities' });
  });

  it('merges only the fields present; null turns turn detection off', async () => {
    const client = await open({ instructions: 'Be brief.' });
    client.send({
      type: 'session.update',
      session: { type: 'realtime', audio: { input: { turn_detection: null } } },
    });
    const updated = await client.log.next('session.updated');
    expect(updated.session).toMatchObject({
      instructions: 'Be brief.',
      audio: { input: { turn_detection: null, format: { type: 'audio/pcm' } }, output: { voice: 'marin' } },
    });
  });

  it('locks the voice once audio went out (cannot_update_voice)', async () => {
    const client = await open({ audio: { output: { voice: 'alloy' }, input: { turn_detection: null } } });
    client.send({
      type: 'session.update',
      session: { type: 'realtime', audio: { output: { voice: 'echo' } } },
    });
    expect((await client.log.next('session.updated')).session).toMatchObject({
      audio: { output: { voice: 'echo' } },
    });
    client.send(userItem('hello'));
    client.send({ type: 'response.create' });
    await client.log.next('response.done');
    const error = await errorFor(client, {
      type: 'session.update',
      session: { type: 'realtime', audio: { output: { voice: 'sage' } } },
    });
    expect(error).toMatchObject({ code: 'cannot_update_voice', event_id: 'evt_bad' });
    client.send({
      type: 'session.update',
      session: { type: 'realtime', audio: { output: { voice: 'echo' } }, instructions: 'x' },
    });
    expect((await client.log.next('session.updated')).session).toMatchObject({ instructions: 'x' });
  });
});

describe('conversation items', () => {
  it('previous_item_id: unknown is an error, root inserts first', async () => {
    const client = await open();
    const error = await errorFor(client, userItem('x', { previous_item_id: 'item_nope' }));
    expect(error).toMatchObject({ code: 'item_create_invalid_previous_item_id', param: 'previous_item_id' });
    client.send(userItem('first'));
    const first = await client.log.next('conversation.item.added');
    client.send(userItem('zeroth', { previous_item_id: 'root' }));
    const zeroth = await client.log.next('conversation.item.added');
    expect(zeroth.previous_item_id).toBeNull();
    client.send(userItem('second', { previous_item_id: (zeroth.item as { id: string }).id }));
    const second = await client.log.next('conversation.item.added');
    expect(second.previous_item_id).toBe((zeroth.item as { id: string }).id);
    expect(first.previous_item_id).toBeNull();
  });

  it('rejects duplicate ids, wrong content types, and outputs of unknown calls', async () => {
    const client = await open();
    client.send({
      ...userItem('a'),
      item: { id: 'item_dup', type: 'message', role: 'user', content: [{ type: 'input_text', text: 'a' }] },
    });
    await client.log.next('conversation.item.done');
    expect(
      await errorFor(client, {
        ...userItem('b'),
        item: { id: 'item_dup', type: 'message', role: 'user', content: [] },
      }),
    ).toMatchObject({ code: 'duplicate_item_id', param: 'item.id' });
    expect(
      await errorFor(client, {
        type: 'conversation.item.create',
        item: { type: 'message', role: 'system', content: [{ type: 'input_audio', audio: '' }] },
      }),
    ).toMatchObject({ code: 'invalid_value', param: 'item.content[0].type' });
    expect(
      await errorFor(client, {
        type: 'conversation.item.create',
        item: { type: 'function_call_output', call_id: 'call_missing', output: '{}' },
      }),
    ).toMatchObject({ code: 'invalid_value', param: 'item.call_id' });
    expect(
      await errorFor(client, { type: 'conversation.item.create', item: { type: 'message', role: 'user' } }),
    ).toMatchObject({ code: 'missing_required_parameter', param: 'item.content' });
  });

  it('retrieve, delete and truncate answer unknown ids with their codes', async () => {
    const client = await open();
    const unknown = { item_id: 'item_missing' };
    expect(await errorFor(client, { type: 'conversation.item.retrieve', ...unknown })).toMatchObject({
      code: 'item_retrieve_invalid_item_id',
      param: 'item_id',
    });
    expect(await errorFor(client, { type: 'conversation.item.delete', ...unknown })).toMatchObject({
      code: 'item_delete_invalid_item_id',
    });
    expect(
      await errorFor(client, {
        type: 'conversation.item.truncate',
        ...unknown,
        content_index: 0,
        audio_end_ms: 10,
      }),
    ).toMatchObject({ code: 'item_truncate_invalid_item_id' });
    client.send({
      ...userItem('x'),
      item: { id: 'item_text', type: 'message', role: 'user', content: [{ type: 'input_text', text: 'x' }] },
    });
    await client.log.next('conversation.item.done');
    client.send({ type: 'conversation.item.retrieve', item_id: 'item_text' });
    expect((await client.log.next('conversation.item.retrieved')).item).toMatchObject({ id: 'item_text' });
    expect(
      await errorFor(client, {
        type: 'conversation.item.truncate',
        item_id: 'item_text',
        content_index: 0,
        audio_end_ms: 10,
      }),
    ).toMatchObject({ code: 'unsupported_content_type' });
    client.send({ type: 'conversation.item.delete', item_id: 'item_text' });
    expect(await client.log.next('conversation.item.deleted')).toMatchObject({ item_id: 'item_text' });
  });

  it('truncate checks audio_end_ms against the audio and the content index', async () => {
    const client = await open({ audio: { input: { turn_detection: null } } });
    client.send(userItem('hello'));
    client.send({ type: 'response.create' });
    const done = await client.log.next('response.done');
    const itemId = (done.response as { output: { id: string }[] }).output[0]?.id;
    const base = { type: 'conversation.item.truncate', item_id: itemId, content_index: 0 };
    const tooLong = await errorFor(client, { ...base, audio_end_ms: 999_999 });
    expect(tooLong).toMatchObject({ code: 'invalid_value', param: 'audio_end_ms' });
    expect(tooLong.message).toMatch(/^Audio content of \d+ms is already shorter than 999999ms$/);
    expect(await errorFor(client, { ...base, audio_end_ms: -5 })).toMatchObject({
      code: 'invalid_value',
      param: 'audio_end_ms',
    });
    expect(await errorFor(client, { ...base, content_index: 2, audio_end_ms: 10 })).toMatchObject({
      param: 'content_index',
    });
    expect(await errorFor(client, { ...base, audio_end_ms: 'soon' })).toMatchObject({
      code: 'invalid_type',
      param: 'audio_end_ms',
    });
  });
});

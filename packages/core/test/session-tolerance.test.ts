import { describe, expect, it } from 'vitest';
import {
  defineAgent,
  ProtocolError,
  ProtocolWarning,
  type ServerEvent,
  type UnknownServerEvent,
} from '../src/index.js';
import { startSession } from './fixtures.js';
import { recording } from './protocol/recordings.js';

const agent = defineAgent({ name: 'Assistant', instructions: 'Be brief.' });

function recorded(file: string, eventId: string): Record<string, unknown> {
  const event = recording(file).events.find((candidate) => candidate.event_id === eventId);
  if (!event) throw new Error(`${file} has no ${eventId}`);
  return event;
}

async function betaSession() {
  const started = await startSession({ agent, context: {} }, { dialect: 'beta' });
  const events: (ServerEvent | UnknownServerEvent)[] = [];
  started.session.events$.subscribe((event) => events.push(event));
  return { ...started, events };
}

describe('a session on real traffic (issue 17)', () => {
  it('learns a G.711 output format from a session.updated whose transcription.prompt is null', async () => {
    const { server, session, events, errors } = await betaSession();
    // The real beta session.updated (prompt: null), on a phone line: G.711 µ-law out, 8 bytes per ms.
    const updated = recorded('banyan-webrtc-log2-beta.jsonl', 'event_BaU74G0S8njhPCL1i2NXo');
    server.emit({
      ...updated,
      session: { ...(updated.session as object), output_audio_format: 'g711_ulaw' },
    });
    const ids = { response_id: 'resp_1', item_id: 'item_1', output_index: 0, content_index: 0 };
    // 1,600 bytes: 200 ms of µ-law (it would be 33 ms of 24 kHz PCM16).
    const audio = Buffer.alloc(1600, 0xff).toString('base64');
    server.emit({ type: 'response.audio.delta', event_id: 'event_a', ...ids, delta: audio });
    session.interrupt({ playedMs: 120 });
    expect(errors).toEqual([]);
    expect(events.map((event) => event.type)).toEqual(['session.updated', 'response.output_audio.delta']);
    expect(server.sent.at(-1)).toEqual({
      type: 'conversation.item.truncate',
      item_id: 'item_1',
      content_index: 0,
      audio_end_ms: 120,
    });
  });

  it('keeps the user transcript of a whisper-1 completed event that has no usage', async () => {
    const { server, session, errors } = await betaSession();
    const user = recorded('banyan-webrtc-log2-beta.jsonl', 'event_BaU77wcXW6a7Vp7RrfBNd');
    const completed = recorded('banyan-webrtc-log2-beta.jsonl', 'event_BaU78HN3LdNoqrg8ppd6c');
    server.emit(user, completed);
    expect(errors).toEqual([]);
    expect(session.history.items).toMatchObject([
      { id: 'item_BaU77Slsnn0R5n45bdlkP', content: [{ type: 'input_audio', transcript: 'Bye.\n' }] },
    ]);
  });

  it('delivers an event off-schema only in a carried field, with a ProtocolWarning on errors$', async () => {
    const { server, session, errors } = await startSession({ agent, context: {} });
    const delivered: string[] = [];
    session.events$.subscribe((event) => delivered.push(event.type));
    const truncated = {
      type: 'conversation.item.truncated',
      event_id: 'e',
      item_id: 'item_9',
      content_index: 0,
    };
    server.emit(truncated); // audio_end_ms missing: nothing in the session reads it
    expect(delivered).toEqual(['conversation.item.truncated']);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(ProtocolWarning);
    expect(errors[0]).toMatchObject({
      code: 'carried_field_mismatch',
      eventType: 'conversation.item.truncated',
      path: 'audio_end_ms',
    });
  });

  it('drops an event off-schema in a field it acts on, with a ProtocolError on errors$', async () => {
    const { server, session, errors } = await startSession({ agent, context: {} });
    const delivered: string[] = [];
    session.events$.subscribe((event) => delivered.push(event.type));
    server.emit({
      type: 'conversation.item.truncated',
      event_id: 'e',
      item_id: 9,
      content_index: 0,
      audio_end_ms: 1,
    });
    expect(delivered).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(ProtocolError);
    expect((errors[0] as ProtocolError).issues).toEqual([
      { path: 'item_id', message: 'expected string, received number' },
    ]);
  });
});

import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  defineAgent,
  parseRecording,
  RealtimeSession,
  RecordingFormatError,
  recordTransport,
  replayTransport,
  tool,
} from '../src/index.js';
import { createScriptedTransport, createServerScript } from '../src/testing/index.js';
import { tick } from './fixtures.js';

const makeAgent = (answer: string) =>
  defineAgent({
    name: 'Assistant',
    instructions: 'Be brief.',
    tools: [
      tool({
        name: 'lookup',
        description: 'Looks up',
        parameters: z.object({ id: z.string() }),
        execute: () => answer,
      }),
    ],
  });

/** Runs a session with a tool call over a scripted server, recording it. */
async function recordConversation(): Promise<string> {
  const server = createScriptedTransport();
  const script = createServerScript();
  const lines: string[] = [];
  let clock = 0;
  const transport = recordTransport(
    server.transport,
    (line) => lines.push(line),
    () => (clock += 5),
  );
  const session = new RealtimeSession({ agent: makeAgent('found'), context: {}, transport });
  await session.connect();
  server.emit(script.sessionCreated());
  session.sendText('look up X-1');
  server.emit(
    ...script.userMessage('look up X-1'),
    ...script.functionCallResponse([{ name: 'lookup', arguments: { id: 'X-1' } }]).events,
  );
  await tick();
  await session.close();
  return lines.join('');
}

describe('record and replay', () => {
  it('records both directions as JSON Lines with timestamps', async () => {
    const entries = parseRecording(await recordConversation());
    expect(entries[0]).toMatchObject({ direction: 'client', event: { type: 'session.update' } });
    expect(entries.filter((entry) => entry.direction === 'client').map((entry) => entry.event.type)).toEqual([
      'session.update',
      'conversation.item.create',
      'response.create',
      'conversation.item.create',
      'response.create',
    ]);
    expect(
      entries.some(
        (entry) => entry.direction === 'server' && (entry.event as { type: string }).type === 'response.done',
      ),
    ).toBe(true);
    const times = entries.map((entry) => entry.t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('replays a recording and finds no mismatch when the client behaves the same', async () => {
    const replay = replayTransport(await recordConversation());
    const session = new RealtimeSession({ agent: makeAgent('found'), context: {}, transport: replay });
    await session.connect();
    session.sendText('look up X-1');
    const result = await replay.finished;
    expect(result.mismatches).toEqual([]);
    expect(result.clientEventsCompared).toBe(5);
  });

  it('reports the first client event that differs from the recording', async () => {
    const replay = replayTransport(await recordConversation());
    const session = new RealtimeSession({ agent: makeAgent('NOT FOUND'), context: {}, transport: replay });
    await session.connect();
    session.sendText('look up X-1');
    const result = await replay.finished;
    expect(result.mismatches).toHaveLength(1);
    expect(result.mismatches[0]?.index).toBe(3);
    const mismatch = result.mismatches[0];
    expect(mismatch?.differences).toEqual([{ path: 'item.output', expected: 'found', actual: 'NOT FOUND' }]);
    expect(mismatch?.message).toBe(
      'client event #3 (conversation.item.create) differs from the recording:\n' +
        '  item.output: expected "found", got "NOT FOUND"',
    );
  });

  it('a recorded transport keeps who plays the audio, playback cuts and hang-up, and records what they cause', async () => {
    const server = createScriptedTransport({ playback: 'server' });
    const cuts = new Subject<{ playedMs: number }>();
    const hangups: string[] = [];
    const lines: string[] = [];
    const transport = recordTransport(
      {
        ...server.transport,
        playbackCut$: cuts,
        hangup: async () => {
          hangups.push('hangup');
        },
      },
      (line) => lines.push(line),
    );
    const session = new RealtimeSession({ agent: makeAgent('found'), context: {}, transport });
    await session.connect();
    server.emit({
      type: 'response.output_audio.delta',
      event_id: 'event_a',
      response_id: 'resp_1',
      item_id: 'item_a',
      output_index: 0,
      content_index: 0,
      delta: Buffer.alloc(9600).toString('base64'),
    });
    session.interrupt();
    cuts.next({ playedMs: 100 });
    await tick();
    await session.hangup();
    const sent = parseRecording(lines.join(''))
      .filter((entry) => entry.direction === 'client')
      .map((entry) => entry.event.type);
    // `playback: 'server'` makes an interruption clear the server's buffer; the cut truncates the item.
    expect(sent).toContain('output_audio_buffer.clear');
    expect(sent).toContain('conversation.item.truncate');
    expect(hangups).toEqual(['hangup']);
  });

  it('rejects a malformed recording with the line number', () => {
    expect(() =>
      parseRecording('{"t":1,"direction":"client","event":{"type":"response.create"}}\n{oops}\n'),
    ).toThrow(new RecordingFormatError(2, 'not JSON'));
    expect(() => parseRecording('{"t":1,"direction":"sideways","event":{}}')).toThrow(
      /recording line 1: expected/,
    );
  });
});

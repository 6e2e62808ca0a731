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

  it('rejects a malformed recording with the line number', () => {
    expect(() =>
      parseRecording('{"t":1,"direction":"client","event":{"type":"response.create"}}\n{oops}\n'),
    ).toThrow(new RecordingFormatError(2, 'not JSON'));
    expect(() => parseRecording('{"t":1,"direction":"sideways","event":{}}')).toThrow(
      /recording line 1: expected/,
    );
  });
});

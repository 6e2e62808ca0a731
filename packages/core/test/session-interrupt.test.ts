import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineAgent, SessionArgumentError, ToolAbortError, tool } from '../src/index.js';
import { deferred, startSession, tick } from './fixtures.js';

type Sent = { type: string; item?: { output?: string } };

/** A session whose response `resp_a` has streamed `bytes` of assistant audio (item `item_a`) so far. */
async function startPlaying(bytes: number) {
  const started = await startSession({ agent: slowAgent(() => {}), context: {} });
  const at = { response_id: 'resp_a', item_id: 'item_a', output_index: 0, content_index: 0 };
  started.server.emit(
    {
      type: 'response.created',
      event_id: 'e1',
      response: { id: 'resp_a', status: 'in_progress', conversation_id: 'conv_1' },
    },
    {
      type: 'response.output_audio.delta',
      event_id: 'e2',
      ...at,
      delta: Buffer.alloc(bytes).toString('base64'),
    },
  );
  return started;
}

function slowAgent(observe: (signal: AbortSignal) => void) {
  return defineAgent({
    name: 'Assistant',
    instructions: 'Be brief.',
    tools: [
      tool({
        name: 'slow_search',
        description: 'Searches slowly',
        parameters: z.object({ query: z.string() }),
        execute: (_args, ctx) => {
          observe(ctx.signal);
          return new Promise(() => {});
        },
      }),
      tool({
        name: 'delete_account',
        description: 'Deletes the account',
        parameters: z.object({ accountId: z.string() }),
        needsApproval: true,
        execute: ({ accountId }) => `deleted ${accountId}`,
      }),
    ],
  });
}

describe('interruption', () => {
  it('during a tool run: response.cancel, the tool aborted, a cancelled output, no response.create', async () => {
    let signal: AbortSignal | undefined;
    const { server, script, session, sentAfter, toolEvents } = await startSession({
      agent: slowAgent((s) => {
        signal = s;
      }),
      context: {},
    });
    const { events } = script.functionCallResponse([{ name: 'slow_search', arguments: { query: 'q' } }]);
    const doneAt = events.findIndex((event) => event.type === 'response.done');
    server.emit(...events.slice(0, doneAt));
    await tick();
    session.interrupt();
    await tick();
    expect(signal?.aborted).toBe(true);
    // The reason is an AbortError (issue 18) whose `reason` is readable.
    expect(signal?.reason).toMatchObject({ name: 'AbortError', reason: 'interrupted' });
    expect(sentAfter(1) as Sent[]).toMatchObject([
      { type: 'response.cancel' },
      {
        type: 'conversation.item.create',
        item: { output: 'Error: the call to "slow_search" was cancelled because the user interrupted.' },
      },
    ]);
    // The server confirms the cancellation: still no response.create.
    server.emit(
      ...events
        .slice(doneAt)
        .map((event) =>
          event.type === 'response.done'
            ? { ...event, response: { ...event.response, status: 'cancelled' } }
            : event,
        ),
    );
    await tick();
    expect(sentAfter(3)).toEqual([]);
    expect(toolEvents.at(-1)).toMatchObject({ type: 'tool_end', outcome: 'cancelled' });
  });

  it('fetch(url, { signal }) in a tool rejects with an AbortError when the user interrupts (issue 18)', async () => {
    // A loopback server that never answers: only the abort can end the request.
    const requested = deferred();
    const server = createServer(() => requested.resolve());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slow`;
    const rejected = deferred<unknown>();
    const agent = defineAgent({
      name: 'Assistant',
      instructions: 'Be brief.',
      tools: [
        tool({
          name: 'fetch_page',
          description: 'Fetches a page',
          parameters: z.object({}),
          execute: (_args, { signal }) =>
            fetch(url, { signal }).catch((error: unknown) => {
              rejected.resolve(error);
              throw error;
            }),
        }),
      ],
    });
    try {
      const session = await startSession({ agent, context: {} });
      const { events } = session.script.functionCallResponse([{ name: 'fetch_page', arguments: {} }]);
      session.server.emit(...events.slice(0, -1));
      await requested.promise;
      session.session.interrupt();
      const error = await rejected.promise;
      expect(error).toBeInstanceOf(ToolAbortError);
      expect(error).toMatchObject({ name: 'AbortError', code: 'ABORT_ERR', reason: 'interrupted' });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a response cancelled by the server while its tools run: tools aborted, no response.create', async () => {
    let signal: AbortSignal | undefined;
    const { server, script, sentAfter } = await startSession({
      agent: slowAgent((s) => {
        signal = s;
      }),
      context: {},
    });
    const { events } = script.functionCallResponse([{ name: 'slow_search', arguments: { query: 'q' } }], {
      status: 'cancelled',
    });
    const doneAt = events.findIndex((event) => event.type === 'response.done');
    server.emit(...events.slice(0, doneAt));
    await tick();
    server.emit(...events.slice(doneAt));
    await tick();
    expect(signal?.reason).toMatchObject({ name: 'AbortError', reason: 'response_cancelled' });
    expect((sentAfter(1) as Sent[]).map((event) => event.type)).toEqual(['conversation.item.create']);
  });

  it('truncates the latest assistant audio at the played position, clamped to what arrived', async () => {
    const { server, session, sentAfter } = await startSession({ agent: slowAgent(() => {}), context: {} });
    const second = Buffer.alloc(48_000).toString('base64'); // 1 s of PCM16 at 24 kHz
    const base = { response_id: 'resp_a', item_id: 'item_a', output_index: 0, content_index: 0 };
    server.emit(
      {
        type: 'response.created',
        event_id: 'e1',
        response: { id: 'resp_a', status: 'in_progress', conversation_id: 'conv_1' },
      },
      { type: 'response.output_audio.delta', event_id: 'e2', ...base, delta: second },
      { type: 'response.output_audio.delta', event_id: 'e3', ...base, delta: second },
    );
    session.interrupt({ playedMs: 1_250.7 });
    expect(sentAfter(1)).toEqual([
      { type: 'response.cancel' },
      { type: 'conversation.item.truncate', item_id: 'item_a', content_index: 0, audio_end_ms: 1_250 },
    ]);
  });

  it('over a transport whose server plays the audio (WebRTC), also clears the output audio buffer', async () => {
    const { server, session, sentAfter } = await startSession(
      { agent: slowAgent(() => {}), context: {} },
      { playback: 'server' },
    );
    server.emit({
      type: 'response.created',
      event_id: 'e1',
      response: { id: 'resp_a', status: 'in_progress', conversation_id: 'conv_1' },
    });
    session.interrupt();
    expect(sentAfter(1)).toEqual([{ type: 'response.cancel' }, { type: 'output_audio_buffer.clear' }]);
  });

  it.each([Number.NaN, -1, Number.POSITIVE_INFINITY])(
    'refuses interrupt({ playedMs: %s }) with a SessionArgumentError and sends nothing (issue 18)',
    async (playedMs) => {
      const { server, session, sentAfter } = await startPlaying(4_800);
      await tick();
      const sent = server.sent.length;
      expect(() => session.interrupt({ playedMs })).toThrow(SessionArgumentError);
      expect(() => session.interrupt({ playedMs })).toThrow(
        expect.objectContaining({
          code: 'invalid_argument',
          operation: 'interrupt',
          field: 'playedMs',
          message: expect.stringMatching(/^interrupt: playedMs must be a finite number/),
        }),
      );
      expect(sentAfter(sent)).toEqual([]);
      // The session is unchanged: a valid interruption still works.
      session.interrupt({ playedMs: 50 });
      expect(sentAfter(sent).map((event) => event.type)).toEqual([
        'response.cancel',
        'conversation.item.truncate',
      ]);
    },
  );

  it('truncates after all audio arrived but is still playing (no response.cancel: nothing is active)', async () => {
    const { server, session, sentAfter } = await startPlaying(96_000);
    server.emit({
      type: 'response.done',
      event_id: 'e3',
      response: { id: 'resp_a', status: 'completed', conversation_id: 'conv_1', output: [] },
    });
    session.interrupt({ playedMs: 5_000 });
    expect(sentAfter(1)).toEqual([]);
    session.interrupt({ playedMs: 400 });
    expect(sentAfter(1)).toEqual([
      { type: 'conversation.item.truncate', item_id: 'item_a', content_index: 0, audio_end_ms: 400 },
    ]);
  });
});

describe('approvals', () => {
  async function requestDeletion() {
    const started = await startSession({ agent: slowAgent(() => {}), context: {} });
    const response = started.script.functionCallResponse([
      { name: 'delete_account', arguments: { accountId: 'A-1' } },
    ]);
    started.server.emit(...response.events);
    await tick();
    return { ...started, callId: response.callIds[0] as string };
  }

  it('waits for approval, then runs the tool and follows up', async () => {
    const { session, sentAfter, toolEvents, callId } = await requestDeletion();
    expect(toolEvents.map((event) => event.type)).toEqual(['tool_start', 'approval_requested']);
    expect(toolEvents[1]).toMatchObject({ callId, name: 'delete_account', arguments: { accountId: 'A-1' } });
    expect(sentAfter(1)).toEqual([]);
    expect(session.approve(callId)).toBe(true);
    await tick();
    expect(sentAfter(1) as Sent[]).toMatchObject([
      { item: { output: 'deleted A-1' } },
      { type: 'response.create' },
    ]);
    expect(session.approve(callId)).toBe(false);
  });

  it('a rejection tells the model why and does not run the tool', async () => {
    const { session, sentAfter, callId, toolEvents } = await requestDeletion();
    session.reject(callId, 'the caller is not the account owner');
    await tick();
    expect(sentAfter(1) as Sent[]).toMatchObject([
      {
        item: {
          output:
            'Error: the call to "delete_account" was not approved: the caller is not the account owner. Do not retry it unasked.',
        },
      },
      { type: 'response.create' },
    ]);
    expect(toolEvents.at(-1)).toMatchObject({ outcome: 'rejected' });
  });

  it('an interruption withdraws pending approvals: cancelled output, no response.create, approve() is then refused', async () => {
    const { session, sentAfter, callId } = await requestDeletion();
    session.interrupt();
    await tick();
    expect(sentAfter(1) as Sent[]).toMatchObject([
      { item: { output: 'Error: the call to "delete_account" was cancelled because the user interrupted.' } },
    ]);
    expect(sentAfter(2)).toEqual([]);
    expect(session.approve(callId)).toBe(false);
  });
});

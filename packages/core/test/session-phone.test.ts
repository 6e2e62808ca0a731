import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { dtmfMenu, RealtimeSession, type RealtimeTransport } from '../src/index.js';
import { createScriptedTransport } from '../src/testing/index.js';
import { startSession, supportSwarm, tick } from './fixtures.js';

const dtmf = (digit: string) => ({
  type: 'input_audio_buffer.dtmf_event_received',
  event: digit,
  received_at: 1_760_000_000,
});

/** `ms` of μ-law audio (8 bytes per ms) as one delta of item `itemId`. */
const audioDelta = (itemId: string, ms: number) => ({
  type: 'response.output_audio.delta',
  event_id: `event_${itemId}_${ms}`,
  response_id: 'resp_1',
  item_id: itemId,
  output_index: 0,
  content_index: 0,
  delta: Buffer.alloc(ms * 8, 0xff).toString('base64'),
});

const pcmuSession = {
  type: 'session.updated',
  event_id: 'event_s',
  session: { type: 'realtime', audio: { output: { format: { type: 'audio/pcmu' } } } },
};

describe('phone calls in the session', () => {
  it('dtmf$ emits each key the caller pressed, from the dtmf_event_received events', async () => {
    const { server, session } = await startSession({ swarm: supportSwarm() });
    const digits: string[] = [];
    session.dtmf$.subscribe((digit) => digits.push(digit));
    server.emit(dtmf('1'), dtmf('#'));
    expect(digits).toEqual(['1', '#']);
  });

  it('dtmfMenu switches to the mapped agent, interrupts and lets it speak; other keys go to onUnknown', async () => {
    const swarm = supportSwarm();
    const { server, session, sentAfter } = await startSession({ swarm });
    const unknown: string[] = [];
    const pressed: string[] = [];
    dtmfMenu(
      session,
      { '1': swarm.agent('Billing'), '9': (_session, digit) => pressed.push(digit) },
      { onUnknown: (digit) => unknown.push(digit) },
    );
    const before = server.sent.length;
    server.emit(dtmf('1'), dtmf('7'), dtmf('9'));
    await tick();
    expect(session.agent.name).toBe('Billing');
    const sent = sentAfter(before);
    expect(sent.map((event) => event.type)).toEqual(['session.update', 'response.create']);
    expect(sent[0]).toMatchObject({ session: { instructions: 'You handle billing for customer C-42.' } });
    expect(unknown).toEqual(['7']);
    expect(pressed).toEqual(['9']);
  });

  it('hangup() ends the call through the transport, then closes the session', async () => {
    const server = createScriptedTransport();
    const calls: string[] = [];
    const transport: RealtimeTransport = {
      ...server.transport,
      hangup: async () => {
        calls.push('hangup');
      },
      close: async () => {
        calls.push('close');
        await server.transport.close();
      },
    };
    const session = new RealtimeSession({ swarm: supportSwarm(), transport });
    await session.connect();
    await session.hangup();
    expect(calls).toEqual(['hangup', 'close']);
    expect(session.state).toBe('closed');
  });

  it('a playback cut from the transport truncates the latest audio item at the heard position', async () => {
    const server = createScriptedTransport({ playback: 'server' });
    const cuts = new Subject<{ playedMs: number }>();
    const session = new RealtimeSession({
      swarm: supportSwarm(),
      transport: { ...server.transport, playbackCut$: cuts },
    });
    await session.connect();
    server.emit(pcmuSession, audioDelta('item_a', 400), audioDelta('item_a', 600));
    cuts.next({ playedMs: 640 });
    await tick();
    expect(server.sent.at(-1)).toEqual({
      type: 'conversation.item.truncate',
      item_id: 'item_a',
      content_index: 0,
      audio_end_ms: 640,
    });
    // Everything was heard: nothing to cut.
    const count = server.sent.length;
    server.emit(audioDelta('item_b', 200));
    cuts.next({ playedMs: 200 });
    await tick();
    expect(server.sent.length).toBe(count);
  });
});

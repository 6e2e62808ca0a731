import { dtmfMenu } from '@switchboard/core';
import { afterEach, describe, expect, it } from 'vitest';
import { startTwilioApp, until } from './helpers.js';

let app: Awaited<ReturnType<typeof startTwilioApp>> | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const sessionUpdates = (events: readonly { type: string }[]) =>
  events.filter((event) => event.type === 'session.updated') as unknown as {
    session: {
      instructions?: string;
      audio: { input: { format: unknown }; output: { format: unknown; voice: string } };
    };
  }[];

describe('Twilio Media Streams bridged to a realtime session, end to end on loopback', () => {
  it('a call runs a tool and hands off in audio/pcmu both ways; the handoff keeps µ-law and the voice', async () => {
    app = await startTwilioApp();
    const { caller, call } = await app.dial({ parameters: { customer: 'C-42' } });
    expect(call.stream.start?.customParameters).toEqual({ customer: 'C-42' });

    await caller.say('What is on my invoice?');
    await caller.agentDone();
    expect(call.toolEvents.filter((event) => event.type === 'tool_end')).toMatchObject([
      { name: 'lookup_invoice', outcome: 'success' },
    ]);
    const answer = call.events.find(
      (event) =>
        event.type === 'response.output_audio_transcript.done' && event.transcript.includes('49 euros'),
    );
    expect(answer).toBeDefined();

    await caller.say('Put me through to billing.');
    await caller.agentDone();
    expect(call.session.agent.name).toBe('Billing');
    // Every session the server confirmed, the handoff's included, is µ-law both ways in the first voice.
    const updates = sessionUpdates(call.events);
    expect(updates.length).toBeGreaterThanOrEqual(2);
    for (const update of updates) {
      expect(update.session.audio.input.format).toEqual({ type: 'audio/pcmu' });
      expect(update.session.audio.output.format).toEqual({ type: 'audio/pcmu' });
      expect(update.session.audio.output.voice).toBe('marin');
    }
    expect(updates.at(-1)?.session.instructions).toBe('You handle billing.');
    // No audio was transcoded: every delta went to Twilio as it came, each followed by a mark.
    const deltas = call.events.filter((event) => event.type === 'response.output_audio.delta');
    const deltaBytes = deltas.reduce((sum, event) => sum + Buffer.from(event.delta, 'base64').length, 0);
    expect(caller.heard().length).toBe(deltaBytes);
    expect(caller.marks.length).toBe(deltas.length);
    expect(caller.invalid).toEqual([]);
    // What Billing declares and the call cannot change is kept, and said: a warning per setting.
    expect(call.errors.map((error) => `${error.name} ${(error as { setting?: string }).setting}`)).toEqual([
      'AudioSettingKeptWarning audio.input.format',
      'AudioSettingKeptWarning audio.output.format',
      'AudioSettingKeptWarning voice',
    ]);
  });

  it('barge-in: the caller speaks over the agent, Twilio gets clear, the item is truncated at the last echoed mark', async () => {
    app = await startTwilioApp();
    const { caller, call } = await app.dial();
    await caller.say('Tell me about my plan.');
    // Let the long answer play for a while, then talk over it.
    await until(() => caller.marks.length >= 12);
    const heardBeforeBargeIn = caller.marks.at(-1)?.queuedMs ?? 0;
    await caller.say('Stop, stop please.');
    await until(() => call.events.some((event) => event.type === 'conversation.item.truncated'));

    expect(caller.clears).toHaveLength(1);
    const played = caller.marks.filter((mark) => !mark.cleared).map((mark) => mark.queuedMs);
    const truncate = call.sent.find((event) => event.type === 'conversation.item.truncate');
    expect(truncate).toMatchObject({ content_index: 0 });
    const truncatedAt = truncate?.type === 'conversation.item.truncate' ? truncate.audio_end_ms : -1;
    // At the last mark the app had heard back when the caller spoke over the agent: a played mark, no
    // earlier than those echoed before the barge-in. (A mark echoed while the clear is on its way was
    // heard too, but reaches the app after it truncated: under load that is the last one or two.)
    expect(played).toContain(truncatedAt);
    expect(truncatedAt).toBeGreaterThanOrEqual(heardBeforeBargeIn);
    const truncated = call.events.find((event) => event.type === 'conversation.item.truncated');
    expect(truncated).toMatchObject({ audio_end_ms: truncatedAt });
    // What was still queued was dropped, and its marks came back at once. (The agent's audio is
    // normally ahead of playback; on a loaded machine it can arrive no faster than it plays, and then
    // the clear finds nothing queued.)
    const droppedMs = caller.clears[0]?.droppedMs ?? 0;
    expect(caller.marks.some((mark) => mark.cleared)).toBe(droppedMs > 0);
    await caller.agentDone();
    expect(call.errors).toEqual([]);
  });

  it('DTMF: pressing 1 routes to billing without the model', async () => {
    app = await startTwilioApp({
      onCall: ({ session }) => {
        const billing = session.agent.handoffs[0]?.target();
        if (billing) dtmfMenu(session, { '1': billing });
      },
    });
    const { caller, call } = await app.dial();
    const digits: string[] = [];
    call.session.dtmf$.subscribe((digit) => digits.push(digit));
    const handoffs: string[] = [];
    call.session.handoffs$.subscribe((event) => handoffs.push(`${event.from} → ${event.to}`));
    caller.press('1');
    await until(() =>
      sessionUpdates(call.events).some((update) => update.session.instructions === 'You handle billing.'),
    );
    expect(digits).toEqual(['1']);
    expect(handoffs).toEqual(['Triage → Billing']);
    expect(call.toolEvents).toEqual([]);
    await until(() => call.sent.some((event) => event.type === 'response.create'));
  });

  it('the caller hangs up mid-tool: the tool is aborted and nothing is left open', async () => {
    let signal: AbortSignal | undefined;
    app = await startTwilioApp({ slowSignal: (s) => (signal = s) });
    const { caller, call } = await app.dial();
    const statuses: string[] = [];
    call.transport.status$.subscribe((status) =>
      statuses.push(status.state === 'closed' ? `closed:${JSON.stringify(status.reason)}` : status.state),
    );
    await caller.say('Run the slow check please.');
    await until(() => signal !== undefined);
    await caller.hangUp();
    await until(() => call.session.state === 'closed');
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toMatchObject({ name: 'AbortError', reason: 'session_closed' });
    // Its output was never sent: the session had closed.
    expect(call.sent.some((event) => event.type === 'conversation.item.create')).toBe(false);
    expect(statuses.at(-1)).toBe(
      `closed:${JSON.stringify({ kind: 'server_closed', code: 1000, reason: 'the caller hung up' })}`,
    );
    await until(() => app?.realtime.connections === 0 && app.streams.size === 0);
  });
});

import { defineAgent, type FillerEvent, itemText, type ServerEvent, tool } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Brain, scriptedBrain } from '../src/index.js';
import { cleanUpCalls, startCall } from './helpers/local-session.js';

// Issue 16, point 1, end to end: a slow tool in a spoken call. The caller hears a filler the model
// says out of band (it never enters the conversation), and the real answer starts only after it.

cleanUpCalls();

const FILLER = 'One moment, still checking.';

function brain(): Brain {
  const script = scriptedBrain([
    { user: /order/i, call: { name: 'lookup_order', arguments: {} } },
    { toolOutput: 'lookup_order', say: 'Your order has shipped.' },
  ]);
  return {
    name: 'filler-script',
    respond: (request) =>
      request.metadata?.switchboard_filler ? [{ type: 'message', text: FILLER }] : script.respond(request),
  };
}

async function slowCall(kind: 'spoken' | 'hold') {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const lookup = tool({
    name: 'lookup_order',
    description: 'Looks up an order (slow)',
    parameters: z.object({}),
    execute: async () => {
      await released;
      return { status: 'shipped' };
    },
  });
  const agent = defineAgent({
    name: 'Support',
    instructions: 'Help.',
    tools: [lookup],
    session: { output_modalities: ['audio'] },
  });
  const { session, errors } = await startCall(brain(), agent, { filler: { afterMs: 50, kind } });
  const fillers: FillerEvent[] = [];
  const events: ServerEvent[] = [];
  // The tool ends as soon as the filler starts: the answer must still wait for the filler.
  session.fillers$.subscribe((event) => {
    fillers.push(event);
    if (event.type === 'filler_started') release();
  });
  session.events$.subscribe((event) => {
    if (event.type !== 'unknown') events.push(event);
  });
  const result = await session.sendText('Where is my order?').done;
  return { session, result, fillers, events, errors };
}

describe('no dead air against the local server', () => {
  it('a spoken filler plays while the tool runs, ends before the answer, and stays out of the conversation', async () => {
    const { session, result, fillers, events, errors } = await slowCall('spoken');
    expect(result.status).toBe('completed');
    expect(result.text).toBe('Your order has shipped.');
    expect(fillers.map((event) => `${event.type}:${event.kind}`)).toEqual([
      'filler_started:spoken',
      'filler_ended:spoken',
    ]);
    // filler_ended says what the caller heard (the audio's transcript).
    expect(fillers[1]).toMatchObject({ text: FILLER });
    const fillerResponse = events.find(
      (event) => event.type === 'response.done' && event.response.metadata?.switchboard_filler !== undefined,
    );
    expect(fillerResponse?.type === 'response.done' && fillerResponse.response.output?.map(itemText)).toEqual(
      [FILLER],
    );
    // Never overlapping: the answer's response starts after the filler's is done.
    const fillerDoneAt = events.indexOf(fillerResponse as ServerEvent);
    const answerStartedAt = events.findIndex(
      (event, index) =>
        index > 0 &&
        event.type === 'response.created' &&
        event.response.conversation_id !== null &&
        event.response.id === result.responses.at(-1)?.id,
    );
    expect(answerStartedAt).toBeGreaterThan(fillerDoneAt);
    expect(session.history.items.map(itemText)).not.toContain(FILLER);
    expect(errors).toEqual([]);
  });

  it("kind 'hold' asks the app for its hold audio and says when to stop; the model says no filler", async () => {
    const { result, fillers, events, errors } = await slowCall('hold');
    expect(result.text).toBe('Your order has shipped.');
    expect(fillers.map((event) => `${event.type}:${event.kind}`)).toEqual([
      'filler_started:hold',
      'filler_ended:hold',
    ]);
    expect(
      events.some((event) => event.type === 'response.created' && event.response.conversation_id === null),
    ).toBe(false);
    expect(errors).toEqual([]);
  });
});

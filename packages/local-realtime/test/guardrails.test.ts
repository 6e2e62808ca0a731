import {
  defineAgent,
  type Guardrail,
  type GuardrailEvent,
  itemText,
  type ServerEvent,
} from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import type { Brain, BrainOutput } from '../src/index.js';
import { cleanUpCalls, startCall } from './helpers/local-session.js';

// Issue 16, point 5, end to end (fast pace): the model starts saying a vault code. The output
// guardrail trips on the transcript before the code itself is delivered: the response is cancelled,
// the item truncated at what the app's player played, and the agent says the safe line. A card
// number typed by the user never gets an answer.

cleanUpCalls();

const SECRET = '4815';
const SAFE = 'Sorry, I cannot share security codes.';
/** How long the brain waits for a cancel before it says the code (a guardrail that failed lets it through). */
const PAUSE_MS = 3_000;
/** Where the app's player is when the guardrail trips: into the first sentence. */
const PLAYED_MS = 800;

/** The model pauses after "The vault code is..." and goes on with the code unless cancelled first. */
async function* revealsTheCode(signal: AbortSignal): AsyncIterable<string> {
  yield 'Here is what I found. ';
  yield 'The vault code is... ';
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, PAUSE_MS);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  if (!signal.aborted) yield `${SECRET}. Keep it safe.`;
}

/** Says the quoted line it is told to say out of band (the safe line), else reveals the code. */
const brain: Brain = {
  name: 'vault-script',
  respond: (request): BrainOutput[] => {
    if (request.metadata?.switchboard_guardrail)
      return [{ type: 'message', text: /"(.*)"/.exec(request.instructions)?.[1] ?? 'no line' }];
    if (/card/i.test(JSON.stringify(request.items.at(-1))))
      return [{ type: 'message', text: 'Thanks, I saved your card.' }];
    return [{ type: 'message', text: revealsTheCode(request.signal) }];
  },
};

const noVaultCodes: Guardrail = {
  name: 'no_vault_codes',
  check: (text) => (/vault code/i.test(text) ? { tripped: true, reason: 'discloses a vault code' } : false),
};
const noCardNumbers: Guardrail = { name: 'no_card_numbers', check: (text) => /(\d[ -]?){16}/.test(text) };

async function guardedCall(modality: 'audio' | 'text') {
  const agent = defineAgent({
    name: 'Vault',
    instructions: 'Help.',
    session: { output_modalities: [modality] },
  });
  const { session, errors } = await startCall(brain, agent, {
    guardrails: { output: [noVaultCodes], input: [noCardNumbers], safeLine: SAFE, playedMs: () => PLAYED_MS },
  });
  const events: ServerEvent[] = [];
  const trips: GuardrailEvent[] = [];
  session.events$.subscribe((event) => {
    if (event.type !== 'unknown') events.push(event);
  });
  session.guardrails$.subscribe((event) => trips.push(event));
  /** Resolves with the `response.done` of the safe line. */
  const safeLineDone = new Promise<Extract<ServerEvent, { type: 'response.done' }>>((resolve) =>
    session.events$.subscribe((event) => {
      if (event.type === 'response.done' && event.response.metadata?.switchboard_guardrail) resolve(event);
    }),
  );
  return { session, errors, events, trips, safeLineDone };
}

describe('guardrails before speech, against the local server', () => {
  it('an output guardrail cancels the response before the code is said, truncates it, and the safe line is spoken', async () => {
    const { session, errors, events, trips, safeLineDone } = await guardedCall('audio');
    const turn = session.sendText('What is the vault code?');
    const line = await safeLineDone;
    const result = await turn.done;

    // Nothing of the code reached the client, in any event.
    expect(JSON.stringify(events)).not.toContain(SECRET);
    expect(result.status).toBe('cancelled');
    const [trip] = trips;
    expect(trips).toHaveLength(1);
    expect(trip).toMatchObject({
      side: 'output',
      guardrail: 'no_vault_codes',
      reason: 'discloses a vault code',
      text: expect.stringContaining('The vault code'),
      action: { flush: 'app', truncatedAtMs: PLAYED_MS, safeLine: SAFE },
    });
    expect(trip?.action.cancelledResponseId).toBe(result.responses[0]?.id);
    // The safe line is spoken (audio), out of band.
    expect(line.response.output?.map(itemText)).toEqual([SAFE]);
    expect(
      events.some(
        (event) => event.type === 'response.output_audio.delta' && event.response_id === line.response.id,
      ),
    ).toBe(true);
    // The history keeps what the app played, not the rest, then the safe line as the agent's.
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'conversation.item.truncated',
        item_id: trip?.itemId,
        audio_end_ms: PLAYED_MS,
      }),
    );
    // The model's copy keeps what was played (the local server cuts the transcript in proportion).
    const kept = itemText(await session.retrieveItem(trip?.itemId ?? ''));
    expect(kept).toMatch(/^Here\b/);
    expect('Here is what I found.'.startsWith(kept)).toBe(true);
    expect(session.history.items.map(itemText)).toEqual(['What is the vault code?', '', SAFE]);
    expect(errors).toEqual([]);
  });

  it('in a text session the answer is cancelled and removed, and the safe line comes as text', async () => {
    const { session, errors, events, trips, safeLineDone } = await guardedCall('text');
    const turn = session.sendText('What is the vault code?');
    const line = await safeLineDone;
    await turn.done;
    expect(JSON.stringify(events)).not.toContain(SECRET);
    expect(trips[0]?.action).toMatchObject({ flush: undefined, removedItemId: trips[0]?.itemId });
    expect(line.response.output?.map(itemText)).toEqual([SAFE]);
    expect(session.history.items.map(itemText)).toEqual(['What is the vault code?', SAFE]);
    expect(errors).toEqual([]);
  });

  it('an input guardrail blocks the turn: no answer to it, the input removed, the safe line spoken', async () => {
    const { session, errors, events, trips, safeLineDone } = await guardedCall('audio');
    const turn = session.sendText('My card is 4111 1111 1111 1111');
    const line = await safeLineDone;
    await expect(turn.done).resolves.toMatchObject({ responses: [] });
    expect(trips).toMatchObject([
      { side: 'input', guardrail: 'no_card_numbers', action: { safeLine: SAFE } },
    ]);
    expect(line.response.output?.map(itemText)).toEqual([SAFE]);
    expect(JSON.stringify(events)).not.toContain('saved your card');
    expect(events.filter((event) => event.type === 'response.created')).toHaveLength(1);
    expect(session.history.items.map(itemText)).toEqual([SAFE]);
    expect(errors).toEqual([]);
  });
});

import {
  AudioSettingKeptWarning,
  type ConversationItem,
  defineAgent,
  type HandoffContextStrategy,
  type HandoffToOptions,
  handoff,
  itemText,
  type TurnResult,
} from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { type Brain, scriptedBrain } from '../src/index.js';
import { cleanUpCalls, startCall } from './helpers/local-session.js';

// Issue 16, point 6, end to end: what the agent taking over a handoff sees (append, reset, summary),
// read back by the new agent's scripted brain from the conversation the server holds, and a handoff
// to an agent with another voice after the caller heard audio (the server refuses a voice change).

cleanUpCalls();

/** What the new agent sees: the messages before its turn, by role. */
function seen(items: readonly ConversationItem[]): string {
  const messages = items.filter((item) => item.type === 'message');
  return messages.map((item) => `${item.type === 'message' ? item.role : ''}: ${itemText(item)}`).join(' | ');
}

const SUMMARY = 'The caller was charged twice for INV-1.';

/** `script`, which also writes the handoff summary when asked out of band. */
function summarizing(script: Brain): Brain {
  return {
    name: 'handoff-script',
    respond: (request) =>
      request.metadata?.switchboard_handoff_summary
        ? [{ type: 'message', text: `${SUMMARY} (from ${request.items.length} items)` }]
        : script.respond(request),
  };
}

/** The scripted model: Triage hands off when the caller was charged twice; Billing says what it sees. */
function brain(): Brain {
  return summarizing(
    scriptedBrain([
      { user: /charged twice/i, say: 'Let me transfer you.', handoff: 'Billing' },
      { toolOutput: 'transfer_to_billing', say: ({ request }) => `Billing sees: ${seen(request.items)}` },
    ]),
  );
}

async function call(context: HandoffContextStrategy, modality: 'text' | 'audio' = 'text') {
  const billing = defineAgent({ name: 'Billing', instructions: 'Billing.', voice: 'cedar' });
  const triage = defineAgent({
    name: 'Triage',
    instructions: 'Route.',
    voice: 'marin',
    handoffs: [handoff(billing, { context })],
    session: { output_modalities: [modality] },
  });
  const { session, errors } = await startCall(brain(), triage);
  const result = await session.sendText('I was charged twice').done;
  return { session, result, errors };
}

describe('handoff context strategies against the local server', () => {
  it('append: the new agent sees the whole conversation', async () => {
    const { result, errors } = await call('append');
    expect(result.agent.name).toBe('Billing');
    expect(result.text).toContain(
      'Billing sees: user: I was charged twice | assistant: Let me transfer you.',
    );
    expect(errors).toEqual([]);
  });

  it('reset: the new agent sees only the note', async () => {
    const { result, session, errors } = await call('reset');
    expect(result.text).toContain(
      'Billing sees: system: The conversation was handed over to you by the Triage agent.',
    );
    // The server's conversation (echoed into history) no longer holds the earlier messages.
    expect(session.history.items.map(itemText)).not.toContain('I was charged twice');
    expect(errors).toEqual([]);
  });

  it('summary: the new agent sees the summary the model wrote out of band, and nothing before it', async () => {
    const { result, session, errors } = await call('summary');
    expect(result.text).toContain(
      `Billing sees: system: The Triage agent handed the conversation over to you. Summary so far: ${SUMMARY} (from 3 items)`,
    );
    const texts = session.history.items.map(itemText);
    expect(texts).not.toContain('I was charged twice');
    expect(texts.some((text) => text.startsWith(SUMMARY))).toBe(false);
    expect(errors).toEqual([]);
  });

  it('after audio, a handoff to an agent with another voice keeps the voice: no server error, a warning', async () => {
    const { result, errors } = await call('append', 'audio');
    expect(result.status).toBe('completed');
    expect(result.agent.name).toBe('Billing');
    expect(errors).toEqual([expect.any(AudioSettingKeptWarning)]);
    expect(errors[0]).toMatchObject({ code: 'audio_setting_kept', agent: 'Billing', setting: 'voice' });
  });
});

/** The scripted model for handoffs from code: Triage answers; Billing says what it sees. */
const appRouted = summarizing(
  scriptedBrain([
    {
      say: ({ request }) =>
        request.instructions.startsWith('Billing') ? `Billing sees: ${seen(request.items)}` : 'Triage here.',
    },
  ]),
);

/** A chat with Triage, whose handoff to Billing says `context`; then the app hands the call to Billing. */
async function routedByTheApp(context: HandoffContextStrategy, options: HandoffToOptions = {}) {
  const billing = defineAgent({ name: 'Billing', instructions: 'Billing.' });
  const triage = defineAgent({
    name: 'Triage',
    instructions: 'Route.',
    handoffs: [handoff(billing, { context })],
    session: { output_modalities: ['text'] },
  });
  const { session, errors } = await startCall(appRouted, triage);
  expect((await session.sendText('I was charged twice').done).text).toBe('Triage here.');
  const turns: Promise<TurnResult>[] = [];
  session.turns$.subscribe((turn) => turns.push(turn.done));
  const event = await session.handoffTo('Billing', { reason: 'A supervisor routed it.', ...options });
  expect(event).toMatchObject({ from: 'Triage', to: 'Billing', source: 'app' });
  expect(turns).toHaveLength(1);
  return { session, errors, answer: await (turns[0] as Promise<TurnResult>) };
}

const REASON_NOTE = 'system: The conversation was handed to you (Billing): A supervisor routed it.';

describe('session.handoffTo and the handoff context strategies against the local server', () => {
  it("summary (the declared handoff's): Billing sees the summary written out of band and the reason, nothing before", async () => {
    const { answer, session, errors } = await routedByTheApp('summary');
    expect(answer.agent.name).toBe('Billing');
    expect(answer.text).toBe(
      `Billing sees: system: The Triage agent handed the conversation over to you. Summary so far: ${SUMMARY} (from 2 items) | ${REASON_NOTE}`,
    );
    expect(session.history.items.map(itemText)).not.toContain('I was charged twice');
    expect(errors).toEqual([]);
  });

  it('reset (given to handoffTo, over the declared append): Billing sees only the note and the reason', async () => {
    const { answer, errors } = await routedByTheApp('append', { context: 'reset', note: 'Start afresh.' });
    expect(answer.text).toBe(`Billing sees: system: Start afresh. | ${REASON_NOTE}`);
    expect(errors).toEqual([]);
  });

  it('append (the default): Billing sees the whole conversation and the reason', async () => {
    const { answer } = await routedByTheApp('append');
    expect(answer.text).toBe(
      `Billing sees: user: I was charged twice | assistant: Triage here. | ${REASON_NOTE}`,
    );
  });
});

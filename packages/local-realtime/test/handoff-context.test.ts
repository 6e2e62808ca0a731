import {
  AudioSettingKeptWarning,
  type ConversationItem,
  defineAgent,
  type HandoffContextStrategy,
  handoff,
  itemText,
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

/** The scripted model, which writes the handoff summary when asked out of band. */
function brain(): Brain {
  const script = scriptedBrain([
    { user: /charged twice/i, say: 'Let me transfer you.', handoff: 'Billing' },
    { toolOutput: 'transfer_to_billing', say: ({ request }) => `Billing sees: ${seen(request.items)}` },
  ]);
  return {
    name: 'handoff-script',
    respond: (request) =>
      request.metadata?.switchboard_handoff_summary
        ? [{ type: 'message', text: `${SUMMARY} (from ${request.items.length} items)` }]
        : script.respond(request),
  };
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

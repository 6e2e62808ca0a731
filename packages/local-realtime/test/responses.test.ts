import type { ServerEvent } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { type BrainRequest, createSynthesizer, LocalSession } from '../src/index.js';
import { LOOKUP_INVOICE } from './helpers/brains.js';

/** A session whose brain records what it was asked and calls the forced tool or says the instructions. */
async function recordingSession() {
  const requests: BrainRequest[] = [];
  const events: ServerEvent[] = [];
  const session = new LocalSession(
    {
      brain: {
        name: 'recorder',
        *respond(request) {
          requests.push(request);
          const choice = request.toolChoice;
          if (typeof choice === 'object' && choice.type === 'function') {
            yield { type: 'function_call', name: choice.name, arguments: { invoice_id: 'INV-1' } };
          } else {
            yield { type: 'message', text: request.instructions };
          }
        },
      },
      synthesizer: await createSynthesizer({ voice: 'tone' }),
      pace: 'fast',
      model: 'gpt-realtime',
    },
    (event) => events.push(event),
  );
  session.start();
  const done = () =>
    new Promise<ServerEvent>((resolve) => {
      const seen = events.length;
      const timer = setInterval(() => {
        const found = events.slice(seen).find((event) => event.type === 'response.done');
        if (found) {
          clearInterval(timer);
          resolve(found);
        }
      }, 2);
    });
  return { session, requests, events, done };
}

describe('response.create overrides', () => {
  it('per-response instructions, tools, tool_choice, modalities and voice win over the session, for that response only', async () => {
    const { session, requests, done } = await recordingSession();
    session.handle({
      type: 'session.update',
      session: { type: 'realtime', instructions: 'Session instructions.' },
    });
    const first = done();
    session.handle({
      type: 'response.create',
      response: {
        instructions: 'Response instructions.',
        tools: [LOOKUP_INVOICE],
        tool_choice: { type: 'function', name: 'lookup_invoice' },
        output_modalities: ['text'],
        audio: { output: { voice: 'cedar' } },
        metadata: { turn: '1' },
      },
    });
    const overridden = await first;
    expect(requests[0]).toMatchObject({
      instructions: 'Response instructions.',
      toolChoice: { type: 'function', name: 'lookup_invoice' },
      outputModalities: ['text'],
      metadata: { turn: '1' },
    });
    expect(requests[0]?.tools.map((tool) => tool.name)).toEqual(['lookup_invoice']);
    expect(overridden).toMatchObject({
      response: {
        output_modalities: ['text'],
        audio: { output: { voice: 'cedar' } },
        metadata: { turn: '1' },
        output: [{ type: 'function_call', name: 'lookup_invoice' }],
      },
    });

    const second = done();
    session.handle({ type: 'response.create' });
    const plain = await second;
    expect(requests[1]).toMatchObject({
      instructions: 'Session instructions.',
      toolChoice: 'auto',
      outputModalities: ['audio'],
    });
    expect(requests[1]?.tools).toEqual([]);
    expect(plain).toMatchObject({
      response: { audio: { output: { voice: 'marin' } }, output: [{ content: [{ type: 'output_audio' }] }] },
    });
    session.close();
  });

  it("tool_choice 'none' hides the tools from the brain", async () => {
    const { session, requests, done } = await recordingSession();
    const finished = done();
    session.handle({ type: 'response.create', response: { tools: [LOOKUP_INVOICE], tool_choice: 'none' } });
    await finished;
    expect(requests[0]?.tools).toEqual([]);
    session.close();
  });
});

import {
  ConnectionClosedError,
  type ConversationItem,
  defineAgent,
  itemText,
  RealtimeSession,
  type RolloverEvent,
  type RolloverOptions,
  RolloverSummaryError,
  ServerError,
  tool,
} from '@switchboard/core';
import { websocketTransport } from '@switchboard/transport-websocket';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type LocalRealtimeOptions, scriptedBrain, startLocalRealtime } from '../src/index.js';
import { dropConnection, expireSession } from '../src/testing.js';

/*
 * Long calls (issue 16, point 3): a session rolls over to a new connection before the server's time
 * cap, and on `session_expired`, with the active agent's config and the conversation's text restored;
 * a running turn is never cut by a planned rollover. And the reconnect path it shares, driven by
 * local-realtime's fault injection (point 4).
 */

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The name the user gave earlier in the conversation the server holds, if any. */
function nameIn(items: readonly ConversationItem[]): string | undefined {
  for (const item of items) {
    const said = /my name is (\w+)/i.exec(
      item.type === 'message' && item.role !== 'assistant' ? itemText(item) : '',
    );
    if (said) return said[1];
  }
  return undefined;
}

const brain = scriptedBrain([
  { user: /my name is (\w+)/i, say: (c) => `Nice to meet you, ${c.match?.[1]}.` },
  {
    user: /what is my name/i,
    say: (c) => {
      const name = nameIn(c.request.items);
      return name ? `Your name is ${name}.` : 'I do not know your name.';
    },
  },
  { user: /who are you/i, say: (c) => `My instructions: ${c.request.instructions}` },
  { user: /how many items/i, say: (c) => `The server holds ${c.request.items.length} items.` },
  { user: /look it up/i, call: { name: 'slow_lookup', arguments: {} } },
  { toolOutput: 'slow_lookup', say: (c) => `The lookup says ${c.toolResult?.output.output}.` },
]);

/** A tool that finishes when the test says so. */
function heldTool() {
  let release!: (value: string) => void;
  const result = new Promise<string>((resolve) => {
    release = resolve;
  });
  let markStarted!: () => void;
  const started = new Promise<void>((resolve) => {
    markStarted = resolve;
  });
  const lookup = tool({
    name: 'slow_lookup',
    description: 'A slow lookup',
    parameters: z.object({}),
    execute: () => {
      markStarted();
      return result;
    },
  });
  return { lookup, release, started };
}

async function connect(
  options: {
    server?: Omit<LocalRealtimeOptions, 'brain' | 'audio'>;
    rollover?: RolloverOptions | false;
    retries?: number;
  } = {},
) {
  const server = await startLocalRealtime({
    ...options.server,
    brain,
    audio: { pace: 'fast', voice: 'tone' },
  });
  cleanups.push(() => server.close());
  const held = heldTool();
  const agent = defineAgent({
    name: 'Concierge',
    instructions: 'You are the concierge. Be brief.',
    tools: [held.lookup],
    session: { output_modalities: ['text'] },
  });
  const session = new RealtimeSession({
    agent,
    context: {},
    transport: websocketTransport({
      dialect: 'ga',
      url: server.url,
      ...(options.retries ? { reconnect: { retries: options.retries, backoffMs: 0 } } : {}),
    }),
    ...(options.rollover === undefined ? {} : { rollover: options.rollover }),
  });
  const errors: Error[] = [];
  const rollovers: RolloverEvent[] = [];
  const log: string[] = [];
  session.errors$.subscribe((error) => errors.push(error));
  session.rollovers$.subscribe((event) => {
    rollovers.push(event);
    // What the conversation's last item said when the rollover began.
    const last = session.history.items.at(-1);
    log.push(`${event.type}:${event.cause}:${last ? itemText(last) : ''}`);
  });
  cleanups.push(() => session.close());
  await session.connect();
  const rolledOver = () =>
    new Promise<RolloverEvent>((resolve) => {
      const subscription = session.rollovers$.subscribe((event) => {
        if (event.type !== 'rollover_done') return;
        subscription.unsubscribe();
        resolve(event);
      });
    });
  return { server, session, errors, rollovers, log, held, rolledOver };
}

describe('rollover before the time cap', () => {
  it('moves to a new server session with the agent and the text history restored, before the cap', async () => {
    // The server ends sessions at 4 s; the session may roll over from 1 s on.
    const { server, session, errors, rollovers, rolledOver } = await connect({
      server: { limits: { maxSessionMs: 4_000 } },
      rollover: { capMs: 4_000, beforeCapMs: 3_000 },
    });
    const done = rolledOver();
    expect((await session.sendText('Hello, my name is Ada').done).text).toBe('Nice to meet you, Ada.');
    expect(await done).toEqual({
      type: 'rollover_done',
      cause: 'time_cap',
      agent: 'Concierge',
      restoredItems: 2,
      summarized: false,
    });
    // The new server session knows the agent's instructions and what was said before.
    expect((await session.sendText('What is my name?').done).text).toBe('Your name is Ada.');
    expect((await session.sendText('Who are you?').done).text).toBe(
      'My instructions: You are the concierge. Be brief.',
    );
    expect(rollovers.map((event) => event.type)).toEqual(['rollover_started', 'rollover_done']);
    // The old session never reached its cap.
    expect(errors).toEqual([]);
    expect(server.faults.fired).toEqual([]);
    // The history holds each item once: the restored items echoed onto the same ids.
    const texts = session.history.items.map((item) => itemText(item));
    expect(texts.filter((text) => text === 'Hello, my name is Ada')).toHaveLength(1);
  });

  it('waits for a running turn to end (a tool still running) before it rolls over', async () => {
    const { session, errors, log, held, rolledOver } = await connect({
      server: { limits: { maxSessionMs: 6_000 } },
      rollover: { capMs: 6_000, beforeCapMs: 5_000 },
    });
    const done = rolledOver();
    const turn = session.sendText('Please look it up');
    await held.started;
    // Well past the moment the rollover became due (1 s after connecting): it waits for the turn.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(log).toEqual([]);
    held.release('42 rooms free');
    const result = await turn.done;
    expect(result.status).toBe('completed');
    expect(result.text).toBe('The lookup says 42 rooms free.');
    expect(result.toolCalls).toEqual([expect.objectContaining({ name: 'slow_lookup', outcome: 'success' })]);
    await done;
    // It began once the turn's last answer was complete.
    expect(log).toEqual([
      'rollover_started:time_cap:The lookup says 42 rooms free.',
      'rollover_done:time_cap:The lookup says 42 rooms free.',
    ]);
    expect((await session.sendText('What is my name?').done).status).toBe('completed');
    expect(errors).toEqual([]);
  });

  it('a rollover asked for during a turn waits for it too', async () => {
    const { session, errors, log, held, rolledOver } = await connect();
    const turn = session.sendText('Please look it up');
    await held.started;
    expect(session.rollover()).toBe(true);
    expect(log).toEqual([]);
    const done = rolledOver();
    held.release('ok');
    expect((await turn.done).status).toBe('completed');
    expect((await done).cause).toBe('app');
    expect(log).toEqual([
      'rollover_started:app:The lookup says ok.',
      'rollover_done:app:The lookup says ok.',
    ]);
    expect(errors).toEqual([]);
  });
});

describe('rollover with a summary', () => {
  async function longCall(summarize: (items: readonly ConversationItem[]) => string) {
    const call = await connect({ rollover: { summary: { keepItems: 4, summarize } } });
    for (const line of ['Hello, my name is Ada', 'Hi', 'Hi', 'Hi']) await call.session.sendText(line).done;
    return call;
  }

  it('restores a long conversation as a summary of the older items and the latest ones as they are', async () => {
    const summarized: string[][] = [];
    const { session, errors, rolledOver } = await longCall((items) => {
      summarized.push(items.map((item) => itemText(item)));
      return `The user said: my name is ${nameIn(items)}.`;
    });
    const done = rolledOver();
    expect(session.rollover()).toBe(true);
    expect(await done).toMatchObject({ cause: 'app', summarized: true, restoredItems: 5 });
    // The four oldest of the eight items were summarized; the last four were kept.
    expect(summarized).toEqual([
      ['Hello, my name is Ada', 'Nice to meet you, Ada.', 'Hi', 'I have no scripted answer for "Hi".'],
    ]);
    // The server holds the summary, the four kept items and the new question.
    expect((await session.sendText('How many items do you hold?').done).text).toBe(
      'The server holds 6 items.',
    );
    expect((await session.sendText('What is my name?').done).text).toBe('Your name is Ada.');
    expect(errors).toEqual([]);
  });

  it('a summarize that throws restores the full text and reports a RolloverSummaryError', async () => {
    const { session, errors, rolledOver } = await longCall(() => {
      throw new Error('the summarizer is down');
    });
    const done = rolledOver();
    session.rollover();
    expect(await done).toMatchObject({ summarized: false, restoredItems: 8 });
    expect(errors).toEqual([expect.any(RolloverSummaryError)]);
    expect(errors[0]).toMatchObject({ code: 'summary_failed' });
    expect((await session.sendText('What is my name?').done).text).toBe('Your name is Ada.');
  });
});

describe('rollover on session_expired', () => {
  it('the server cap ends the session: the session rolls over at once, with no reconnect policy', async () => {
    // No planned rollover (the session believes the cap is an hour away): only the server's error.
    const { session, errors, rolledOver } = await connect({
      server: { limits: { maxSessionMs: 2_000 } },
      rollover: { capMs: 3_600_000 },
    });
    expect((await session.sendText('Hello, my name is Grace').done).status).toBe('completed');
    const done = await rolledOver();
    expect(done).toMatchObject({ cause: 'session_expired', restoredItems: 2 });
    expect(errors).toEqual([expect.any(ServerError)]);
    expect((errors[0] as ServerError).code).toBe('session_expired');
    expect(errors.some((error) => error instanceof ConnectionClosedError)).toBe(false);
    expect(session.state).toBe('open');
    expect((await session.sendText('What is my name?').done).text).toBe('Your name is Grace.');
  });

  it('an injected expiry right after a response takes the same path', async () => {
    const { server, session, rolledOver } = await connect({ rollover: { capMs: 3_600_000 } });
    server.faults.inject(expireSession({ afterEvent: 'response.done' }));
    const done = rolledOver();
    expect((await session.sendText('My name is Alan').done).status).toBe('completed');
    expect(await done).toMatchObject({ cause: 'session_expired' });
    expect((await server.faults.whenFired('expire')).event).toBe('response.done');
    expect((await session.sendText('What is my name?').done).text).toBe('Your name is Alan.');
  });

  it('with rollover: false the expiry ends the session', async () => {
    const { server, session, errors } = await connect({ rollover: false });
    expect(session.rollover()).toBe(false);
    server.faults.inject(expireSession());
    await new Promise<void>((resolve) => session.errors$.subscribe({ complete: () => resolve() }));
    expect(session.state).toBe('closed');
    expect(errors.map((error) => error.constructor.name)).toEqual(['ServerError', 'ConnectionClosedError']);
  });
});

describe('reconnect after a dropped socket (fault injection)', () => {
  it('a socket dropped mid-response comes back with the history, and the next turn works', async () => {
    const { server, session, errors } = await connect({ retries: 2 });
    expect((await session.sendText('My name is Edsger').done).status).toBe('completed');
    server.faults.inject(dropConnection({ beforeEvent: 'response.done' }), { scope: 'open' });
    const cut = await session.sendText('What is my name?').done;
    // The socket went before the response ended: the turn ends incomplete, with what arrived.
    expect(cut.status).toBe('incomplete');
    expect(cut.text).toBe('Your name is Edsger.');
    expect(errors.some((error) => error instanceof ConnectionClosedError)).toBe(false);
    expect((await session.sendText('What is my name?').done).text).toBe('Your name is Edsger.');
    expect(server.faults.fired.map((fired) => fired.fault.kind)).toEqual(['drop']);
  });
});

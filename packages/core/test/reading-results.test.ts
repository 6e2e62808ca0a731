import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import {
  type ConversationItem,
  defineAgent,
  isMessageItem,
  itemText,
  partText,
  type ToolDefinition,
  tool,
} from '../src/index.js';
import { startSession } from './fixtures.js';

describe('itemText and friends', () => {
  it('read the text of messages of every role, text or audio transcript, without casts', () => {
    const items: ConversationItem[] = [
      { type: 'message', role: 'system', content: [{ type: 'input_text', text: 'Be brief.' }] },
      {
        type: 'message',
        role: 'user',
        content: [
          { type: 'input_audio', transcript: 'Hi ' },
          { type: 'input_text', text: 'there' },
        ],
      },
      { type: 'message', role: 'user', content: [{ type: 'input_audio', transcript: null }] },
      { type: 'message', role: 'assistant', content: [{ type: 'output_audio', transcript: 'Hello!' }] },
      { type: 'function_call', name: 'f', arguments: '{}', call_id: 'c' },
      { type: 'function_call_output', call_id: 'c', output: 'ok' },
    ];
    expect(items.map(itemText)).toEqual(['Be brief.', 'Hi there', '', 'Hello!', '', '']);
    expect(partText({ type: 'output_text', text: 'x', transcript: 'y' })).toBe('x');
  });

  it('isMessageItem narrows to messages, and their role to the part types; filter(isMessageItem) is safe', () => {
    const item: ConversationItem = {
      type: 'message',
      role: 'assistant',
      content: [{ type: 'output_text', text: 'a' }],
    };
    const output: ConversationItem = { type: 'function_call_output', call_id: 'c', output: '' };
    expect([item, output].filter(isMessageItem)).toEqual([item]);
    if (isMessageItem(item) && item.role === 'assistant') {
      expectTypeOf(item.role).toEqualTypeOf<'assistant'>();
      expectTypeOf(item.content[0]?.type).toEqualTypeOf<'output_text' | 'output_audio' | undefined>();
    }
  });

  it('reads the history after a turn', async () => {
    const { server, script, session } = await startSession({
      agent: defineAgent({ name: 'Assistant', instructions: 'x' }),
      context: {},
    });
    const turn = session.sendText('Hello');
    server.emit(...script.userMessage('Hello'), ...script.textResponse('Hi!').events);
    await turn.done;
    expect(
      session.history.items.map(
        (item) => `${isMessageItem(item) ? item.role : item.type}: ${itemText(item)}`,
      ),
    ).toEqual(['user: Hello', 'assistant: Hi!']);
  });
});

describe('a sent session.update', () => {
  it('has typed session fields, tools included, without narrowing on the session type', async () => {
    const lookup = tool({
      name: 'lookup',
      description: 'Look up',
      parameters: z.object({ id: z.string() }),
      execute: ({ id }) => id,
    });
    const { server } = await startSession({
      agent: defineAgent({ name: 'Assistant', instructions: 'Be brief.', voice: 'marin', tools: [lookup] }),
      context: {},
    });
    const update = await server.waitForSent('session.update');
    expectTypeOf(update.session.tools).toEqualTypeOf<ToolDefinition[] | undefined>();
    expectTypeOf(update.session.instructions).toEqualTypeOf<string | undefined>();
    expect(
      update.session.tools?.map((definition) => definition.type === 'function' && definition.name),
    ).toEqual(['lookup']);
    expect(update.session.instructions).toBe('Be brief.');
    expect(update.session.audio?.output?.voice).toBe('marin');
  });
});

import { describe, expect, it } from 'vitest';
import {
  type ConversationItem,
  emptyHistory,
  type HistoryState,
  reduceHistory,
  type ServerEvent,
} from '../src/index.js';
import { createServerScript } from '../src/testing/index.js';

const reduce = (events: ServerEvent[], state: HistoryState = emptyHistory) =>
  events.reduce(reduceHistory, state);
const message = (id: string, text: string): ConversationItem => ({
  type: 'message',
  id,
  role: 'user',
  status: 'completed',
  content: [{ type: 'input_text', text }],
});

describe('history reducer', () => {
  it('accumulates text deltas into the assistant item and keeps them when the final item arrives', () => {
    const script = createServerScript();
    const state = reduce([...script.userMessage('hi'), ...script.textResponse('Hello there').events]);
    expect(state.items).toHaveLength(2);
    expect(state.items[1]).toMatchObject({
      role: 'assistant',
      status: 'completed',
      content: [{ type: 'output_text', text: 'Hello there' }],
    });
  });

  it('inserts by previous_item_id, at the start for null, and deletes', () => {
    const added = (item: ConversationItem, previous: string | null | undefined): ServerEvent => ({
      type: 'conversation.item.added',
      event_id: 'e',
      previous_item_id: previous,
      item,
    });
    let state = reduce([added(message('a', 'A'), undefined), added(message('c', 'C'), 'a')]);
    state = reduce([added(message('b', 'B'), 'a'), added(message('z', 'Z'), null)], state);
    expect(state.items.map((item) => item.id)).toEqual(['z', 'a', 'b', 'c']);
    state = reduce([{ type: 'conversation.item.deleted', event_id: 'e', item_id: 'b' }], state);
    expect(state.items.map((item) => item.id)).toEqual(['z', 'a', 'c']);
  });

  it('accumulates audio transcripts and user transcription, and clears a truncated transcript', () => {
    const base = { event_id: 'e', response_id: 'r', item_id: 'x', output_index: 0, content_index: 0 };
    let state = reduce([
      {
        type: 'conversation.item.added',
        event_id: 'e',
        item: { type: 'message', id: 'u', role: 'user', content: [{ type: 'input_audio' }] },
      },
      {
        type: 'conversation.item.input_audio_transcription.delta',
        event_id: 'e',
        item_id: 'u',
        content_index: 0,
        delta: 'refund ',
      },
      {
        type: 'conversation.item.input_audio_transcription.completed',
        event_id: 'e',
        item_id: 'u',
        content_index: 0,
        transcript: 'refund please',
        usage: { type: 'duration', seconds: 1 },
      },
      {
        type: 'conversation.item.added',
        event_id: 'e',
        item: { type: 'message', id: 'x', role: 'assistant', status: 'in_progress', content: [] },
      },
      { type: 'response.content_part.added', ...base, part: { type: 'audio', transcript: '' } },
      { type: 'response.output_audio_transcript.delta', ...base, delta: 'Sure, ' },
      { type: 'response.output_audio_transcript.delta', ...base, delta: 'one moment.' },
    ]);
    expect(state.items[0]).toMatchObject({ content: [{ type: 'input_audio', transcript: 'refund please' }] });
    expect(state.items[1]).toMatchObject({ content: [{ transcript: 'Sure, one moment.' }] });
    state = reduce(
      [
        {
          type: 'conversation.item.truncated',
          event_id: 'e',
          item_id: 'x',
          content_index: 0,
          audio_end_ms: 300,
        },
      ],
      state,
    );
    expect(state.items[1]).toMatchObject({ content: [{ transcript: '' }] });
  });

  it('accumulates function call arguments', () => {
    const script = createServerScript();
    const { events } = script.functionCallResponse([{ name: 'f', arguments: { a: 1 } }]);
    const streamed = events.filter(
      (event) => event.type !== 'response.output_item.done' && event.type !== 'conversation.item.done',
    );
    expect(reduce(streamed).items[0]).toMatchObject({
      type: 'function_call',
      name: 'f',
      arguments: '{"a":1}',
    });
  });

  it('leaves out-of-band output out of the conversation and returns the same state for events that change nothing', () => {
    const state = reduce([
      {
        type: 'response.output_text.delta',
        event_id: 'e',
        response_id: 'r',
        item_id: 'oob',
        output_index: 0,
        content_index: 0,
        delta: 'x',
      },
      {
        type: 'response.output_audio.delta',
        event_id: 'e',
        response_id: 'r',
        item_id: 'oob',
        output_index: 0,
        content_index: 0,
        delta: 'AAAA',
      },
    ]);
    expect(state).toBe(emptyHistory);
  });

  it('ignores a content_index past the bound instead of growing a sparse array (issue 9, point 9)', () => {
    const script = createServerScript();
    const text = script.textResponse('Hi');
    const state = reduce(text.events);
    const delta = {
      type: 'response.output_text.delta',
      event_id: 'e_big',
      response_id: text.responseId,
      item_id: text.itemIds[0],
      output_index: 0,
      content_index: 4_294_967_294,
      delta: '!',
    } as ServerEvent;
    expect(reduceHistory(state, delta)).toBe(state);
  });
});

describe('history reducer: items found by id, not by scanning (issue 15, point 3)', () => {
  const added = (item: ConversationItem, previous?: string | null): ServerEvent => ({
    type: 'conversation.item.added',
    event_id: 'e',
    previous_item_id: previous,
    item,
  });
  const deleted = (id: string): ServerEvent => ({
    type: 'conversation.item.deleted',
    event_id: 'e',
    item_id: id,
  });
  const completed = (id: string, transcript: string): ServerEvent => ({
    type: 'conversation.item.input_audio_transcription.completed',
    event_id: 'e',
    item_id: id,
    content_index: 0,
    transcript,
  });
  const spoken = (id: string): ConversationItem => ({
    type: 'message',
    id,
    role: 'user',
    content: [{ type: 'input_audio', transcript: null }],
  });

  it('keeps every state it gave out as it was, when one state is reduced along two branches', () => {
    // The states share an id map; each branch appends a different item at the same position, then
    // one branch appends the other's item after it: each state still finds exactly its own items.
    const base = reduce([added(spoken('a'))]);
    const withX = reduce([added(spoken('x'))], base);
    const withZ = reduce([added(spoken('z'))], base);
    const withZx = reduce([added(spoken('x'))], withZ);
    const xHeard = reduce([completed('x', 'from the x branch')], withX);
    expect(xHeard.items.map((item) => item.id)).toEqual(['a', 'x']);
    expect(xHeard.items[1]).toMatchObject({ content: [{ transcript: 'from the x branch' }] });
    expect(reduce([completed('z', 'only z')], withX)).toBe(withX);
    expect(reduce([completed('x', 'zx')], withZx).items.map((item) => item.id)).toEqual(['a', 'z', 'x']);
    expect(withX.items.map((item) => item.id)).toEqual(['a', 'x']);
    expect(withZ.items.map((item) => item.id)).toEqual(['a', 'z']);
    expect(base.items.map((item) => item.id)).toEqual(['a']);
  });

  it('finds items after insertions in the middle, deletions and a restore from a state an app built', () => {
    const restored: HistoryState = { items: ['a', 'b', 'c'].map(spoken) };
    let state = reduce([added(spoken('m'), 'a'), deleted('b'), added(spoken('first'), null)], restored);
    expect(state.items.map((item) => item.id)).toEqual(['first', 'a', 'm', 'c']);
    state = reduce([completed('c', 'C'), completed('first', 'F'), completed('m', 'M'), deleted('a')], state);
    expect(
      state.items.map((item) => [item.id, item.type === 'message' ? item.content[0]?.transcript : '']),
    ).toEqual([
      ['first', 'F'],
      ['m', 'M'],
      ['c', 'C'],
    ]);
    expect(restored.items.map((item) => item.id)).toEqual(['a', 'b', 'c']);
  });

  it('follows a 2,000-item conversation: the latest and the first items are still found and changed', () => {
    const events = Array.from({ length: 2_000 }, (_, index) => added(spoken(`item_${index}`)));
    const state = reduce([...events, completed('item_0', 'first'), completed('item_1999', 'last')]);
    expect(state.items).toHaveLength(2_000);
    expect(state.items[0]).toMatchObject({ id: 'item_0', content: [{ transcript: 'first' }] });
    expect(state.items[1_999]).toMatchObject({ id: 'item_1999', content: [{ transcript: 'last' }] });
  });
});

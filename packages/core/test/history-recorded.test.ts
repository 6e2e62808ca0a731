import { describe, expect, it } from 'vitest';
import {
  type ConversationItem,
  emptyHistory,
  type HistoryState,
  parseServerEvent,
  reduceHistory,
} from '../src/index.js';
import { canonical, RECORDINGS } from './protocol/recordings.js';

/**
 * Whole recorded sessions, folded through reduceHistory event by event. When each response.done
 * arrives, the history holds what that response produced (part types, text, transcripts, function
 * call names, ids and arguments); and before each response.output_item.done, the streamed events
 * alone (item added, content parts, deltas) had already built that final item.
 */

/** What a conversation item says, without ids or status. */
function contentOf(item: ConversationItem | undefined): unknown {
  if (item === undefined) return undefined;
  switch (item.type) {
    case 'message':
      return {
        type: item.type,
        role: item.role,
        content: item.content.map((part) => ({
          type: part.type,
          text: part.text,
          transcript: part.transcript,
        })),
      };
    case 'function_call':
      return { type: item.type, name: item.name, call_id: item.call_id, arguments: item.arguments };
    default:
      return item;
  }
}

const WHOLE_STREAMS = RECORDINGS.filter((recorded) => recorded.source.whole_stream);

describe('whole recorded streams through reduceHistory', () => {
  it('covers the recorded whole sessions', () => {
    expect(WHOLE_STREAMS.map((recorded) => recorded.file)).toEqual([
      'banyan-webrtc-log1-beta.jsonl',
      'banyan-webrtc-log2-beta.jsonl',
    ]);
  });

  it.each(WHOLE_STREAMS)('$file: the history matches every response.done', (recorded) => {
    let state: HistoryState = emptyHistory;
    const checked: string[] = [];
    const built: string[] = [];
    for (const raw of recorded.events) {
      const parsed = parseServerEvent(canonical(recorded, raw));
      if (!parsed.ok || parsed.event.type === 'unknown')
        throw new Error(`${String(raw.event_id)} did not parse`);
      const event = parsed.event;
      if (event.type === 'response.output_item.done') {
        const streamed = state.items.find((candidate) => candidate.id === event.item.id);
        expect({ item: event.item.id, content: contentOf(streamed) }).toEqual({
          item: event.item.id,
          content: contentOf(event.item),
        });
        built.push(event.item.type);
      }
      if (event.type === 'response.done') {
        const output = event.response.output ?? [];
        const held = output.map((item) =>
          contentOf(state.items.find((candidate) => candidate.id === item.id)),
        );
        expect({ response: event.response.id, items: held }).toEqual({
          response: event.response.id,
          items: output.map(contentOf),
        });
        checked.push(...output.map((item) => item.type));
      }
      state = reduceHistory(state, event);
    }
    // Each response was checked before later events (truncations, deletions) changed the history.
    expect(checked.length).toBeGreaterThan(0);
    expect(built).toEqual(checked);
  });
});

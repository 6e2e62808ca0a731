import type { TranscriptLine, UserTurn } from './call.js';
import type { ObservedEvent } from './observe.js';
import { messageText } from './transcript.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Events that are the first thing a caller hears (or reads) of an answer. */
const ANSWER_TYPES = new Set([
  'response.output_audio.delta',
  'response.output_audio_transcript.delta',
  'response.output_text.delta',
  'output_audio_buffer.started',
]);

/**
 * The caller's turns and what each waited for an answer. A spoken turn runs from VAD's
 * `speech_started` to `speech_stopped` (or ends at a client `input_audio_buffer.commit` when turn
 * detection is off); a typed turn is a user message the client sent. The latency of a turn is the
 * time from the end of user input to the first audio or text of a response created after it, before
 * the caller's next turn (so the tail of an interrupted answer never counts as the next answer).
 */
export function followTurns(
  events: readonly ObservedEvent[],
  transcript: readonly TranscriptLine[],
  agentAt: (t: number) => string,
): UserTurn[] {
  const turns: Mutable<UserTurn>[] = [];
  const created = new Map<string, number>();
  let speaking: Mutable<UserTurn> | undefined;
  let firstAppend: number | undefined;
  const awaitingItem: Mutable<UserTurn>[] = [];

  for (const { server, client, t, index } of events) {
    if (server?.type === 'input_audio_buffer.speech_started') {
      speaking = { kind: 'audio', start: t, end: t, itemId: server.item_id, event: index };
      turns.push(speaking);
    } else if (server?.type === 'input_audio_buffer.speech_stopped') {
      if (speaking) speaking.end = t;
      speaking = undefined;
    } else if (server?.type === 'input_audio_buffer.committed') {
      const turn = turns.findLast((candidate) => candidate.kind === 'audio');
      if (turn && turn.itemId === undefined) turn.itemId = server.item_id;
    } else if (client?.type === 'input_audio_buffer.append') {
      firstAppend ??= t;
    } else if (client?.type === 'input_audio_buffer.clear') {
      firstAppend = undefined;
    } else if (client?.type === 'input_audio_buffer.commit') {
      turns.push({ kind: 'audio', start: firstAppend ?? t, end: t, event: index });
      firstAppend = undefined;
    } else if (
      client?.type === 'conversation.item.create' &&
      client.item.type === 'message' &&
      client.item.role === 'user'
    ) {
      const turn: Mutable<UserTurn> = {
        kind: 'text',
        start: t,
        end: t,
        text: messageText(client.item),
        event: index,
      };
      turns.push(turn);
      awaitingItem.push(turn);
    } else if (
      server?.type === 'conversation.item.added' &&
      server.item.type === 'message' &&
      server.item.role === 'user' &&
      server.item.id
    ) {
      const turn = awaitingItem.shift();
      if (turn) turn.itemId = server.item.id;
    } else if (server?.type === 'response.created' && server.response.id) {
      created.set(server.response.id, t);
    }
  }

  const spoken = new Map(transcript.map((line) => [line.itemId, line.text]));
  const answers = events.filter(({ server }) => server && ANSWER_TYPES.has(server.type));
  turns.forEach((turn, i) => {
    if (turn.text === undefined && turn.itemId) {
      const text = spoken.get(turn.itemId);
      if (text) turn.text = text;
    }
    const until = turns[i + 1]?.start ?? Number.POSITIVE_INFINITY;
    let answer: ObservedEvent | undefined;
    // Turns do not overlap, so each scan covers its own stretch of the answers.
    for (let at = firstAtOrAfter(answers, turn.end); at < answers.length; at++) {
      const candidate = answers[at] as ObservedEvent;
      if (candidate.t >= until) break;
      const responseId = (candidate.server as { response_id?: string }).response_id;
      const start = responseId === undefined ? undefined : created.get(responseId);
      if (start === undefined || start >= turn.end) {
        answer = candidate;
        break;
      }
    }
    if (answer) {
      turn.firstAnswer = answer.t;
      turn.latencyMs = Math.round((answer.t - turn.end) * 10) / 10;
      turn.agent = agentAt(answer.t);
    }
  });
  return turns;
}

/** Index of the first event at or after `t` (events are in time order). */
function firstAtOrAfter(events: readonly ObservedEvent[], t: number): number {
  let low = 0;
  let high = events.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((events[middle] as ObservedEvent).t < t) low = middle + 1;
    else high = middle;
  }
  return low;
}

import type { RecordedEntry } from '@switchboard/core';
import { followAgents } from './agents.js';
import { summariseAudio } from './audio.js';
import type { InspectedCall } from './call.js';
import { type ObservedEvent, observe } from './observe.js';
import { findErrors, followResponses } from './responses.js';
import { followToolCalls } from './tools.js';
import { transcriptOf } from './transcript.js';
import { followTurns } from './turns.js';

/**
 * Reads a recorded call (entries from `parseRecording`) into plain data: agents over time, the
 * caller's turns with their latency, responses, tool calls, handoffs, errors, audio activity and
 * the transcript. Pure: the same entries always give the same result. `renderInspector` draws it.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { inspectCall } from '@switchboard/cli';
 * import { parseRecording } from '@switchboard/core';
 *
 * const call = inspectCall(parseRecording(readFileSync('call.jsonl', 'utf8')));
 * console.log(call.turns.map((turn) => turn.latencyMs));
 * ```
 */
export function inspectCall(entries: readonly RecordedEntry[]): InspectedCall {
  return inspectObserved(observe(entries));
}

/** {@link inspectCall} over events already read (the page reads them once for both its parts). */
export function inspectObserved(events: readonly ObservedEvent[]): InspectedCall {
  const durationMs = events.reduce((latest, event) => Math.max(latest, event.t), 0);
  const { agents, handoffs, agentAt } = followAgents(events, durationMs);
  const responses = followResponses(events, agentAt, durationMs);
  const tools = followToolCalls(events, agentAt);
  const transcript = transcriptOf(events, agentAt);
  const client = events.filter((event) => event.direction === 'client').length;
  return {
    durationMs,
    events: { client, server: events.length - client },
    agents,
    turns: followTurns(events, transcript, agentAt),
    responses,
    tools,
    handoffs,
    errors: findErrors(events, responses, tools),
    audio: summariseAudio(events),
    transcript,
  };
}

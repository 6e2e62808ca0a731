import type { JournaledCall } from '../pipeline/tool-outcomes.js';
import type { ClientEventOf, ConversationItem } from '../protocol/index.js';
import { restoreEvents } from './restore.js';

/**
 * Where a session picks a conversation up when another process had it before (`@switchboard/cluster`
 * after a worker died or handed the call over): the agent that was active, the conversation to
 * rebuild on a new connection, and the function calls that may still lack an output. Combine it with
 * `toolOutcomes`, so that a call whose tool ran before is not run again.
 *
 * @example
 * ```ts
 * import {
 *   type JournaledCall,
 *   type ConversationItem,
 *   RealtimeSession,
 *   type RealtimeTransport,
 *   type SessionResume,
 *   type Swarm,
 *   type ToolOutcomeStore,
 * } from '@switchboard/core';
 *
 * declare const snapshot: { items: ConversationItem[]; calls: JournaledCall[] };
 * declare const swarm: Swarm<unknown>;
 * declare const transport: RealtimeTransport;
 * declare const toolOutcomes: ToolOutcomeStore;
 * const resume: SessionResume = { agent: 'Billing', history: snapshot.items, pendingCalls: snapshot.calls };
 * const session = new RealtimeSession({ swarm, transport, resume, toolOutcomes });
 * ```
 */
export interface SessionResume {
  /** The name of the agent active when the conversation was left; the swarm's start agent without it. */
  readonly agent?: string;
  /**
   * The conversation so far, rebuilt on the first connection with the same item ids (text only, as
   * after a reconnect). Leave it out when the conversation lives on the server and the session
   * attaches to it (a SIP or sideband call by `call_id`).
   */
  readonly history?: readonly ConversationItem[];
  /** Calls the model made that may have no output in the conversation yet. */
  readonly pendingCalls?: readonly JournaledCall[];
}

/** The response id given to calls found unanswered in a resumed history (history keeps no response ids). */
export const RESUMED_RESPONSE_ID = 'sb_resumed';

/** What a session does on its first connection to pick the conversation up. */
export interface ResumePlan {
  /** The `conversation.item.create` events that rebuild the history. */
  readonly restore: readonly ClientEventOf<'conversation.item.create'>[];
  /** The calls to take over: the pending ones, and those the history holds without an output. */
  readonly calls: readonly JournaledCall[];
  /** The conversation ends with the user's turn (or outputs nobody answered): a response is owed. */
  readonly respond: boolean;
}

/**
 * Plans a resume (a pure function of the resume and the active agent's name).
 *
 * @example
 * ```ts
 * import { type ConversationItem, type RealtimeTransport, resumePlan } from '@switchboard/core';
 *
 * declare const items: ConversationItem[];
 * declare const transport: RealtimeTransport;
 * const plan = resumePlan({ history: items }, 'Triage');
 * plan.restore.forEach((event) => transport.send(event));
 * ```
 */
export function resumePlan(resume: SessionResume, agent: string): ResumePlan {
  const items = resume.history ?? [];
  const restore: ClientEventOf<'conversation.item.create'>[] = restoreEvents({ items });
  const answered = new Set<string>();
  for (const item of items) if (item.type === 'function_call_output') answered.add(item.call_id);
  const calls = new Map<string, JournaledCall>();
  for (const call of resume.pendingCalls ?? []) if (!answered.has(call.callId)) calls.set(call.callId, call);
  for (const item of items) {
    if (
      item.type !== 'function_call' ||
      !item.call_id ||
      answered.has(item.call_id) ||
      calls.has(item.call_id)
    )
      continue;
    calls.set(item.call_id, {
      callId: item.call_id,
      name: item.name,
      arguments: item.arguments ?? '',
      responseId: RESUMED_RESPONSE_ID,
      agent,
    });
  }
  // A call must be in the conversation before its output: on a new connection, add the items of
  // pending calls the history does not hold.
  if (resume.history) {
    const held = new Set(
      items.flatMap((item) => (item.type === 'function_call' && item.call_id ? [item.call_id] : [])),
    );
    for (const call of calls.values()) {
      if (held.has(call.callId)) continue;
      restore.push({
        type: 'conversation.item.create',
        item: { type: 'function_call', call_id: call.callId, name: call.name, arguments: call.arguments },
      } as ClientEventOf<'conversation.item.create'>);
    }
  }
  const last = restore.at(-1)?.item;
  const owed =
    last !== undefined &&
    (last.type === 'function_call_output' || (last.type === 'message' && last.role === 'user'));
  return { restore, calls: [...calls.values()], respond: calls.size === 0 && owed };
}

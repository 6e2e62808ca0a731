import { type ClusterCall, type ClusterSwarms, defineClusterSwarm } from '@switchboard/cluster';
import { z } from 'zod';
import { createBackOffice } from './backend.js';
import type { CallerLine, TranscriptEntry } from './conversation.js';
import { supportSwarm } from './swarm.js';

/** The swarms of the clustered demo, registered by name on the ingress and on every worker. */
export const demoSwarms: ClusterSwarms = {
  support: defineClusterSwarm({
    context: z.object({
      customerId: z.string().min(1).default('C-42'),
      ticketIds: z.array(z.string()).default([]),
      refundedInvoices: z.array(z.string()).default([]),
    }),
    create: (context) => supportSwarm(createBackOffice(), { context }),
  }),
};

/** What the clustered demo prints at the end. */
export interface ClusteredOutcome {
  readonly entries: TranscriptEntry[];
  /** The workers that ran the call, in order (more than one after a failover or a drain). */
  readonly workers: string[];
}

/**
 * Plays the caller's lines on a call dispatched to the cluster, the same conversation as
 * `runConversation` but through Redis: each line goes to the call's input stream and the next waits
 * for the agents' last answer in its event stream. The operator's approvals go back the same way.
 */
export async function runClusteredCall(
  call: ClusterCall,
  lines: readonly CallerLine[],
  options: {
    readonly onEntry?: (entry: TranscriptEntry) => void;
    readonly approve?: (name: string) => boolean;
  } = {},
): Promise<ClusteredOutcome> {
  const entries: TranscriptEntry[] = [];
  const workers: string[] = [];
  const record = (entry: TranscriptEntry) => {
    entries.push(entry);
    options.onEntry?.(entry);
  };
  const events = call.events()[Symbol.asyncIterator]();
  /** Reads events until the agents said their last word for this turn (or the call ended). */
  const turn = async () => {
    for (let next = await events.next(); !next.done; next = await events.next()) {
      const event = next.value;
      switch (event.type) {
        case 'assigned':
          workers.push(event.worker);
          break;
        case 'approval': {
          const approved = options.approve?.(event.name) ?? false;
          record({ kind: 'approval', agent: event.agent, name: event.name, approved });
          await (approved ? call.approve(event.callId) : call.reject(event.callId, 'the operator declined'));
          break;
        }
        case 'tool':
          // A successful transfer shows as the handoff entry itself.
          if (!event.name.startsWith('transfer_to_') || event.outcome !== 'success') {
            const { agent, name, arguments: args, output, outcome, durationMs } = event;
            record({ kind: 'tool', agent, name, arguments: args, output, outcome, durationMs });
          }
          break;
        case 'handoff':
          record({ kind: 'handoff', from: event.from, to: event.to });
          break;
        case 'response':
          if (event.text) record({ kind: 'say', agent: event.agent, text: event.text });
          if (event.toolCalls === 0) return;
          break;
        case 'ended':
          return;
      }
    }
  };
  try {
    for (const line of lines) {
      // A cluster call takes text, approvals and the hang-up from the app, not a barge-in: a line said
      // over the agent is said once the turn has ended, like any other.
      const text = typeof line === 'string' ? line : line.text;
      record({ kind: 'user', text });
      await call.sendText(text);
      await turn();
    }
    await call.hangup();
    for (
      let next = await events.next();
      !next.done && next.value.type !== 'ended';
      next = await events.next()
    ) {}
  } finally {
    await events.return?.(undefined);
  }
  return { entries, workers };
}

import { randomUUID } from 'node:crypto';
import type { JournaledCall, RecordedToolOutcome, ToolCallRecord, ToolOutcomeStore } from '@switchboard/core';
import type { Redis } from 'ioredis';
import type { ClusterKeys } from '../keys.js';
import type { ClusterScripts, Owner } from '../redis/scripts.js';

/** What the journal of one call needs. */
export interface CallJournalOptions {
  readonly redis: Redis;
  readonly scripts: ClusterScripts;
  readonly keys: ClusterKeys;
  readonly callId: string;
  readonly owner: Owner;
  /** Redis says the call is another worker's now: stop acting for it (called before the claim settles). */
  readonly lost: () => void;
}

/**
 * The tool journal of one call in Redis (a hash: model `call_id` → started, or done with its outcome),
 * as core's `ToolOutcomeStore`. Each claim and record is fenced: it succeeds only while this worker
 * still holds the call's stream entry, so a worker that lost its lease can neither run a tool of the
 * call nor record one. Of two workers that both believe they hold the call, one writes.
 */
export function callJournal(options: CallJournalOptions): ToolOutcomeStore {
  const { scripts, keys, callId, owner } = options;
  const refuse = () => {
    options.lost();
    return new Error(`call ${callId} is held by another worker now`);
  };
  return {
    async claim(call: JournaledCall): Promise<ToolCallRecord | undefined> {
      // The token makes this claim's record its own: a resent claim finds it and is still claimed.
      const started: ToolCallRecord = {
        state: 'started',
        call,
        claim: `${owner.worker}/${owner.entryId}/${randomUUID()}`,
      };
      const [status, known] = await scripts.claimTool(
        keys.calls,
        keys.tools(callId),
        owner,
        call.callId,
        JSON.stringify(started),
      );
      if (status === -1) throw refuse();
      return status === 0 && known ? (JSON.parse(known) as ToolCallRecord) : undefined;
    },
    async record(call: JournaledCall, outcome: RecordedToolOutcome): Promise<void> {
      const done: ToolCallRecord = { state: 'done', call, outcome };
      const [status] = await scripts.recordTool(
        keys.calls,
        keys.tools(callId),
        owner,
        call.callId,
        JSON.stringify(done),
      );
      if (status === -1) throw refuse();
    },
  };
}

/** The calls of the journal whose outputs the conversation may not have yet (not echoed by the server). */
export async function pendingCalls(
  redis: Redis,
  keys: ClusterKeys,
  callId: string,
): Promise<JournaledCall[]> {
  const [journal, echoed] = await Promise.all([
    redis.hgetall(keys.tools(callId)),
    redis.smembers(keys.echoed(callId)),
  ]);
  const delivered = new Set(echoed);
  return Object.entries(journal)
    .filter(([modelCallId]) => !delivered.has(modelCallId))
    .map(([, json]) => (JSON.parse(json) as ToolCallRecord).call);
}

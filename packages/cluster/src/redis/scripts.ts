import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/** How long a handover's token is kept (long past any resend of its script). */
const SETTLED_HAND_OVER_KEEP_MS = 10 * 60 * 1000;

// Every script runs atomically in Redis. The fencing rule (DESIGN.md, beyond one process): a worker
// acts for a call only while the call's stream entry is pending for it in the consumer group; once
// another worker claimed the entry (XAUTOCLAIM after the lease ran out), every write below refuses
// the old owner.
const OWNS = `
local function owns(stream, group, consumer, id)
  local p = redis.call('XPENDING', stream, group, id, id, 1)
  return p[1] ~= nil and p[1][2] == consumer
end
`;

/**
 * Versioned value in a hash (`v` version, `d` JSON, `w` the id of the write that made it):
 * compare-and-set, optional ttl. A write that finds its own id is this write run again (ioredis sends
 * a command again when the connection dropped before the reply): it succeeded, and is not a conflict.
 */
const STORE_SET = `
local cur = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
if redis.call('HGET', KEYS[1], 'w') == ARGV[4] then return {1, cur} end
if ARGV[2] ~= '' and tonumber(ARGV[2]) ~= cur then
  return {0, cur, redis.call('HGET', KEYS[1], 'd') or ''}
end
redis.call('HSET', KEYS[1], 'v', cur + 1, 'd', ARGV[1], 'w', ARGV[4])
if ARGV[3] ~= '' then redis.call('PEXPIRE', KEYS[1], ARGV[3]) else redis.call('PERSIST', KEYS[1]) end
return {1, cur + 1}
`;

/** Resets the idle time of the entries still ours (JUSTID: no delivery counted); returns those. */
const RENEW = `${OWNS}
local kept = {}
for i = 3, #ARGV do
  if owns(KEYS[1], ARGV[1], ARGV[2], ARGV[i]) then
    redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], 'JUSTID')
    table.insert(kept, ARGV[i])
  end
end
return kept
`;

/**
 * Claims a tool call in the journal: -1 not our call any more, 0 known (its record), 1 claimed. The
 * record (ARGV[5]) carries a token of this claim: found as it is, it is this claim run again (ioredis
 * sends a command again when the connection dropped before the reply), so it is still claimed.
 */
const CLAIM_TOOL = `${OWNS}
if not owns(KEYS[1], ARGV[1], ARGV[2], ARGV[3]) then return {-1} end
local known = redis.call('HGET', KEYS[2], ARGV[4])
if known == ARGV[5] then return {1} end
if known then return {0, known} end
redis.call('HSET', KEYS[2], ARGV[4], ARGV[5])
return {1}
`;

/** Records a tool call's outcome: -1 not our call any more, 1 recorded. */
const RECORD_TOOL = `${OWNS}
if not owns(KEYS[1], ARGV[1], ARGV[2], ARGV[3]) then return {-1} end
redis.call('HSET', KEYS[2], ARGV[4], ARGV[5])
return {1}
`;

/**
 * Writes a call's snapshot (compare-and-set on its version) and appends its events to the call's
 * output stream, both or neither: -1 not our call, 0 version conflict, else {1, version}. The snapshot
 * keeps the id of the write that made it (ARGV[7], `w`): a conflict whose current version that very
 * write made is this write run again (ioredis sends a command again when the connection dropped
 * before the reply), so it succeeded, and nothing is appended twice.
 */
const WRITE_STATE = `${OWNS}
if ARGV[4] ~= '' and not owns(KEYS[3], ARGV[5], ARGV[6], ARGV[4]) then return {-1} end
local cur = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
if ARGV[2] ~= '' and tonumber(ARGV[2]) ~= cur then
  if redis.call('HGET', KEYS[1], 'w') == ARGV[7] then return {1, cur} end
  return {0, cur}
end
redis.call('HSET', KEYS[1], 'v', cur + 1, 'd', ARGV[1], 'w', ARGV[7])
for i = 8, #ARGV do
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', 'event', ARGV[i])
end
return {1, cur + 1}
`;

/**
 * Queues a call once per call id: marks it dispatched (kept ARGV[2] ms) and appends it, or does nothing
 * when it was dispatched before (a retried webhook, a command ioredis sent again). 1 queued, 0 known.
 */
const DISPATCH = `
if not redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[2]) then return 0 end
redis.call('XADD', KEYS[1], '*', 'call', ARGV[1])
return 1
`;
/**
 * Appends an app input to a call's input stream once per input id (ioredis sends a command again
 * when Redis went away before answering it, though Redis may have run it): 1 appended, 0 known.
 */
const APPEND_INPUT = `
if redis.call('HSETNX', KEYS[2], ARGV[1], '1') == 0 then return 0 end
redis.call('XADD', KEYS[1], '*', 'input', ARGV[2])
return 1
`;

/**
 * Puts a call back in the stream for another worker (a drain): -1 not ours, 0 done already, else
 * {1, the new entry id}. It leaves its token (ARGV[5]) in the call's `settled` key (KEYS[2]): found there,
 * this is the handover run again (ioredis sends a command again when the connection dropped before the
 * reply), which did its work the first time.
 */
const HAND_OVER = `${OWNS}
if not owns(KEYS[1], ARGV[1], ARGV[2], ARGV[3]) then
  if redis.call('GET', KEYS[2]) == ARGV[5] then return {0} end
  return {-1}
end
redis.call('XACK', KEYS[1], ARGV[1], ARGV[3])
redis.call('XDEL', KEYS[1], ARGV[3])
redis.call('SET', KEYS[2], ARGV[5], 'PX', ARGV[6])
return {1, redis.call('XADD', KEYS[1], '*', 'call', ARGV[4])}
`;

/**
 * The call is over: acknowledged and removed from the stream, its keys (KEYS[3…]) kept for ARGV[4] ms:
 * 1, or -1 not ours. Its token (ARGV[5]) in the `settled` key (KEYS[2]) tells the finish run again
 * (see HAND_OVER), which answers 1.
 */
const FINISH_CALL = `${OWNS}
if not owns(KEYS[1], ARGV[1], ARGV[2], ARGV[3]) then
  if redis.call('GET', KEYS[2]) == ARGV[5] then return 1 end
  return -1
end
redis.call('XACK', KEYS[1], ARGV[1], ARGV[3])
redis.call('XDEL', KEYS[1], ARGV[3])
redis.call('SET', KEYS[2], ARGV[5], 'PX', ARGV[4])
for i = 3, #KEYS do redis.call('PEXPIRE', KEYS[i], ARGV[4]) end
return 1
`;

/** The Lua scripts of the cluster, as typed functions on one connection. */
export interface ClusterScripts {
  dispatch(stream: string, marker: string, json: string, keepMs: number): Promise<number>;
  storeSet(
    key: string,
    json: string,
    ifVersion: number | undefined,
    ttlMs: number | undefined,
    /** New for every write: a write run twice (resent by ioredis) recognizes its own result. */
    writeId: string,
  ): Promise<[number, number, string?]>;
  renew(stream: string, group: string, consumer: string, ids: readonly string[]): Promise<string[]>;
  claimTool(
    stream: string,
    tools: string,
    owner: Owner,
    callId: string,
    json: string,
  ): Promise<[number, string?]>;
  recordTool(stream: string, tools: string, owner: Owner, callId: string, json: string): Promise<[number]>;
  writeState(
    keys: { readonly state: string; readonly output: string; readonly stream: string },
    json: string,
    /** New for every write: a write run twice (resent by ioredis) recognizes its own result. */
    writeId: string,
    ifVersion: number | undefined,
    owner: Owner | undefined,
    events: readonly string[],
    maxEvents: number,
  ): Promise<[number, number?]>;
  appendInput(
    keys: { readonly input: string; readonly inputIds: string },
    inputId: string,
    json: string,
  ): Promise<number>;
  handOver(
    keys: { readonly stream: string; readonly settled: string },
    owner: Owner,
    json: string,
  ): Promise<[number, string?]>;
  finishCall(
    keys: { readonly stream: string; readonly settled: string; readonly call: readonly string[] },
    owner: Owner,
    retentionMs: number,
  ): Promise<number>;
}

/** Who holds a call: the consumer group, the worker (consumer), and the call's stream entry. */
export interface Owner {
  readonly group: string;
  readonly worker: string;
  readonly entryId: string;
}

type Evalsha = (sha: string, numKeys: number, ...args: (string | number)[]) => Promise<unknown>;

/** Loads the scripts on `redis` (EVALSHA, falling back to EVAL after a Redis restart lost the cache). */
export function clusterScripts(redis: Redis): ClusterScripts {
  const run = (script: string) => {
    let sha: string | undefined;
    return async (keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> => {
      if (sha) {
        try {
          return await (redis.evalsha as unknown as Evalsha)(sha, keys.length, ...keys, ...args);
        } catch (error) {
          if (!String((error as Error).message).includes('NOSCRIPT')) throw error;
        }
      }
      sha = (await redis.script('LOAD', script)) as string;
      return (redis.evalsha as unknown as Evalsha)(sha, keys.length, ...keys, ...args);
    };
  };
  const dispatch = run(DISPATCH);
  const storeSet = run(STORE_SET);
  const renew = run(RENEW);
  const claimTool = run(CLAIM_TOOL);
  const recordTool = run(RECORD_TOOL);
  const writeState = run(WRITE_STATE);
  const appendInput = run(APPEND_INPUT);
  const handOver = run(HAND_OVER);
  const finishCall = run(FINISH_CALL);
  const owner = (o: Owner) => [o.group, o.worker, o.entryId];
  return {
    dispatch: async (stream, marker, json, keepMs) =>
      (await dispatch([stream, marker], [json, keepMs])) as number,
    storeSet: async (key, json, ifVersion, ttlMs, writeId) =>
      (await storeSet([key], [json, ifVersion ?? '', ttlMs ?? '', writeId])) as [number, number, string?],
    renew: async (stream, group, consumer, ids) =>
      (await renew([stream], [group, consumer, ...ids])) as string[],
    claimTool: async (stream, tools, o, callId, json) =>
      (await claimTool([stream, tools], [...owner(o), callId, json])) as [number, string?],
    recordTool: async (stream, tools, o, callId, json) =>
      (await recordTool([stream, tools], [...owner(o), callId, json])) as [number],
    writeState: async (keys, json, writeId, ifVersion, o, events, maxEvents) =>
      (await writeState(
        [keys.state, keys.output, keys.stream],
        [
          json,
          ifVersion ?? '',
          maxEvents,
          o?.entryId ?? '',
          o?.group ?? '',
          o?.worker ?? '',
          writeId,
          ...events,
        ],
      )) as [number, number?],
    appendInput: async (keys, inputId, json) =>
      (await appendInput([keys.input, keys.inputIds], [inputId, json])) as number,
    handOver: async (keys, o, json) =>
      (await handOver(
        [keys.stream, keys.settled],
        [...owner(o), json, randomUUID(), SETTLED_HAND_OVER_KEEP_MS],
      )) as [number, string?],
    finishCall: async (keys, o, retentionMs) =>
      (await finishCall(
        [keys.stream, keys.settled, ...keys.call],
        [...owner(o), retentionMs, randomUUID()],
      )) as number,
  };
}

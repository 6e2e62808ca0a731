/** The Redis keys of one cluster (every key starts with its prefix, default `sb`). */
export interface ClusterKeys {
  /** The stream of dispatched calls, read by the workers' consumer group. */
  readonly calls: string;
  /** The consumer group of the workers. */
  readonly group: string;
  /** Worker id → its last heartbeat (JSON). */
  readonly workers: string;
  /** Set while a call id counts as dispatched (a second dispatch of it queues nothing). */
  dispatched(callId: string): string;
  /** Versioned snapshot of a call: agent, context, history, input cursor, owner. */
  state(callId: string): string;
  /** The tool journal of a call: model call_id → started / done with its outcome. */
  tools(callId: string): string;
  /** Model call_ids whose outputs the conversation has (echoed by the server). */
  echoed(callId: string): string;
  /** What the app sends to a websocket call (text, approvals, hang-up). */
  input(callId: string): string;
  /** Ids of the inputs appended to a call's input stream, so an input sent again is appended once. */
  inputIds(callId: string): string;
  /** What the call tells the app (answers, tool calls, handoffs, its end). */
  output(callId: string): string;
  /**
   * The token of a call's last handover or finish, so that the script run again (ioredis sends a
   * command again when the connection dropped before the reply) knows it already ran.
   */
  settled(callId: string): string;
  /** A worker's wake-up stream, so its blocked read of call inputs picks a new call up at once. */
  wake(workerId: string): string;
  /** Keys shared by the apps' tools (the `store` a swarm factory gets). */
  shared(key: string): string;
}

/** The keys under `prefix`. */
export function clusterKeys(prefix = 'sb'): ClusterKeys {
  const call = (callId: string, what: string) => `${prefix}:call:{${callId}}:${what}`;
  return {
    calls: `${prefix}:calls`,
    group: 'workers',
    workers: `${prefix}:workers`,
    dispatched: (callId) => call(callId, 'dispatched'),
    state: (callId) => call(callId, 'state'),
    tools: (callId) => call(callId, 'tools'),
    echoed: (callId) => call(callId, 'echoed'),
    input: (callId) => call(callId, 'in'),
    inputIds: (callId) => call(callId, 'in-ids'),
    output: (callId) => call(callId, 'out'),
    settled: (callId) => call(callId, 'settled'),
    wake: (workerId) => `${prefix}:worker:${workerId}:wake`,
    shared: (key) => `${prefix}:shared:${key}`,
  };
}

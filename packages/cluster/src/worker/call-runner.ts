import { randomUUID } from 'node:crypto';
import {
  type ConversationItem,
  RealtimeSession,
  type ServerEvent,
  type SessionResume,
  type SessionTelemetry,
  type Swarm,
  type UnknownServerEvent,
  type VersionedStore,
} from '@switchboard/core';
import { followTransfers, SipTransport } from '@switchboard/transport-sip';
import type { Redis } from 'ioredis';
import type { CallRecord } from '../call-record.js';
import { CallLostError } from '../errors.js';
import type { ClusterKeys } from '../keys.js';
import type { ClusterScripts, Owner } from '../redis/scripts.js';
import { type ClusterSwarms, swarmNamed } from '../swarms.js';
import { attachTransport, type WorkerModel } from './attach.js';
import { callJournal, pendingCalls } from './call-journal.js';
import { type CallEvent, type CallInput, type CallSnapshot, replyText } from './call-state.js';

/** What running one call needs from its worker. */
export interface CallHost {
  readonly redis: Redis;
  readonly scripts: ClusterScripts;
  readonly keys: ClusterKeys;
  readonly worker: string;
  readonly swarms: ClusterSwarms;
  readonly model: WorkerModel;
  /** The keys apps' tools share (what a swarm factory gets). */
  readonly store: VersionedStore;
  /** Call snapshots (keys as they are, no prefix). */
  readonly states: VersionedStore;
  readonly toolTimeoutMs: number | undefined;
  readonly telemetry: SessionTelemetry | undefined;
  /** How long a finished call's keys are kept (for status and late readers). */
  readonly retentionMs: number;
  /** Events kept in a call's output stream (older ones are trimmed). */
  readonly maxEvents: number;
  readonly error: (error: Error) => void;
}

/** How a call left this worker. */
export type CallExit = 'completed' | 'lost' | 'handed_over';

/**
 * The longest a handover waits for the call's tools in flight to settle. A tool still running then is
 * settled as interrupted by the next owner (its side effect may or may not have happened).
 */
const HAND_OVER_WAIT_MS = 30_000;

/**
 * One call on one worker: takes the call over in its snapshot (a new epoch, fencing the previous
 * owner), builds its swarm, attaches to its conversation (resumed from the snapshot when another
 * worker had it), and keeps the snapshot and the app's event stream up to date until the call ends,
 * is lost (another worker took it) or is handed over (drain).
 */
export class CallRunner {
  readonly #host: CallHost;
  readonly record: CallRecord;
  readonly owner: Owner;
  #session: RealtimeSession<unknown> | undefined;
  #version = 0;
  #epoch = 0;
  #cursor = '0';
  #context: unknown;
  /** User messages sent with our own item ids and not yet echoed into the session's history. */
  readonly #sentInputs = new Map<string, ConversationItem>();
  #writes: Promise<void> = Promise.resolve();
  /** Tool calls started and not ended: call id → its arguments (for the `tool` event). */
  readonly #toolsInFlight = new Map<string, string>();
  /** Tool calls in flight that wait on the app (an approval, a result), not on running code. */
  readonly #waitingOnApp = new Set<string>();
  /** Responses the model is producing (created and not done). */
  readonly #responsesInProgress = new Set<string>();
  /** Wakes a handover waiting for a quiet point (a response or a tool ended, a tool waits on the app). */
  #quietChanged: (() => void) | undefined;
  #exit: CallExit | undefined;
  /** `#end` has begun (a hang-up and the far end closing can both ask). */
  #ending = false;
  #resolveExit: (exit: CallExit) => void = () => {};
  /** Settles once the call has left this worker, saying how. */
  readonly exited: Promise<CallExit>;

  constructor(host: CallHost, record: CallRecord, entryId: string) {
    this.#host = host;
    this.record = record;
    this.owner = { group: host.keys.group, worker: host.worker, entryId };
    this.exited = new Promise((resolve) => {
      this.#resolveExit = resolve;
    });
  }

  get id(): string {
    return this.record.id;
  }

  /** The last input stream entry handled (the input reader starts after it). */
  get cursor(): string {
    return this.#cursor;
  }

  /** Whether this call reads app input (websocket calls). */
  get readsInput(): boolean {
    return this.record.attach.type === 'websocket';
  }

  /** Takes the call and connects; resolves once it runs (or has ended). Whether it was resumed. */
  async start(): Promise<boolean> {
    const host = this.#host;
    const { keys } = host;
    const previous = await host.states.get<CallSnapshot>(keys.state(this.id));
    const swarmDef = swarmNamed(host.swarms, this.record.swarm);
    const resumed = previous !== undefined;
    this.#version = previous?.version ?? 0;
    this.#epoch = (previous?.value.epoch ?? 0) + 1;
    this.#cursor = previous?.value.cursor ?? '0';
    this.#context = previous ? previous.value.context : JSON.parse(this.record.context);
    if (!swarmDef) {
      await this.#end('failed', `swarm "${this.record.swarm}" is not registered on worker ${host.worker}`);
      return resumed;
    }
    let swarm: Swarm<unknown>;
    try {
      swarm = swarmDef.create(this.#context, { callId: this.id, store: host.store });
    } catch (error) {
      await this.#end('failed', `the swarm could not be built: ${(error as Error).message}`);
      return resumed;
    }
    this.#context = swarm.context;
    const agent = previous?.value.agent ?? swarm.start.name;
    // The takeover: a new epoch in the snapshot, so a previous owner's writes fail from now on.
    this.#persist(agent, [{ type: 'assigned', worker: host.worker, resumed, epoch: this.#epoch }]);
    await this.#writes;
    if (this.#exit) return resumed;

    const resume: SessionResume | undefined = resumed
      ? {
          agent,
          ...(this.readsInput ? { history: previous.value.history } : {}),
          pendingCalls: await pendingCalls(host.redis, keys, this.id),
        }
      : undefined;
    try {
      const transport = await attachTransport(this.record.attach, host.model);
      const session = new RealtimeSession<unknown>({
        swarm,
        transport,
        toolOutcomes: callJournal({ ...host, callId: this.id, owner: this.owner, lost: () => this.lose() }),
        idempotencyScope: this.id,
        ...(resume ? { resume } : {}),
        ...(host.toolTimeoutMs === undefined ? {} : { toolTimeoutMs: host.toolTimeoutMs }),
        ...(host.telemetry ? { telemetry: host.telemetry } : {}),
      });
      this.#session = session;
      this.#follow(session);
      if (transport instanceof SipTransport) followTransfers(session, transport, host.error);
      await session.connect();
    } catch (error) {
      if (!this.#exit) await this.#end('failed', `could not attach to the call: ${(error as Error).message}`);
    }
    return resumed;
  }

  /** An input from the app (websocket calls), in stream order. */
  input(entryId: string, input: CallInput): void {
    const session = this.#session;
    this.#cursor = entryId;
    if (!session || this.#exit) return;
    switch (input.type) {
      case 'text': {
        // Our own item id: the snapshot holds the message before the server echoes it, and a resumed
        // session restores it under the same id.
        const item = {
          type: 'message',
          id: `msg_in_${entryId.replace('-', '_')}`,
          role: 'user',
          content: [{ type: 'input_text', text: input.text }],
        } as ConversationItem;
        this.#sentInputs.set(item.id as string, item);
        session.send({ type: 'conversation.item.create', item });
        session.createResponse();
        this.#persist(session.agent.name, []);
        return;
      }
      case 'approve':
        session.approve(input.callId);
        return;
      case 'reject':
        session.reject(input.callId, input.reason);
        return;
      case 'hangup':
        this.#end('hangup').catch((error: unknown) => this.#host.error(error as Error));
        return;
    }
  }

  /** Another worker holds the call now: stop acting for it, write nothing, leave the call on. */
  lose(): void {
    if (this.#exit) return;
    this.#settle('lost');
    this.#host.error(new CallLostError(this.id, this.#host.worker));
    this.#session?.close().catch(() => {});
  }

  /**
   * Drain: waits for a quiet point (no response in progress, no tool running, every write done), writes
   * the snapshot, detaches (the call stays on) and puts the call back for another worker. Waiting lets a
   * tool that runs finish here and record its outcome (instead of being settled as interrupted by the
   * next owner), and keeps a function call the model is still writing from being cut in half.
   */
  async handOver(): Promise<void> {
    await this.#quietPoint();
    if (this.#exit) return;
    const session = this.#session;
    this.#settle('handed_over');
    await this.#writes;
    if (session) await this.#write(session.agent.name, [], session);
    await session?.close();
    const { keys } = this.#host;
    const [status] = await this.#host.scripts.handOver(
      { stream: keys.calls, settled: keys.settled(this.id) },
      this.owner,
      JSON.stringify(this.record),
    );
    if (status === -1) this.#host.error(new CallLostError(this.id, this.#host.worker));
  }

  /**
   * Resolves once no response is in progress, no tool runs and the queued writes are done (or the call
   * left, or the wait is up).
   */
  async #quietPoint(): Promise<void> {
    const until = Date.now() + HAND_OVER_WAIT_MS;
    for (;;) {
      await this.#writes;
      const busy = this.#responsesInProgress.size + this.#toolsInFlight.size - this.#waitingOnApp.size;
      if (this.#exit || busy === 0 || Date.now() >= until) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, until - Date.now());
        this.#quietChanged = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#quietChanged = undefined;
    }
  }

  #follow(session: RealtimeSession<unknown>): void {
    session.toolCalls$.subscribe((event) => {
      if (event.type === 'tool_start') this.#toolsInFlight.set(event.callId, event.arguments);
      if (event.type === 'tool_end') {
        const args = this.#toolsInFlight.get(event.callId) ?? '';
        this.#toolsInFlight.delete(event.callId);
        this.#waitingOnApp.delete(event.callId);
        this.#persist(session.agent.name, [
          {
            type: 'tool',
            agent: event.agent,
            name: event.name,
            callId: event.callId,
            arguments: args,
            outcome: event.outcome,
            output: event.output,
            replayed: event.replayed === true,
            durationMs: Math.round(event.durationMs),
          },
        ]);
        this.#quietChanged?.();
      } else if (event.type === 'approval_requested' || event.type === 'result_requested') {
        this.#waitingOnApp.add(event.callId);
        const { agent, name, callId } = event;
        if (event.type === 'approval_requested')
          this.#persist(session.agent.name, [
            { type: 'approval', agent, name, callId, arguments: event.arguments },
          ]);
        this.#quietChanged?.();
      }
    });
    session.handoffs$.subscribe((event) =>
      this.#persist(event.to, [{ type: 'handoff', from: event.from, to: event.to }]),
    );
    session.events$.subscribe({
      next: (event) => this.#observe(session, event),
      // The conversation ended from its side (the caller hung up, the server closed the socket).
      complete: () => {
        if (!this.#exit) this.#end('remote').catch((error: unknown) => this.#host.error(error as Error));
      },
    });
    session.errors$.subscribe((error) => this.#host.error(error));
  }

  #observe(session: RealtimeSession<unknown>, event: ServerEvent | UnknownServerEvent): void {
    if (event.type === 'response.created') {
      if (event.response.id) this.#responsesInProgress.add(event.response.id);
    } else if (event.type === 'conversation.item.added') {
      const { item } = event;
      if (item.id) this.#sentInputs.delete(item.id);
      if (item.type === 'function_call_output')
        this.#host.redis.sadd(this.#host.keys.echoed(this.id), item.call_id).catch(() => {});
    } else if (event.type === 'response.done') {
      if (event.response.id) this.#responsesInProgress.delete(event.response.id);
      this.#quietChanged?.();
      const output = event.response.output ?? [];
      this.#persist(session.agent.name, [
        {
          type: 'response',
          agent: session.agent.name,
          text: replyText(output),
          toolCalls: output.filter((item) => item.type === 'function_call').length,
          status: event.response.status ?? 'completed',
        },
      ]);
    }
  }

  /** Queues a snapshot write with these events (one at a time, each on the version the last one made). */
  #persist(agent: string, events: readonly CallEvent[]): void {
    const session = this.#session;
    // #write reports its own failures: the chain never rejects.
    this.#writes = this.#writes.then(() => (this.#exit ? undefined : this.#write(agent, events, session)));
  }

  async #write(agent: string, events: readonly CallEvent[], session: RealtimeSession<unknown> | undefined) {
    const history = session && this.readsInput ? session.history.items : [];
    const inFlight = [...this.#sentInputs.values()].filter(
      (item) => !history.some((held) => held.id === item.id),
    );
    const snapshot: CallSnapshot = {
      owner: this.#host.worker,
      epoch: this.#epoch,
      agent,
      context: this.#context,
      history: [...history, ...inFlight],
      cursor: this.#cursor,
    };
    const { keys } = this.#host;
    let result: [number, number?];
    try {
      result = await this.#host.scripts.writeState(
        { state: keys.state(this.id), output: keys.output(this.id), stream: keys.calls },
        JSON.stringify(snapshot),
        randomUUID(),
        this.#version,
        this.owner,
        events.map((event) => JSON.stringify(event)),
        this.#host.maxEvents,
      );
    } catch (error) {
      this.#host.error(error as Error);
      return;
    }
    if (result[0] === 1) this.#version = result[1] as number;
    else this.lose();
  }

  async #end(reason: 'hangup' | 'remote' | 'failed', message?: string): Promise<void> {
    if (this.#exit || this.#ending) return;
    this.#ending = true;
    const session = this.#session;
    this.#persist(session?.agent.name ?? '', [{ type: 'ended', reason, ...(message ? { message } : {}) }]);
    // The `ended` event is written (after any write still queued) before the call settles: a settled
    // call writes nothing more.
    await this.#writes;
    if (this.#exit) return;
    // No write from here on; the call settles (frees its slot) once its stream entry is finished.
    this.#exit = 'completed';
    try {
      if (reason === 'hangup') await session?.hangup();
      else await session?.close();
      const { keys } = this.#host;
      const callKeys = [keys.state, keys.tools, keys.echoed, keys.input, keys.inputIds, keys.output].map(
        (key) => key(this.id),
      );
      const finished = await this.#host.scripts.finishCall(
        { stream: keys.calls, settled: keys.settled(this.id), call: callKeys },
        this.owner,
        this.#host.retentionMs,
      );
      if (finished === -1) this.#host.error(new CallLostError(this.id, this.#host.worker));
    } finally {
      this.#resolveExit('completed');
    }
  }

  #settle(exit: CallExit): void {
    this.#exit = exit;
    this.#resolveExit(exit);
  }
}

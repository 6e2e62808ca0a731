import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { type WebSocket, WebSocketServer } from 'ws';
import { nsToMs } from '../stats.js';
import {
  callId,
  createdItemId,
  emptyResponse,
  functionCallResponse,
  itemCreated,
  lastCallItemId,
  type ScriptedCall,
  sessionCreated,
  sessionUpdated,
} from './events.js';
import { parseWorkload, type Workload } from './workload.js';

/** Timings the server took on its own clock, per client label (`ours`, `peer`, `bare` …). */
export interface ServerSamples {
  /** Last frame of a function-call response written → `response.create` received, in ms. */
  readonly roundTripMs: number[];
  /** Same start → first `session.update` received (handoff workload), in ms. */
  readonly sessionUpdateMs: number[];
  /** Paced ticks skipped because the previous round trip had not finished. */
  skippedTicks: number;
  /** `response.create`s that arrived before every output of their round (a client bug: the API answers without the missing outputs). */
  earlyCreates: number;
  /** `response.create`s with no round waiting for one. */
  extraCreates: number;
  /** The server's own event-loop delay p99 since the previous `take` (ms): high means the server, not the client, was slow. */
  serverLagP99Ms: number;
}

/** A running benchmark model. */
export interface ModelServer {
  /** `ws://127.0.0.1:<port>/v1/realtime`; add the workload as query parameters. */
  readonly url: string;
  /** Waits until `label` has at least `expected` round trips (or `timeoutMs` passed), then hands them over. */
  take(label: string, expected: number, timeoutMs?: number): Promise<ServerSamples>;
  /** Starts the paced rounds of every held connection of `label`. */
  release(label: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * A deliberately small "model" for the round-trip workloads: it plays function-calling responses
 * on cue and stamps, on its own clock, when the client's answer arrives. It speaks the GA protocol
 * as local-realtime does (session.created first, session.updated for each update, items echoed as
 * conversation.item.added/done, a response for each response.create) but with no brain, no pacer
 * and no audio, so the only thing that varies between runs is the client.
 *
 * @example
 * ```ts
 * const server = await startModelServer();
 * // connect a client to `${server.url}?workload=tool&parallel=1&rounds=100&label=ours`
 * const { roundTripMs } = await server.take('ours', 100);
 * ```
 */
export async function startModelServer(): Promise<ModelServer> {
  const samples = new Map<string, ServerSamples>();
  const sink = (label: string): ServerSamples => {
    let entry = samples.get(label);
    if (!entry) {
      entry = {
        roundTripMs: [],
        sessionUpdateMs: [],
        skippedTicks: 0,
        earlyCreates: 0,
        extraCreates: 0,
        serverLagP99Ms: 0,
      };
      samples.set(label, entry);
    }
    return entry;
  };
  const held = new Map<string, Array<() => void>>();
  const lag = monitorEventLoopDelay({ resolution: 1 });
  lag.enable();
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  wss.on('connection', (socket, request) => {
    const workload = parseWorkload(new URL(request.url ?? '/', 'ws://localhost').searchParams);
    const conversation = new Conversation(socket, workload, sink(workload.label));
    if (workload.hold) {
      const waiting = held.get(workload.label) ?? [];
      waiting.push(() => conversation.release());
      held.set(workload.label, waiting);
    }
  });
  const { port } = wss.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/v1/realtime`,
    async take(label, expected, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (sink(label).roundTripMs.length < expected && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      // Conversations keep writing into their sink: hand over a copy and empty it in place.
      const entry = sink(label);
      const taken: ServerSamples = {
        ...entry,
        roundTripMs: entry.roundTripMs.splice(0),
        sessionUpdateMs: entry.sessionUpdateMs.splice(0),
        serverLagP99Ms: lag.percentile(99) / 1e6,
      };
      entry.skippedTicks = 0;
      entry.earlyCreates = 0;
      entry.extraCreates = 0;
      lag.reset();
      return taken;
    },
    async release(label) {
      for (const start of held.get(label) ?? []) start();
      held.delete(label);
    },
    close: () =>
      new Promise<void>((resolve) => {
        lag.disable();
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}

/** The round waiting for the client's answer: its outputs and its `response.create`. */
interface PendingRound {
  /** When the round's last frame (`response.done`) was written. */
  readonly sentAt: bigint;
  readonly callIds: ReadonlySet<string>;
  readonly outputs: Set<string>;
  lastOutputAt: bigint | undefined;
  createAt: bigint | undefined;
  updateSeen: boolean;
}

/** One connection: the model's side of one session. */
class Conversation {
  #round = 0;
  #clientItems = 0;
  #updates = 0;
  #lastItemId: string | null = null;
  #tools: string[] = [];
  #started = false;
  #pending: PendingRound | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #released: boolean;

  constructor(
    private readonly socket: WebSocket,
    private readonly workload: Workload,
    private readonly samples: ServerSamples,
  ) {
    this.#released = !workload.hold;
    socket.on('message', (data, isBinary) => {
      // Stamp first: parsing is the server's cost, not the client's.
      const at = process.hrtime.bigint();
      if (!isBinary) this.#receive(at, JSON.parse(data.toString()) as Record<string, unknown>);
    });
    socket.on('close', () => clearInterval(this.#timer));
    socket.send(sessionCreated());
  }

  #receive(at: bigint, event: Record<string, unknown>): void {
    const pending = this.#pending;
    switch (event.type) {
      case 'session.update': {
        const session = (event.session ?? {}) as Record<string, unknown>;
        const hasTools = Array.isArray(session.tools);
        if (hasTools)
          this.#tools = (session.tools as Array<{ name?: unknown }>).map((tool) => String(tool?.name));
        if (pending && !pending.updateSeen && hasTools) {
          pending.updateSeen = true;
          this.samples.sessionUpdateMs.push(nsToMs(at - pending.sentAt));
        }
        this.socket.send(sessionUpdated(++this.#updates, session));
        if (!this.#started && hasTools && this.#released) this.#start();
        return;
      }
      case 'conversation.item.create': {
        const item = (event.item ?? {}) as Record<string, unknown>;
        const number = ++this.#clientItems;
        for (const frame of itemCreated(number, item, this.#lastItemId)) this.socket.send(frame);
        this.#lastItemId = createdItemId(number);
        if (pending && item.type === 'function_call_output' && pending.callIds.has(String(item.call_id))) {
          pending.outputs.add(String(item.call_id));
          pending.lastOutputAt = at;
          this.#settle(pending);
        }
        return;
      }
      case 'response.create': {
        // Every create gets a (short) response, as from the API; only the first one of a round is timed.
        for (const frame of emptyResponse(this.#round)) this.socket.send(frame);
        if (!pending || pending.createAt !== undefined) {
          this.samples.extraCreates += 1;
          return;
        }
        pending.createAt = at;
        if (pending.outputs.size < pending.callIds.size) this.samples.earlyCreates += 1;
        this.#settle(pending);
        return;
      }
      default:
        return;
    }
  }

  /** A round is answered once every output and a `response.create` are in, whatever their order. */
  #settle(pending: PendingRound): void {
    if (pending.createAt === undefined || pending.outputs.size < pending.callIds.size) return;
    const lastOutputAt = pending.lastOutputAt ?? pending.createAt;
    // biome-ignore lint/complexity/useMathMinMax: bigints; Math.max throws on them.
    const answeredAt = lastOutputAt > pending.createAt ? lastOutputAt : pending.createAt;
    this.samples.roundTripMs.push(nsToMs(answeredAt - pending.sentAt));
    this.#pending = undefined;
    // Back-to-back mode: the next call follows once this turn is answered (no queueing).
    if (this.workload.intervalMs === 0 && this.#round < this.workload.rounds)
      setImmediate(() => this.#play());
  }

  /** The benchmark says go (held connections only). */
  release(): void {
    this.#released = true;
    if (!this.#started && this.#tools.length > 0) this.#start();
  }

  #start(): void {
    this.#started = true;
    if (this.workload.rounds === 0) return;
    const { intervalMs } = this.workload;
    if (intervalMs === 0) {
      setImmediate(() => this.#play());
      return;
    }
    // Paced mode: a random phase, so N sessions do not all call their tools in the same millisecond.
    setTimeout(() => {
      this.#tick();
      this.#timer = setInterval(() => this.#tick(), intervalMs);
    }, Math.random() * intervalMs);
  }

  #tick(): void {
    if (this.#round >= this.workload.rounds) {
      clearInterval(this.#timer);
      return;
    }
    if (this.#pending) this.samples.skippedTicks += 1;
    else this.#play();
  }

  #play(): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    const round = ++this.#round;
    const calls = this.#calls(round);
    const frames = functionCallResponse(round, calls, this.#lastItemId);
    for (const frame of frames) this.socket.send(frame);
    this.#pending = {
      sentAt: process.hrtime.bigint(),
      callIds: new Set(calls.map((_, index) => callId(round, index))),
      outputs: new Set(),
      lastOutputAt: undefined,
      createAt: undefined,
      updateSeen: false,
    };
    this.#lastItemId = lastCallItemId(round, calls.length);
  }

  #calls(round: number): ScriptedCall[] {
    if (this.workload.kind === 'handoff') {
      // Whoever is active now has exactly one transfer tool: the way back to the other agent.
      const transfer = this.#tools.find((name) => name.startsWith('transfer_to_')) ?? 'transfer_to_unknown';
      return [{ name: transfer, arguments: '{}' }];
    }
    return Array.from({ length: this.workload.parallel }, (_, index) => ({
      name: 'noop',
      arguments: `{"id":${round * 10 + index}}`,
    }));
  }
}

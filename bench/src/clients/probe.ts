import { WebSocket } from 'ws';
import { nsToMs } from '../stats.js';
import type { Dialer } from './types.js';

const RESPONSE_DONE = Buffer.from('{"type":"response.done"');
const FUNCTION_CALL = Buffer.from('"type":"function_call"');
const RESPONSE_CREATE = '{"type":"response.create"';
const SESSION_UPDATE = '{"type":"session.update"';
const ITEM_CREATE = '{"type":"conversation.item.create"';

/** A function-calling response whose `response.done` has arrived and whose answer is awaited. */
interface Round {
  readonly doneAt: bigint;
  /** Outputs the answer needs (the response's function calls). */
  readonly calls: number;
  createAt: bigint | undefined;
  lastOutputAt: bigint | undefined;
  updateTimed: boolean;
}

/**
 * Watches one client's socket from the inside, on the client's clock: when the last event of a
 * function-calling response (`response.done`) is handed to the framework, and when the framework
 * has written its answer (every `function_call_output` and a `response.create`, plus a
 * `session.update` for a handoff). The difference is the framework's own time, free of the network
 * and of the server. Every client is wrapped by the same probe, so its (tiny) cost is the same for all.
 */
export class Probe {
  /** `response.done` in → answer out (outputs and `response.create`), ms. */
  readonly createMs: number[] = [];
  /** `response.done` in → first `session.update` out, ms (handoffs). */
  readonly updateMs: number[] = [];
  /** Every `response.create` written. */
  creates = 0;
  #round: Round | undefined;
  #outputs = 0;
  /** Outputs that belong to rounds already answered; later ones belong to the next round. */
  #consumed = 0;

  /** Called for every frame the socket receives, before the framework sees it. */
  inbound(at: bigint, data: Buffer): void {
    if (data.length <= RESPONSE_DONE.length) return;
    if (data.compare(RESPONSE_DONE, 0, RESPONSE_DONE.length, 0, RESPONSE_DONE.length) !== 0) return;
    // Only responses with function calls wait for an answer (the server's short replies do not).
    const calls = countOf(data, FUNCTION_CALL);
    if (calls > 0)
      this.#round = { doneAt: at, calls, createAt: undefined, lastOutputAt: undefined, updateTimed: false };
  }

  /** Called for every text frame the framework writes. */
  outbound(at: bigint, text: string): void {
    const round = this.#round;
    if (text.startsWith(SESSION_UPDATE)) {
      if (round && !round.updateTimed) {
        round.updateTimed = true;
        this.updateMs.push(nsToMs(at - round.doneAt));
      }
    } else if (text.startsWith(ITEM_CREATE)) {
      if (!text.includes('"function_call_output"')) return;
      this.#outputs += 1;
      if (round) round.lastOutputAt = at;
    } else if (text.startsWith(RESPONSE_CREATE)) {
      this.creates += 1;
      if (round && round.createAt === undefined) round.createAt = at;
    } else {
      return;
    }
    if (round) this.#settle(round);
  }

  #settle(round: Round): void {
    if (round.createAt === undefined || this.#outputs - this.#consumed < round.calls) return;
    const answeredAt =
      round.lastOutputAt !== undefined && round.lastOutputAt > round.createAt
        ? round.lastOutputAt
        : round.createAt;
    this.createMs.push(nsToMs(answeredAt - round.doneAt));
    this.#consumed += round.calls;
    this.#round = undefined;
  }
}

function countOf(data: Buffer, needle: Buffer): number {
  let count = 0;
  for (let at = data.indexOf(needle); at !== -1; at = data.indexOf(needle, at + needle.length)) count += 1;
  return count;
}

/**
 * Opens a `ws` socket whose traffic `probe` sees. The probe's listener is registered before any
 * framework's, so `inbound` runs first for every frame, and `send` is wrapped on the instance.
 */
export function openProbedSocket(
  probe: Probe,
  url: string,
  protocols: string[] | undefined,
  headers: Record<string, string> | undefined,
): WebSocket {
  const socket = new WebSocket(url, protocols ?? [], { headers: headers ?? {}, perMessageDeflate: false });
  socket.on('message', (data, isBinary) => {
    const at = process.hrtime.bigint();
    if (!isBinary && Buffer.isBuffer(data)) probe.inbound(at, data);
  });
  const send = socket.send.bind(socket) as (data: unknown, ...rest: unknown[]) => void;
  (socket as unknown as { send: (data: unknown, ...rest: unknown[]) => void }).send = (data, ...rest) => {
    if (typeof data === 'string') probe.outbound(process.hrtime.bigint(), data);
    send(data, ...rest);
  };
  return socket;
}

/** The probe and dialer the next {@link ProbedWebSocket} takes (see {@link withProbe}). */
let pending: { probe: Probe; dial: Dialer } | undefined;

/**
 * A WebSocket class (for options that want a constructor, like Switchboard's transport) whose
 * instances are probed sockets. One class serves every session, as an app's `ws` import does: it
 * takes its probe from {@link withProbe}, around the call that dials.
 */
export class ProbedWebSocket {
  constructor(url: string, protocols?: string[], options?: { headers?: Record<string, string> }) {
    const next = pending;
    pending = undefined;
    if (!next) throw new Error('ProbedWebSocket made outside withProbe()');
    // biome-ignore lint/correctness/noConstructorReturn: the transport only needs an object that behaves like `ws`.
    return next.dial(next.probe, url, protocols, options?.headers);
  }
}

/**
 * Runs `dial` (a call that synchronously makes one {@link ProbedWebSocket}, like a Switchboard
 * session's `connect()`), handing that socket `probe`.
 */
export function withProbe<T>(probe: Probe, dialer: Dialer, dial: () => T): T {
  pending = { probe, dial: dialer };
  try {
    return dial();
  } finally {
    // Not taken: the session did not dial in the call (its probe then sees nothing, which the smoke run catches).
    pending = undefined;
  }
}

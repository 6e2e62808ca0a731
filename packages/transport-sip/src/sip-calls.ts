import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type BudgetOptions,
  buildSessionConfig,
  RealtimeSession,
  type RealtimeTransport,
  type Swarm,
} from '@switchboard/core';
import type OpenAI from 'openai';
import { SipCallError } from './errors.js';
import { type IncomingCall, IncomingCallDataSchema, incomingCall } from './incoming-call.js';
import { nodeHandler } from './node-handler.js';
import { SipTransport } from './sip-transport.js';
import { followTransfers } from './transfer.js';

/**
 * What the app does with a call: answer it with a swarm (and, optionally, a per-call `budget`: at
 * its limit the agent says goodbye and the call is hung up), or refuse it with a SIP status.
 */
export type SipRoute<Ctx> =
  | { readonly swarm: Swarm<Ctx>; readonly budget?: BudgetOptions }
  | { readonly reject: number };

/** Options of {@link sipCalls}. */
export interface SipCallsOptions<Ctx> {
  /**
   * The official client. Webhooks are verified with its `webhookSecret` (default
   * `OPENAI_WEBHOOK_SECRET`); calls are accepted, rejected, transferred and ended with its
   * `realtime.calls`; its key and base URL open the control socket.
   */
  readonly client: OpenAI;
  /**
   * Picks the swarm for a call (a fresh one per call: its context is the call's state), or rejects it
   * with a SIP status such as 486 (busy) or 403. May be async; a throw rejects the call with 500.
   */
  readonly route: (call: IncomingCall) => SipRoute<Ctx> | Promise<SipRoute<Ctx>>;
  /** The model to accept calls with (default `gpt-realtime`). */
  readonly model?: string;
  /** Each answered call's session, before it connects: subscribe to its streams here. */
  readonly onSession?: (session: RealtimeSession<Ctx>, call: IncomingCall) => void;
  /** Failures no caller can be told about (see {@link SipCallError}). */
  readonly onError?: (error: SipCallError) => void;
  /** Passed to each session (default 30 s). */
  readonly toolTimeoutMs?: number;
  /**
   * Wraps each call's transport before its session uses it, e.g. to record the call with
   * `recordTransport` of `@switchboard/core`. Transfers still go through the call itself. A throw
   * is reported (`SipCallError('connect')`) and the call goes on unwrapped.
   */
  readonly wrapTransport?: (transport: RealtimeTransport, call: IncomingCall) => RealtimeTransport;
  /** Largest webhook body accepted (default 64 KiB). */
  readonly maxBodyBytes?: number;
  /**
   * Runs the accepted call somewhere else instead of in a session of this process: e.g. dispatches
   * it to `@switchboard/cluster` workers, which attach to it by call id. A throw or rejection is
   * reported (`SipCallError('connect')`). `onSession`, `wrapTransport` and the route's `budget` are
   * not used then (the process that runs the call sets its session's options).
   */
  readonly handOver?: (call: IncomingCall, swarm: Swarm<Ctx>) => void | Promise<void>;
}

/** The webhook endpoint made by {@link sipCalls}, in two forms, and the calls it answered. */
export interface SipCallHandler<Ctx> {
  /** Fetch-style form (`Request` in, `Response` out), for any framework that speaks it. */
  handle(request: Request): Promise<Response>;
  /** Node `http` form: `createServer(handler.listener)` or a route of your server. */
  readonly listener: (request: IncomingMessage, response: ServerResponse) => void;
  /** Sessions of calls in progress, by call id. */
  readonly sessions: ReadonlyMap<string, RealtimeSession<Ctx>>;
}

/** Webhook deliveries remembered to drop retries of one already handled. */
const SEEN_DELIVERIES = 1000;

/**
 * The incoming-call webhook for SIP calls through the Realtime API. For each POST it:
 * 1. verifies the Standard Webhooks signature with the official SDK (`client.webhooks.unwrap`): a
 *    forged, stale or unsigned request gets 400 and nothing else happens;
 * 2. ignores other event types and retried deliveries (same `webhook-id`) with 200;
 * 3. asks `route` what to do: `{ reject: status }` → `calls.reject`; `{ swarm, budget? }` →
 *    `calls.accept` with the start agent's config (instructions, voice, tools, handoffs); a route
 *    whose session cannot be made (an invalid `budget`) is reported and rejected with 500;
 * 4. answers 200, then attaches a {@link RealtimeSession} to the call over the control socket
 *    (`?call_id=`) and follows transfers to {@link transferCall} agents.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import OpenAI from 'openai';
 * import type { Swarm } from '@switchboard/core';
 * import { sipCalls } from '@switchboard/transport-sip';
 *
 * declare function supportSwarm(): Swarm<{ notes: string[] }>;
 * const calls = sipCalls({
 *   client: new OpenAI(), // OPENAI_API_KEY, OPENAI_WEBHOOK_SECRET
 *   route: (call) => (call.to === '+15550199' ? { swarm: supportSwarm() } : { reject: 404 }),
 * });
 * createServer(calls.listener).listen(3000);
 * ```
 */
export function sipCalls<Ctx>(options: SipCallsOptions<Ctx>): SipCallHandler<Ctx> {
  const sessions = new Map<string, RealtimeSession<Ctx>>();
  const seen = new Set<string>();
  const reportError = (error: SipCallError) => options.onError?.(error);
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024;

  async function handle(request: Request): Promise<Response> {
    if (request.method !== 'POST') return text(405, 'use POST');
    const body = await readLimited(request, maxBodyBytes);
    if (body === undefined) return text(413, 'webhook body too large');
    let event: Awaited<ReturnType<OpenAI['webhooks']['unwrap']>>;
    try {
      event = await options.client.webhooks.unwrap(body, request.headers);
    } catch {
      // A forged, stale or unsigned delivery: refused, nothing else happens.
      return text(400, 'invalid webhook signature');
    }
    if (event.type !== 'realtime.call.incoming') return text(200, 'ignored');
    const deliveryId = request.headers.get('webhook-id') ?? event.id;
    if (seen.has(deliveryId)) return text(200, 'already handled');
    remember(seen, deliveryId);
    const data = IncomingCallDataSchema.safeParse(event.data);
    if (!data.success) return text(400, 'malformed realtime.call.incoming data');
    await answer(incomingCall(data.data));
    return text(200, 'ok');
  }

  async function answer(call: IncomingCall): Promise<void> {
    const { client } = options;
    let route: SipRoute<Ctx>;
    try {
      route = await options.route(call);
    } catch (error) {
      reportError(new SipCallError('route', call.callId, error));
      route = { reject: 500 };
    }
    let swarm: Swarm<Ctx> | undefined;
    let local: ReturnType<typeof makeSession> | undefined;
    if (!('reject' in route)) {
      try {
        // A call handed over runs elsewhere: no session is made here.
        local = options.handOver ? undefined : makeSession(call, route);
        swarm = route.swarm;
      } catch (error) {
        // The session's options are refused (a budget out of range): nobody can take the call.
        reportError(new SipCallError('route', call.callId, error));
      }
    }
    if (!swarm) {
      await client.realtime.calls
        .reject(call.callId, { status_code: 'reject' in route ? route.reject : 500 })
        .catch((error: unknown) => reportError(new SipCallError('reject', call.callId, error)));
      return;
    }
    try {
      const session = buildSessionConfig(swarm.start, swarm.context);
      await client.realtime.calls.accept(call.callId, {
        ...(session as Omit<OpenAI.Realtime.CallAcceptParams, 'type'>),
        type: 'realtime',
        model: options.model ?? 'gpt-realtime',
      });
    } catch (error) {
      reportError(new SipCallError('accept', call.callId, error));
      return;
    }
    if (local) {
      attach(call, local);
      return;
    }
    const { handOver } = options;
    const handed = swarm;
    await Promise.resolve()
      .then(() => handOver?.(call, handed))
      .catch((error: unknown) => reportError(new SipCallError('connect', call.callId, error)));
  }

  /** The call's transport and session, not connected yet; throws when the session's options are refused. */
  function makeSession(
    call: IncomingCall,
    route: { readonly swarm: Swarm<Ctx>; readonly budget?: BudgetOptions },
  ) {
    const transport = new SipTransport({ callId: call.callId, client: options.client });
    let sessionTransport: RealtimeTransport = transport;
    try {
      sessionTransport = options.wrapTransport?.(transport, call) ?? transport;
    } catch (error) {
      reportError(new SipCallError('connect', call.callId, error));
    }
    const session = new RealtimeSession<Ctx>({
      swarm: route.swarm,
      transport: sessionTransport,
      ...(options.toolTimeoutMs === undefined ? {} : { toolTimeoutMs: options.toolTimeoutMs }),
      ...(route.budget === undefined ? {} : { budget: route.budget }),
    });
    return { swarm: route.swarm, transport, session };
  }

  function attach(call: IncomingCall, { transport, session }: ReturnType<typeof makeSession>): void {
    sessions.set(call.callId, session);
    transport.status$.subscribe((status) => {
      if (status.state === 'closed') sessions.delete(call.callId);
    });
    followTransfers(session, transport, reportError);
    try {
      options.onSession?.(session, call);
    } catch (error) {
      reportError(new SipCallError('connect', call.callId, error));
    }
    session.connect().catch((error: unknown) => reportError(new SipCallError('connect', call.callId, error)));
  }

  return { handle, listener: nodeHandler(handle, maxBodyBytes), sessions };
}

function text(status: number, body: string): Response {
  return new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

/** The body as text, or `undefined` past `limit` bytes (reading stops there). */
async function readLimited(request: Request, limit: number): Promise<string | undefined> {
  if (Number(request.headers.get('content-length') ?? 0) > limit) return undefined;
  const reader = request.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    size += chunk.value.length;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(chunk.value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function remember(seen: Set<string>, id: string): void {
  seen.add(id);
  if (seen.size > SEEN_DELIVERIES) seen.delete(seen.values().next().value as string);
}

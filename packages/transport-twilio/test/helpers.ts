import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type Agent,
  type ClientEvent,
  defineAgent,
  defineSwarm,
  handoff,
  RealtimeSession,
  type RealtimeTransport,
  type ServerEvent,
  type SessionError,
  type ToolCallEvent,
  tool,
} from '@switchboard/core';
import {
  createSynthesizer,
  type LocalRealtimeServer,
  type ScriptRule,
  scriptedBrain,
  startLocalRealtime,
} from '@switchboard/local-realtime';
import { websocketTransport } from '@switchboard/transport-websocket';
import { z } from 'zod';
import { acceptTwilioStreams, type TwilioMediaStream, TwilioTransport } from '../src/index.js';
import { type SimulatedTwilioCallOptions, simulateTwilioCall } from '../src/testing/index.js';

export const STORY =
  'Let me tell you everything about your plan. It includes unlimited calls, fifty gigabytes of data, ' +
  'free roaming in twenty countries, a new phone every two years, and a discount on your internet at home.';

/** The caller's voice in tests: the tone voice, the same with or without espeak-ng installed. */
export const toneVoice = createSynthesizer({ voice: 'tone' });

/** What the local model does on the phone tests. */
export const phoneRules: readonly ScriptRule[] = [
  { user: /invoice/i, call: { name: 'lookup_invoice', arguments: { invoiceId: 'INV-1001' } } },
  { toolOutput: 'lookup_invoice', say: 'Invoice INV-1001 is 49 euros.' },
  { user: /billing/i, handoff: 'Billing' },
  { toolOutput: 'transfer_to_billing', say: 'Billing here.' },
  { user: /plan/i, say: STORY },
  { user: /stop/i, say: 'Sorry, go ahead.' },
  { user: /slow/i, call: { name: 'slow_check', arguments: {} } },
];

/** Triage (a tool, a slow tool, a handoff) and Billing, whose settings would break a phone line. */
export function phoneSwarm(slowSignal?: (signal: AbortSignal) => void) {
  const lookupInvoice = tool({
    name: 'lookup_invoice',
    description: 'Look up an invoice',
    parameters: z.object({ invoiceId: z.string() }),
    execute: ({ invoiceId }) => ({ invoiceId, amount: 49 }),
  });
  const slowCheck = tool({
    name: 'slow_check',
    description: 'A check that takes long',
    parameters: z.object({}),
    execute: (_args, { signal }) => {
      slowSignal?.(signal);
      return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    },
  });
  const billing: Agent = defineAgent({
    name: 'Billing',
    instructions: 'You handle billing.',
    voice: 'cedar',
    // What a desktop agent might set: on a phone line it must not reach the API.
    session: {
      audio: {
        input: { format: { type: 'audio/pcm', rate: 24000 } },
        output: { format: { type: 'audio/pcm', rate: 24000 } },
      },
    },
  });
  const triage: Agent = defineAgent({
    name: 'Triage',
    instructions: 'You answer the phone.',
    voice: 'marin',
    tools: [lookupInvoice, slowCheck],
    handoffs: [handoff(billing)],
  });
  return defineSwarm({ agents: [triage, billing], start: triage, context: {} });
}

/** One call as the app sees it. */
export interface AppCall {
  readonly session: RealtimeSession<unknown>;
  readonly transport: TwilioTransport;
  readonly stream: TwilioMediaStream;
  /** Server events the session saw. */
  readonly events: ServerEvent[];
  /** Client events the bridge sent to the realtime side. */
  readonly sent: ClientEvent[];
  readonly toolEvents: ToolCallEvent[];
  readonly errors: SessionError[];
}

/** A local-realtime server and an app bridging Twilio media streams to it. */
export async function startTwilioApp(
  options: {
    readonly authToken?: string;
    readonly onCall?: (call: AppCall) => void;
    readonly slowSignal?: (signal: AbortSignal) => void;
  } = {},
) {
  const realtime: LocalRealtimeServer = await startLocalRealtime({
    brain: scriptedBrain({ rules: phoneRules, fallback: 'Hello, how can I help?' }),
    audio: { voice: 'tone' },
  });
  const server: Server = createServer((_request, response) => response.writeHead(404).end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/twilio/media`;
  const calls: AppCall[] = [];
  const streamErrors: Error[] = [];
  const streams = acceptTwilioStreams({
    server,
    ...(options.authToken ? { authToken: options.authToken, publicUrl: url } : {}),
    onError: (error) => streamErrors.push(error),
    onStream: (stream) => {
      const inner = websocketTransport({ dialect: 'ga', url: realtime.url });
      const sent: ClientEvent[] = [];
      const recording: RealtimeTransport = {
        events$: inner.events$,
        status$: inner.status$,
        errors$: inner.errors$,
        connect: () => inner.connect(),
        close: () => inner.close(),
        send: (event) => {
          sent.push(event);
          inner.send(event);
        },
      };
      const transport = new TwilioTransport({ stream, realtime: recording });
      const session = new RealtimeSession({ swarm: phoneSwarm(options.slowSignal), transport });
      const call: AppCall = { session, transport, stream, events: [], sent, toolEvents: [], errors: [] };
      session.events$.subscribe((event) => call.events.push(event as ServerEvent));
      session.toolCalls$.subscribe((event) => call.toolEvents.push(event));
      session.errors$.subscribe((error) => call.errors.push(error));
      calls.push(call);
      options.onCall?.(call);
      void session.connect();
    },
  });
  /** A simulated caller dials in; resolves once the app's session for the call is open. */
  async function dial(extra: Omit<SimulatedTwilioCallOptions, 'url'> = {}) {
    const caller = await simulateTwilioCall({
      synthesizer: await toneVoice,
      captions: realtime.captions,
      ...extra,
      url,
    });
    await until(() => calls[0]?.session.state === 'open');
    const call = calls[0] as AppCall;
    return { caller, call };
  }
  return {
    realtime,
    url,
    calls,
    streams,
    streamErrors,
    dial,
    async close() {
      await Promise.all(calls.map((call) => call.session.close()));
      streams.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await realtime.close();
    },
  };
}

/** Waits until `check` holds (polling), or fails after `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

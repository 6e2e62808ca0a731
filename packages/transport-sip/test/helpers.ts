import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type Agent,
  defineAgent,
  defineSwarm,
  handoff,
  type SessionError,
  type ToolCallEvent,
  tool,
} from '@switchboard/core';
import { type LocalRealtimeServer, scriptedBrain, startLocalRealtime } from '@switchboard/local-realtime';
import OpenAI from 'openai';
import { z } from 'zod';
import {
  type IncomingCall,
  type SipCallError,
  type SipCallsOptions,
  type SipRoute,
  sipCalls,
  transferCall,
} from '../src/index.js';

export const SECRET = `whsec_${Buffer.from('switchboard-sip-test').toString('base64')}`;
export const HUMAN = 'tel:+14155550123';

/** The phone swarm of the tests: triage (a tool, a handoff to billing), billing (a transfer to a human). */
export function phoneSwarm() {
  const lookupInvoice = tool({
    name: 'lookup_invoice',
    description: 'Look up an invoice by id',
    parameters: z.object({ invoiceId: z.string() }),
    execute: ({ invoiceId }) => ({ invoiceId, amount: 49, currency: 'EUR' }),
  });
  const human = transferCall({ to: HUMAN, description: 'a person in billing' });
  const billing: Agent = defineAgent({
    name: 'Billing',
    instructions: 'You handle billing.',
    handoffs: [handoff(human)],
  });
  const triage: Agent = defineAgent({
    name: 'Triage',
    instructions: 'You answer the phone.',
    voice: 'marin',
    tools: [lookupInvoice],
    handoffs: [handoff(billing)],
  });
  return defineSwarm({ agents: [triage, billing, human], start: triage, context: {} });
}

/** What the local model says: it looks invoices up, hands off to billing, and transfers to a person. */
export const phoneBrain = () =>
  scriptedBrain({
    rules: [
      { user: /invoice/i, call: { name: 'lookup_invoice', arguments: { invoiceId: 'INV-1001' } } },
      { toolOutput: 'lookup_invoice', say: 'Invoice INV-1001 is 49 euros.' },
      { user: /billing/i, handoff: 'Billing' },
      { toolOutput: 'transfer_to_billing', say: 'Billing here, how can I help?' },
      { user: /person/i, handoff: 'Human' },
      { toolOutput: 'transfer_to_human', say: 'Connecting you now.' },
    ],
    fallback: 'Sorry, could you say that again?',
  });

/** A local-realtime server, and an app serving the SIP webhook against it. */
export async function startPhoneApp(
  route: (call: IncomingCall) => SipRoute<unknown> = () => ({ swarm: phoneSwarm() }),
  extra: Pick<SipCallsOptions<unknown>, 'wrapTransport' | 'handOver'> = {},
) {
  const realtime: LocalRealtimeServer = await startLocalRealtime({
    brain: phoneBrain(),
    audio: { voice: 'tone', pace: 'fast' },
  });
  const client = new OpenAI({
    apiKey: 'sk-local',
    baseURL: realtime.httpUrl,
    webhookSecret: SECRET,
    maxRetries: 0,
  });
  const routed: IncomingCall[] = [];
  const toolEvents: ToolCallEvent[] = [];
  const handoffs: string[] = [];
  const errors: SessionError[] = [];
  const sipErrors: SipCallError[] = [];
  const calls = sipCalls({
    onError: (error) => sipErrors.push(error),
    ...extra,
    client,
    route: (call) => {
      routed.push(call);
      return route(call);
    },
    onSession: (session) => {
      session.toolCalls$.subscribe((event) => toolEvents.push(event));
      session.handoffs$.subscribe((event) => handoffs.push(`${event.from} → ${event.to}`));
      session.errors$.subscribe((error) => errors.push(error));
    },
  });
  const server: Server = createServer(calls.listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/openai/webhook`;
  return {
    realtime,
    calls,
    webhookUrl,
    routed,
    toolEvents,
    handoffs,
    errors,
    sipErrors,
    async close() {
      await Promise.all([...calls.sessions.values()].map((session) => session.close()));
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

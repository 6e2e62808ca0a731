import { z } from 'zod';
import type { SessionError, ToolCallEvent } from '../src/index.js';
import { type Agent, defineAgent, defineSwarm, handoff, RealtimeSession, tool } from '../src/index.js';
import { createScriptedTransport, createServerScript } from '../src/testing/index.js';

/** A promise with its resolve, to control when a fake tool finishes. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

export interface SupportContext {
  customerId: string;
  notes: string[];
}

/** The support swarm used across session tests: triage ↔ billing ↔ tech. */
export function supportSwarm() {
  const lookupInvoice = tool({
    name: 'lookup_invoice',
    description: 'Look up an invoice by id',
    parameters: z.object({ invoiceId: z.string() }),
    execute: async ({ invoiceId }) => ({ invoiceId, amount: 42 }),
  });
  const billing: Agent<SupportContext> = defineAgent<SupportContext>({
    name: 'Billing',
    instructions: (ctx) => `You handle billing for customer ${ctx.customerId}.`,
    tools: [lookupInvoice],
    handoffs: [handoff(() => triage)],
  });
  const tech: Agent<SupportContext> = defineAgent<SupportContext>({
    name: 'Tech Support',
    instructions: 'You fix technical problems.',
    handoffs: [handoff(() => triage)],
  });
  const triage: Agent<SupportContext> = defineAgent<SupportContext>({
    name: 'Triage',
    instructions: 'You route the caller.',
    voice: 'marin',
    tools: [lookupInvoice],
    handoffs: [handoff(billing), handoff(tech, { input: z.object({ reason: z.string() }) })],
  });
  return defineSwarm({
    agents: [triage, billing, tech],
    start: triage,
    context: { customerId: 'C-42', notes: [] } as SupportContext,
  });
}

/** A session on a scripted transport, connected, with its streams collected. */
export async function startSession<Ctx>(
  options: { agent: Agent<Ctx>; context: Ctx } | { swarm: ReturnType<typeof defineSwarm<Ctx>> },
  transportOptions: Parameters<typeof createScriptedTransport>[0] = {},
) {
  const server = createScriptedTransport(transportOptions);
  const script = createServerScript();
  const session = new RealtimeSession<Ctx>({ ...options, transport: server.transport } as never);
  const toolEvents: ToolCallEvent[] = [];
  const errors: SessionError[] = [];
  session.toolCalls$.subscribe((event) => toolEvents.push(event));
  session.errors$.subscribe((error) => errors.push(error));
  await session.connect();
  return {
    server,
    script,
    session,
    toolEvents,
    errors,
    /** Types of the client events sent so far. */
    sentTypes: () => server.sent.map((event) => event.type),
    /** Client events sent after the first `n`. */
    sentAfter: (n: number) => server.sent.slice(n),
  };
}

/**
 * Lets pending promise callbacks and zero-delay timers run. It takes no delay on purpose: a test that
 * waits for time to pass uses fake timers (`vi.advanceTimersByTimeAsync`), never the wall clock.
 */
export const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type Agent,
  type AgentSessionOverrides,
  defineAgent,
  defineSwarm,
  handoff,
  tool,
} from '@switchboard/core';
import { z } from 'zod';

/** An HTTP server on a free loopback port, and its base URLs. */
export async function startHttpServer(): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer((_request, response) => {
    response.writeHead(404);
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * A two-agent swarm: Desk looks invoices up and hands off to Billing. `calls` records tool runs.
 * Text replies and no turn detection by default (so a fake microphone cannot start turns); `voice`
 * makes them speak and listen.
 */
export function testSwarm(options: { voice?: boolean } = {}) {
  const session: AgentSessionOverrides = options.voice
    ? { output_modalities: ['audio'] }
    : { output_modalities: ['text'], audio: { input: { turn_detection: null } } };
  const calls: string[] = [];
  const lookupInvoice = tool({
    name: 'lookup_invoice',
    description: 'Look up an invoice by id.',
    parameters: z.object({ invoiceId: z.string() }),
    execute: ({ invoiceId }) => {
      calls.push(`lookup_invoice:${invoiceId}`);
      return { invoiceId, amount: 49 };
    },
  });
  const desk: Agent<object> = defineAgent<object>({
    name: 'Desk',
    instructions: 'Route the caller.',
    session,
    tools: [lookupInvoice],
    handoffs: [handoff(() => billing)],
  });
  const billing: Agent<object> = defineAgent<object>({
    name: 'Billing',
    instructions: 'Handle invoices.',
    session,
    handoffs: [handoff(() => desk)],
  });
  return { swarm: defineSwarm({ agents: [desk, billing], start: desk, context: {} as object }), calls };
}

import { type Agent, createKit } from '@switchboard/core';
import { z } from 'zod';
import { type BackOffice, SERVICES } from './backend.js';

/** What every agent of the swarm shares: who is calling, and what was done for them. */
export interface SupportContext {
  readonly customerId: string;
  readonly ticketIds: string[];
  readonly refundedInvoices: string[];
}

const invoiceId = z.string().describe('The invoice id, e.g. INV-1001');

/** The definition functions, typed for the swarm's context: no annotation needed below. */
const { tool, defineAgent, handoff, defineSwarm } = createKit<SupportContext>();

/** Options of {@link supportSwarm}. */
export interface SupportSwarmOptions {
  /** Who is calling (default `C-42`). */
  readonly customerId?: string;
  /** `text` (default: the terminal demo prints replies) or `audio` (the agents speak, e.g. on a phone line). */
  readonly output?: 'text' | 'audio';
  /**
   * One more agent every agent can hand off to, and part of the swarm: e.g. a transfer to a human
   * on a phone line (`transferCall()` of `@switchboard/transport-sip`).
   */
  readonly escalation?: Agent<SupportContext>;
  /** The shared context to start from (a clustered call resumed on another worker brings its own). */
  readonly context?: SupportContext;
}

/** The customer-support swarm: triage routes, billing handles invoices, tech support handles outages. */
export function supportSwarm(backOffice: BackOffice, options: SupportSwarmOptions = {}) {
  const { customerId = 'C-42', output = 'text', escalation } = options;
  const modalities = { output_modalities: [output] as ['text'] | ['audio'] };
  const escalations = escalation ? [handoff(escalation)] : [];
  const lookupInvoice = tool({
    name: 'lookup_invoice',
    description: 'Look up an invoice by its id: amount, status and how many times it was charged.',
    parameters: z.object({ invoiceId }),
    execute: ({ invoiceId }) => backOffice.invoice(invoiceId),
  });

  const issueRefund = tool({
    name: 'issue_refund',
    description: 'Refund an invoice, for example a duplicate charge. A human operator approves every refund.',
    parameters: z.object({ invoiceId, reason: z.enum(['duplicate_charge', 'service_outage', 'other']) }),
    needsApproval: true,
    // It moves money: only on the model's own word, never on events a browser relays (WebRTC relay mode).
    trust: 'model-only',
    // Once the payment provider has it, a barge-in cannot take it back: the refund finishes, and the
    // model reads its real outcome on the next turn instead of being told it was cancelled.
    onInterrupt: 'finish',
    execute: async ({ invoiceId }, { context, signal }) => {
      const refund = await backOffice.refund(invoiceId, signal);
      context.refundedInvoices.push(refund.invoiceId);
      return refund;
    },
  });

  const checkOutage = tool({
    name: 'check_outage',
    description: 'Check whether a service (internet, tv, phone) has an outage in the customer region.',
    parameters: z.object({ service: z.enum(SERVICES) }),
    // The status system is slow: after half a second the caller hears a filler, even in text.
    fillerAfterMs: 500,
    execute: async ({ service }, { signal }) =>
      (await backOffice.outage(service, signal)) ?? { service, outage: false },
  });

  const createTicket = tool({
    name: 'create_ticket',
    description: 'Open a support ticket for a service problem so a technician follows up.',
    parameters: z.object({
      service: z.enum(SERVICES),
      summary: z.string().describe('One line about the problem'),
    }),
    execute: ({ service, summary }, { context }) => {
      const ticketId = backOffice.openTicket();
      context.ticketIds.push(ticketId);
      return { ticketId, service, summary };
    },
  });

  const triage = defineAgent({
    name: 'Triage',
    instructions: (ctx) =>
      `You are the front desk of a telecom support line, talking to customer ${ctx.customerId}. ` +
      'Find out what they need and transfer them: billing for invoices, charges and refunds; tech support ' +
      'for outages and anything broken. Do not solve problems yourself.',
    handoffDescription: 'Back to the front desk, for a request the current agent does not handle.',
    voice: 'marin',
    session: modalities,
    handoffs: [handoff(() => billing), handoff(() => techSupport), ...escalations],
  });

  const billing = defineAgent({
    name: 'Billing',
    instructions: (ctx) =>
      `You handle invoices, charges and refunds for customer ${ctx.customerId}. Look invoices up before ` +
      'you answer. Refund duplicate charges. For anything else, transfer back to triage.',
    handoffDescription: 'Billing: invoices, charges, payments, refunds.',
    voice: 'marin',
    session: modalities,
    tools: [lookupInvoice, issueRefund],
    handoffs: [handoff(() => triage), ...escalations],
  });

  const techSupport = defineAgent({
    name: 'Tech Support',
    instructions: (ctx) =>
      `You fix internet, tv and phone problems for customer ${ctx.customerId}. Check for an outage first; ` +
      `open a ticket when a technician must follow up (tickets so far: ${ctx.ticketIds.join(', ') || 'none'}). ` +
      'For anything else, transfer back to triage.',
    handoffDescription: 'Tech support: outages, internet, tv or phone down or broken, tickets.',
    voice: 'marin',
    session: modalities,
    tools: [checkOutage, createTicket],
    handoffs: [handoff(() => triage), ...escalations],
  });

  return defineSwarm({
    agents: escalation ? [triage, billing, techSupport, escalation] : [triage, billing, techSupport],
    start: triage,
    context: options.context ?? { customerId, ticketIds: [], refundedInvoices: [] },
  });
}

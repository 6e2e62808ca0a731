/** A pretend back office: invoices, refunds, service status and tickets, all in memory. */

import { setTimeout as sleep } from 'node:timers/promises';

/** How long the network status system takes to answer: slow on purpose, so the caller hears a filler. */
export const OUTAGE_CHECK_MS = 1_500;

/** How long the payment provider takes to make a refund: long enough for the caller to barge in. */
export const REFUND_MS = 800;

export interface Invoice {
  readonly id: string;
  readonly customerId: string;
  readonly amount: number;
  readonly currency: 'EUR';
  readonly status: 'paid' | 'refunded';
  readonly charges: number;
}

export interface Outage {
  readonly service: Service;
  readonly region: string;
  readonly since: string;
  readonly eta: string;
}

export const SERVICES = ['internet', 'tv', 'phone'] as const;
export type Service = (typeof SERVICES)[number];

/** The state behind the tools; one per conversation so runs never leak into each other. */
export function createBackOffice() {
  const invoices = new Map<string, Invoice>([
    [
      'INV-1001',
      { id: 'INV-1001', customerId: 'C-42', amount: 49, currency: 'EUR', status: 'paid', charges: 2 },
    ],
    [
      'INV-1002',
      { id: 'INV-1002', customerId: 'C-42', amount: 19.5, currency: 'EUR', status: 'paid', charges: 1 },
    ],
  ]);
  const outages: Outage[] = [{ service: 'internet', region: 'north', since: '08:10', eta: '14:00' }];
  let nextTicket = 501;

  return {
    invoice(id: string): Invoice {
      const invoice = invoices.get(id.toUpperCase());
      if (!invoice) throw new Error(`no invoice ${id}; invoice ids look like INV-1001`);
      return invoice;
    },
    /** Refunds the invoice's duplicate charge, after the payment provider's {@link REFUND_MS}. */
    async refund(
      id: string,
      signal?: AbortSignal,
    ): Promise<{ invoiceId: string; refunded: number; currency: 'EUR' }> {
      this.invoice(id);
      await sleep(REFUND_MS, undefined, { signal });
      const invoice = this.invoice(id);
      if (invoice.status === 'refunded') throw new Error(`invoice ${invoice.id} was already refunded`);
      invoices.set(invoice.id, { ...invoice, status: 'refunded', charges: invoice.charges - 1 });
      return { invoiceId: invoice.id, refunded: invoice.amount, currency: invoice.currency };
    },
    /** The outage of `service` in the customer's region, after the status system's {@link OUTAGE_CHECK_MS}. */
    async outage(service: Service, signal?: AbortSignal): Promise<Outage | undefined> {
      await sleep(OUTAGE_CHECK_MS, undefined, { signal });
      return outages.find((outage) => outage.service === service);
    },
    openTicket(): string {
      nextTicket += 1;
      return `T-${nextTicket}`;
    },
  };
}

export type BackOffice = ReturnType<typeof createBackOffice>;

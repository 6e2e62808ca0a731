import type { RealtimeSession, ServerEventOf } from '@switchboard/core';
import { filter, firstValueFrom, timeout } from 'rxjs';
import { expect } from 'vitest';

/** The next `response.done` that calls no function: the agents have said their last word for the turn. */
export function turnEnd(session: RealtimeSession<object>): Promise<string> {
  return firstValueFrom(
    session.events$.pipe(
      filter((event): event is ServerEventOf<'response.done'> => event.type === 'response.done'),
      filter((event) => !(event.response.output ?? []).some((item) => item.type === 'function_call')),
      timeout(10_000),
    ),
  ).then((event) =>
    (event.response.output ?? [])
      .flatMap((item): readonly unknown[] => (item.type === 'message' ? (item.content ?? []) : []))
      .map((part) => {
        const { text, transcript } = part as { text?: unknown; transcript?: unknown };
        return typeof text === 'string' ? text : typeof transcript === 'string' ? transcript : '';
      })
      .join(''),
  );
}

/**
 * The two turns every mode must carry: a tool call (Desk looks the invoice up, then answers), and a
 * handoff (Desk transfers to Billing, which speaks first).
 */
export async function toolCallAndHandoff(
  session: RealtimeSession<object>,
  calls: readonly string[],
): Promise<void> {
  const first = turnEnd(session);
  session.sendText('Can you check my invoice?');
  expect(await first).toBe('Invoice INV-1001 is 49 euros.');
  expect(calls).toEqual(['lookup_invoice:INV-1001']);

  const handoff = firstValueFrom(session.handoffs$);
  const second = turnEnd(session);
  session.sendText('I would like a refund.');
  expect(await handoff).toMatchObject({ from: 'Desk', to: 'Billing' });
  expect(await second).toBe('Billing here. How can I help?');
  expect(session.agent.name).toBe('Billing');
}

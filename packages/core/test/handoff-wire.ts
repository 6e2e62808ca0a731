import { z } from 'zod';
import {
  type ClientEvent,
  defineAgent,
  type HandoffContextStrategy,
  handoff,
  type ServerEvent,
  tool,
} from '../src/index.js';
import { deferred } from './fixtures.js';

// What a handoff sends, read back in the handoff context tests (the model's handoffs and
// session.handoffTo), and the out-of-band summary response the scripted server answers with.

export type Sent = ClientEvent & {
  item?: { type?: string; role?: string; output?: string; content?: { text?: string }[] };
};

/** A readable trace of client events: `delete`, `<role>: <text>`, `output <output>`, or the type. */
export function trace(sent: readonly Sent[]): string[] {
  return sent.map((event) => {
    if (event.type === 'conversation.item.delete') return 'delete';
    if (event.type !== 'conversation.item.create') return event.type;
    const item = event.item;
    return item?.type === 'message' ? `${item.role}: ${item.content?.[0]?.text}` : `output ${item?.output}`;
  });
}

/** The tag of the summary request among `sent` (its `response.create` metadata). */
export function summaryTag(sent: readonly Sent[]): string {
  const request = sent.find((event) => event.type === 'response.create') as
    | Extract<ClientEvent, { type: 'response.create' }>
    | undefined;
  const tag = request?.response?.metadata?.switchboard_handoff_summary;
  if (typeof tag !== 'string') throw new Error('no summary request was sent');
  return tag;
}

/** The server's out-of-band summary response for `tag`, ending `status` with `text`. */
export function summaryResponse(tag: string, text: string, status = 'completed'): ServerEvent[] {
  const response = {
    id: 'resp_summary',
    conversation_id: null,
    metadata: { switchboard_handoff_summary: tag },
  };
  return [
    { type: 'response.created', event_id: 'ev_s1', response: { ...response, status: 'in_progress' } },
    {
      type: 'response.done',
      event_id: 'ev_s2',
      response: {
        ...response,
        status,
        output: [
          {
            type: 'message',
            id: 'item_summary',
            role: 'assistant',
            status: 'completed',
            content: [{ type: 'output_text', text }],
          },
        ],
      },
    },
  ] as ServerEvent[];
}

/**
 * Triage, with a refund (`refund_invoice`, `onInterrupt: 'finish'`) that runs until `release()`,
 * and a handoff to Billing with `context`.
 */
export function refundingTriage(context: HandoffContextStrategy) {
  const done = deferred();
  const refund = tool({
    name: 'refund_invoice',
    description: 'Refunds an invoice',
    parameters: z.object({}),
    onInterrupt: 'finish',
    execute: async () => {
      await done.promise;
      return 'refunded';
    },
  });
  const billing = defineAgent({ name: 'Billing', instructions: 'Billing.' });
  const triage = defineAgent({
    name: 'Triage',
    instructions: 'Route.',
    tools: [refund],
    handoffs: [handoff(billing, { context })],
  });
  return { triage, release: () => done.resolve() };
}

import { type Brain, scriptedBrain } from '../../src/index.js';

/** The tool the conformance flows declare. */
export const LOOKUP_INVOICE = {
  type: 'function',
  name: 'lookup_invoice',
  description: 'Look up an invoice by its id.',
  parameters: {
    type: 'object',
    properties: { invoice_id: { type: 'string', description: 'e.g. INV-1001' } },
    required: ['invoice_id'],
  },
} as const;

/** A deterministic script for the conformance flows. */
export function conformanceBrain(): Brain {
  return scriptedBrain({
    rules: [
      {
        user: /invoice (INV-\d+)/i,
        call: { name: 'lookup_invoice', arguments: (c) => ({ invoice_id: c.match?.[1] }) },
      },
      {
        toolOutput: 'lookup_invoice',
        say: (c) => `The invoice is ${JSON.parse(c.toolResult?.output.output ?? '{}').status}.`,
      },
      {
        user: 'long story',
        say: `Once upon a time ${'there was a long story that went on and on. '.repeat(8)}The end.`,
      },
      { user: 'hello', say: 'Hello there, how can I help you today?' },
    ],
    fallback: (c) => [{ type: 'message', text: c.userText ? `You said ${c.userText}.` : 'I am listening.' }],
  });
}

import { describe, expect, it } from 'vitest';
import { handoffToolName, scriptedBrain } from '../src/index.js';
import { assistant, brainRequest, collect, functionCall, functionOutput, user } from './helpers/requests.js';

const brain = scriptedBrain({
  rules: [
    {
      user: /invoice (INV-\d+)/i,
      call: { name: 'lookup_invoice', arguments: (c) => ({ invoice_id: c.match?.[1] }) },
    },
    {
      toolOutput: 'lookup_invoice',
      say: (c) => `Status: ${JSON.parse(c.toolResult?.output.output ?? '{}').status}.`,
    },
    { toolOutput: (result) => result.output.output.includes('outage'), say: 'There is an outage.' },
    { user: 'refund', say: 'Let me get billing.', handoff: 'Billing Desk' },
    {
      user: 'both',
      respond: () => [
        { type: 'message', text: 'one' },
        { type: 'message', text: 'two' },
      ],
    },
  ],
  fallback: 'No idea.',
});

describe('scriptedBrain', () => {
  it('matches the last user text by RegExp and fills arguments from the match', async () => {
    expect(await collect(brain, brainRequest([user('Where is invoice INV-77?')]))).toEqual([
      { type: 'function_call', name: 'lookup_invoice', arguments: { invoice_id: 'INV-77' } },
    ]);
  });

  it('matches a substring case-insensitively; say then handoff (transfer_to_<snake_case>)', async () => {
    expect(await collect(brain, brainRequest([user('I want a REFUND')]))).toEqual([
      { type: 'message', text: 'Let me get billing.' },
      { type: 'function_call', name: 'transfer_to_billing_desk', arguments: {} },
    ]);
  });

  it('answers tool outputs by tool name or predicate', async () => {
    const looked = [
      user('invoice INV-1'),
      functionCall('lookup_invoice', { invoice_id: 'INV-1' }, 'call_1'),
      functionOutput('call_1', { status: 'paid' }),
    ];
    expect(await collect(brain, brainRequest(looked))).toEqual([{ type: 'message', text: 'Status: paid.' }]);
    const checked = [
      user('status?'),
      functionCall('check', {}, 'call_2'),
      functionOutput('call_2', 'big outage north'),
    ];
    expect(await collect(brain, brainRequest(checked))).toEqual([
      { type: 'message', text: 'There is an outage.' },
    ]);
  });

  it('a tool-output turn is not matched by user rules (no loops), and falls back', async () => {
    const items = [
      user('invoice INV-1'),
      functionCall('other_tool', {}, 'call_3'),
      functionOutput('call_3', 'ok'),
    ];
    expect(await collect(brain, brainRequest(items))).toEqual([{ type: 'message', text: 'No idea.' }]);
  });

  it('respond gives full control; the fallback covers the rest', async () => {
    expect(await collect(brain, brainRequest([user('both please')]))).toHaveLength(2);
    expect(await collect(brain, brainRequest([user('hmm'), assistant('yes?')]))).toEqual([
      { type: 'message', text: 'No idea.' },
    ]);
    const plain = scriptedBrain([]);
    expect(await collect(plain, brainRequest([user('hi')]))).toEqual([
      { type: 'message', text: 'I have no scripted answer for "hi".' },
    ]);
  });

  it('names handoff tools like core does', () => {
    expect(handoffToolName('Tech Support')).toBe('transfer_to_tech_support');
    expect(handoffToolName('BillingAgent')).toBe('transfer_to_billing_agent');
    expect(handoffToolName('HTTPServer v2')).toBe('transfer_to_http_server_v2');
    expect(handoffToolName('Café')).toBe('transfer_to_cafe');
    expect(handoffToolName('transfer_to_x')).toBe('transfer_to_x');
  });
});

import type { ConversationItem, FunctionToolDefinition } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { summarizeResult } from '../src/brains/summarize.js';
import { rankTools } from '../src/brains/tool-matcher.js';
import { fillArguments, rulesBrain } from '../src/index.js';
import {
  assistant,
  brainRequest,
  collect,
  fn,
  functionCall,
  functionOutput,
  user,
} from './helpers/requests.js';

/** The support demo's tools, with the JSON Schemas zod 4 produces for them. */
const invoiceId = { type: 'string', description: 'The invoice id, e.g. INV-1001' };
const service = { type: 'string', enum: ['internet', 'tv', 'phone'] };
const TOOLS: Record<string, FunctionToolDefinition[]> = {
  triage: [
    fn('transfer_to_billing', 'Billing: invoices, charges, payments, refunds.'),
    fn('transfer_to_tech_support', 'Tech support: outages, internet, tv or phone down or broken, tickets.'),
  ],
  billing: [
    fn('lookup_invoice', 'Look up an invoice by its id: amount, status and how many times it was charged.', {
      type: 'object',
      properties: { invoiceId },
      required: ['invoiceId'],
      additionalProperties: false,
    }),
    fn(
      'issue_refund',
      'Refund an invoice, for example a duplicate charge. A human operator approves every refund.',
      {
        type: 'object',
        properties: {
          invoiceId,
          reason: { type: 'string', enum: ['duplicate_charge', 'service_outage', 'other'] },
        },
        required: ['invoiceId', 'reason'],
        additionalProperties: false,
      },
    ),
    fn('transfer_to_triage', 'Back to the front desk, for a request the current agent does not handle.'),
  ],
  tech_support: [
    fn(
      'check_outage',
      'Check whether a service (internet, tv, phone) has an outage in the customer region.',
      {
        type: 'object',
        properties: { service },
        required: ['service'],
      },
    ),
    fn('create_ticket', 'Open a support ticket for a service problem so a technician follows up.', {
      type: 'object',
      properties: { service, summary: { type: 'string', description: 'One line about the problem' } },
      required: ['service', 'summary'],
    }),
    fn('transfer_to_triage', 'Back to the front desk, for a request the current agent does not handle.'),
  ],
};

const BACKEND: Record<string, (args: Record<string, unknown>) => unknown> = {
  lookup_invoice: (args) => ({ id: args.invoiceId, amount: 49, currency: 'EUR', status: 'paid', charges: 2 }),
  issue_refund: (args) => ({ invoiceId: args.invoiceId, refunded: 49, currency: 'EUR' }),
  check_outage: (args) => ({ service: args.service, region: 'north', since: '08:10', eta: '14:00' }),
  create_ticket: (args) => ({ ticketId: 'T-502', service: args.service }),
};

/** Plays the role of a Switchboard session: runs tools, switches agents on handoffs, asks again. */
async function runDemo(lines: readonly string[]): Promise<string[]> {
  const brain = rulesBrain();
  const items: ConversationItem[] = [];
  const log: string[] = [];
  let agent = 'triage';
  let calls = 0;
  for (const line of lines) {
    items.push(user(line));
    log.push(`user: ${line}`);
    for (let step = 0; ; step++) {
      if (step > 8) throw new Error(`no answer to "${line}": ${log.join('\n')}`);
      const outputs = await collect(brain, brainRequest(items, TOOLS[agent]));
      let called = false;
      for (const output of outputs) {
        if (output.type === 'message') {
          items.push(assistant(output.text));
          log.push(`${agent}: ${output.text}`);
          continue;
        }
        called = true;
        const callId = `call_${++calls}`;
        items.push(functionCall(output.name, output.arguments, callId));
        if (output.name.startsWith('transfer_to_')) {
          agent = output.name.slice('transfer_to_'.length);
          items.push(functionOutput(callId, { assistant: agent }));
          log.push(`→ ${agent}`);
        } else {
          const args = output.arguments as Record<string, unknown>;
          items.push(functionOutput(callId, BACKEND[output.name]?.(args) ?? { ok: true }));
          log.push(`${agent} ${output.name} ${JSON.stringify(args)}`);
        }
      }
      if (!called) break;
    }
  }
  return log;
}

describe('rulesBrain drives the support demo', () => {
  it('triage → billing (lookup, refund) → triage → tech support (outage, ticket) → goodbye', async () => {
    const log = await runDemo([
      'Hi, I think I was charged twice on invoice INV-1001.',
      'Please refund the duplicate charge on invoice INV-1001.',
      'Thanks. Also, my internet is down since this morning.',
      'Can you open a ticket for my internet so a technician calls me?',
      "That's all, thank you!",
    ]);
    expect(log).toEqual([
      'user: Hi, I think I was charged twice on invoice INV-1001.',
      '→ billing',
      'billing lookup_invoice {"invoiceId":"INV-1001"}',
      'billing: Lookup invoice: id INV-1001, amount 49, currency EUR, status paid, charges 2.',
      'user: Please refund the duplicate charge on invoice INV-1001.',
      'billing issue_refund {"invoiceId":"INV-1001","reason":"duplicate_charge"}',
      'billing: Issue refund: invoice id INV-1001, refunded 49, currency EUR.',
      'user: Thanks. Also, my internet is down since this morning.',
      '→ triage',
      '→ tech_support',
      'tech_support check_outage {"service":"internet"}',
      'tech_support: Check outage: service internet, region north, since 08:10, eta 14:00.',
      'user: Can you open a ticket for my internet so a technician calls me?',
      'tech_support create_ticket {"service":"internet","summary":"Can you open a ticket for my internet so a technician calls me?"}',
      'tech_support: Create ticket: ticket id T-502, service internet.',
      "user: That's all, thank you!",
      'tech_support: Goodbye, and thanks for calling!',
    ]);
  });

  it('reuses an id from an earlier turn ("refund it")', async () => {
    const log = await runDemo(['Look up invoice INV-1002 for me', 'ok, refund it please']);
    expect(log).toContain('billing issue_refund {"invoiceId":"INV-1002","reason":"other"}');
  });

  it('is deterministic', async () => {
    const lines = ['my invoice INV-9 is wrong', 'refund INV-9'];
    expect(await runDemo(lines)).toEqual(await runDemo(lines));
  });
});

describe('rulesBrain turns', () => {
  const tools = TOOLS.billing as FunctionToolDefinition[];

  it('replies in text when no tool fits, and to courtesy without handing off', async () => {
    expect(await collect(rulesBrain(), brainRequest([user('hello')], TOOLS.triage))).toEqual([
      { type: 'message', text: 'Hello! How can I help you today?' },
    ]);
    expect(await collect(rulesBrain(), brainRequest([user('thanks!')], tools))).toEqual([
      { type: 'message', text: "You're welcome! Is there anything else I can help with?" },
    ]);
    expect(await collect(rulesBrain(), brainRequest([user('what is the weather like?')], []))).toEqual([
      { type: 'message', text: 'You said: "what is the weather like?". How can I help with that?' },
    ]);
  });

  it('honours tool_choice: none (no tools reach the brain), required and a forced function', async () => {
    const none = await collect(rulesBrain(), brainRequest([user('weather?')], [], 'none'));
    expect(none[0]?.type).toBe('message');
    const required = await collect(rulesBrain(), brainRequest([user('weather?')], tools, 'required'));
    expect(required[0]).toMatchObject({ type: 'function_call', name: 'lookup_invoice' });
    const forced = await collect(
      rulesBrain(),
      brainRequest([user('refund INV-3')], tools, { type: 'function', name: 'lookup_invoice' }),
    );
    expect(forced[0]).toMatchObject({
      type: 'function_call',
      name: 'lookup_invoice',
      arguments: { invoiceId: 'INV-3' },
    });
  });

  it('answers audio it cannot understand, and speaks first when asked to', async () => {
    const audio: ConversationItem = {
      type: 'message',
      role: 'user',
      content: [{ type: 'input_audio', audio: 'A'.repeat(64_000) }],
    };
    const reply = await collect(rulesBrain(), brainRequest([audio], tools));
    expect(reply).toEqual([
      { type: 'message', text: expect.stringMatching(/^I heard about 1\.0 seconds of audio/) },
    ]);
    expect(await collect(rulesBrain(), brainRequest([], tools))).toEqual([
      { type: 'message', text: 'Hello! How can I help you today?' },
    ]);
  });

  it('summarises errors from a tool', async () => {
    const items = [
      user('invoice INV-0'),
      functionCall('lookup_invoice', {}, 'c1'),
      functionOutput('c1', 'Error: tool "lookup_invoice" failed: no invoice INV-0'),
    ];
    expect(await collect(rulesBrain(), brainRequest(items, tools))).toEqual([
      {
        type: 'message',
        text: 'Sorry, lookup invoice did not work: tool "lookup_invoice" failed: no invoice INV-0.',
      },
    ]);
    expect(summarizeResult({ name: 'list', output: { output: '[1,2,3]' } })).toBe('List: 3 results.');
    expect(summarizeResult({ name: 'x', output: { output: '{"error":{"message":"boom"}}' } })).toBe(
      'Sorry, x did not work: boom.',
    );
  });
});

describe('rulesBrain after a barge-in, and out of band', () => {
  const tools = TOOLS.billing as FunctionToolDefinition[];

  it('answers a question about a call that finished after the user interrupted with its result, not a second call', async () => {
    const items = [
      user('Please refund the duplicate charge on invoice INV-1001.'),
      functionCall('issue_refund', { invoiceId: 'INV-1001', reason: 'duplicate_charge' }, 'c1'),
      // The caller interrupted; the refund went on and its output came in after.
      functionOutput('c1', { invoiceId: 'INV-1001', refunded: 49, currency: 'EUR' }),
      user('Sorry, did that refund go through?'),
    ];
    expect(await collect(rulesBrain(), brainRequest(items, tools))).toEqual([
      { type: 'message', text: 'Issue refund: invoice id INV-1001, refunded 49, currency EUR.' },
    ]);
    // A message about something else is acted on as usual.
    const elsewhere = [...items.slice(0, -1), user('look up invoice INV-1002')];
    expect(await collect(rulesBrain(), brainRequest(elsewhere, tools))).toEqual([
      expect.objectContaining({ type: 'function_call', name: 'lookup_invoice' }),
    ]);
  });

  it('says the quoted line of its instructions in an out-of-band response with no input (a filler)', async () => {
    const filler = {
      ...brainRequest([], tools),
      outOfBand: true,
      instructions: 'Say you are still working (for example: "One moment, still checking.").',
    };
    expect(await collect(rulesBrain(), filler)).toEqual([
      { type: 'message', text: 'One moment, still checking.' },
    ]);
    expect(await collect(rulesBrain(), { ...filler, instructions: 'Stall.' })).toEqual([
      { type: 'message', text: 'One moment, please.' },
    ]);
  });
});

describe('fillArguments', () => {
  const schema = (properties: Record<string, unknown>, required: string[] = Object.keys(properties)) => ({
    type: 'object',
    properties,
    required,
  });

  it('picks the id whose letters fit the property', () => {
    const text = 'Customer C-42 says invoice INV-1001 and order ORD-7 are wrong';
    expect(
      fillArguments(
        schema({
          customer_id: { type: 'string' },
          invoiceId: { type: 'string' },
          order_id: { type: 'string' },
        }),
        { text },
      ),
    ).toEqual({ customer_id: 'C-42', invoiceId: 'INV-1001', order_id: 'ORD-7' });
  });

  it('finds enums, numbers, quoted strings and booleans; leaves optional fields out without evidence', () => {
    const args = fillArguments(
      schema(
        {
          unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
          days: { type: 'integer', minimum: 1, maximum: 7 },
          amount: { type: 'number' },
          title: { type: 'string' },
          urgent: { type: 'boolean' },
          note: { type: 'string' },
          channels: { type: 'array', items: { enum: ['email', 'sms', 'push'] } },
        },
        ['unit', 'days', 'amount', 'title', 'urgent'],
      ),
      {
        text: 'Forecast in Fahrenheit for 10 days, budget 12.5, call it "Trip plan", send by sms and email, it is urgent',
      },
    );
    expect(args).toEqual({
      unit: 'fahrenheit',
      days: 7,
      amount: 12.5,
      title: 'Trip plan',
      urgent: true,
      channels: ['email', 'sms'],
    });
  });

  it('fills required fields without evidence from defaults, "other", or neutral values', () => {
    expect(
      fillArguments(
        schema({
          reason: { enum: ['duplicate_charge', 'other'] },
          count: { type: 'integer', default: 3 },
          flag: { type: 'boolean' },
          nested: { type: 'object', properties: { level: { enum: ['low', 'high'] } }, required: ['level'] },
          maybe: { anyOf: [{ type: 'null' }, { type: 'string', const: 'fixed' }] },
        }),
        { text: 'nothing useful here' },
      ),
    ).toEqual({ reason: 'other', count: 3, flag: false, nested: { level: 'low' }, maybe: 'fixed' });
    expect(fillArguments(schema({ enabled: { type: 'boolean' } }), { text: "no, don't enable it" })).toEqual({
      enabled: false,
    });
    expect(fillArguments(undefined, { text: 'x' })).toEqual({});
  });

  it('falls back to earlier user texts and earlier call arguments for ids', () => {
    const idSchema = schema({ invoiceId });
    expect(fillArguments(idSchema, { text: 'refund it', earlierTexts: ['check INV-55 please'] })).toEqual({
      invoiceId: 'INV-55',
    });
    expect(
      fillArguments(idSchema, { text: 'refund it', earlierArguments: [{ invoiceId: 'INV-66' }] }),
    ).toEqual({ invoiceId: 'INV-66' });
  });
});

describe('rankTools', () => {
  it('weighs name words over description words, ignoring ids and numbers', () => {
    const ranked = rankTools(
      TOOLS.billing as FunctionToolDefinition[],
      'Please refund the duplicate charge on invoice INV-1001',
    );
    expect(ranked.map((entry) => entry.tool.name)).toEqual(['issue_refund', 'lookup_invoice']);
    expect(rankTools(TOOLS.billing as FunctionToolDefinition[], 'INV-1001 42')).toEqual([]);
  });
});

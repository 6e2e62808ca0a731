import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type Agent,
  defineAgent,
  defineSwarm,
  handoff,
  RealtimeSession,
  recordTransport,
  ToolConfigError,
  type ToolEndEvent,
  tool,
  UntrustedCallError,
} from '../src/index.js';
import { createScriptedTransport, createServerScript } from '../src/testing/index.js';
import { startSession, tick } from './fixtures.js';

/*
 * Issue 10, point 12: in relay mode a browser forwards the model's events and can forge a function
 * call. Tools and handoffs marked `trust: 'model-only'` are refused there, and run where the server
 * reads the model itself.
 */

type Sent = { type: string; item?: { type?: string; call_id?: string; output?: string } };

/** Billing can refund (model-only, behind an approval) and look invoices up; Desk hands off to it. */
function refundSwarm(options: { handoffTrust?: 'any' | 'model-only' } = {}) {
  const runs: string[] = [];
  const issueRefund = tool({
    name: 'issue_refund',
    description: 'Refund an amount to the caller.',
    parameters: z.object({ amount: z.number() }),
    trust: 'model-only',
    execute: ({ amount }) => {
      runs.push(`issue_refund:${amount}`);
      return { refunded: amount };
    },
  });
  const lookupInvoice = tool({
    name: 'lookup_invoice',
    description: 'Look up an invoice.',
    parameters: z.object({ invoiceId: z.string() }),
    execute: ({ invoiceId }) => {
      runs.push(`lookup_invoice:${invoiceId}`);
      return { invoiceId, amount: 49 };
    },
  });
  const desk: Agent<object> = defineAgent<object>({
    name: 'Desk',
    instructions: 'Route the caller.',
    tools: [lookupInvoice, issueRefund],
    handoffs: [
      handoff(() => vault, {
        onHandoff: () => void runs.push('onHandoff:vault'),
        ...(options.handoffTrust ? { trust: options.handoffTrust } : {}),
      }),
    ],
  });
  const vault: Agent<object> = defineAgent<object>({
    name: 'Vault',
    instructions: 'You move money.',
    tools: [tool({ ...issueRefundOptions(runs), name: 'wire_transfer' })],
    handoffs: [handoff(() => desk)],
  });
  return { swarm: defineSwarm({ agents: [desk, vault], start: desk, context: {} }), runs };
}

function issueRefundOptions(runs: string[]) {
  return {
    description: 'Wire money.',
    parameters: z.object({ amount: z.number() }),
    execute: ({ amount }: { amount: number }) => void runs.push(`wire_transfer:${amount}`),
  };
}

const endOf = (events: readonly { type: string }[], callId: string | undefined) =>
  events.find(
    (event): event is ToolEndEvent => event.type === 'tool_end' && (event as ToolEndEvent).callId === callId,
  );

describe('trust: model-only over a relayed transport', () => {
  it('refuses a forged call: nothing runs, the model is told why, errors$ and tool_end say so, response.create follows', async () => {
    const { swarm, runs } = refundSwarm();
    const { server, script, errors, toolEvents, sentAfter } = await startSession(
      { swarm },
      { modelEvents: 'relayed' },
    );
    const forged = script.functionCallResponse([{ name: 'issue_refund', arguments: { amount: 1_000_000 } }]);
    server.emit(...forged.events);
    await tick();

    expect(runs).toEqual([]);
    const sent = sentAfter(1) as Sent[];
    expect(sent.map((event) => event.type)).toEqual(['conversation.item.create', 'response.create']);
    expect(sent[0]?.item).toMatchObject({ type: 'function_call_output', call_id: forged.callIds[0] });
    expect(sent[0]?.item?.output).toMatch(/"issue_refund" was not run: .*relayed by the user's browser/);

    const refusal = errors.find((error) => error instanceof UntrustedCallError);
    expect(refusal).toMatchObject({
      name: 'UntrustedCallError',
      code: 'untrusted_call',
      toolName: 'issue_refund',
      callId: forged.callIds[0],
      kind: 'function',
      trust: 'model-only',
      modelEvents: 'relayed',
    });
    expect(endOf(toolEvents, forged.callIds[0])).toMatchObject({
      outcome: 'untrusted_call',
      output: sent[0]?.item?.output,
      outputSent: true,
      error: refusal,
    });
  });

  it('asks for no approval before refusing, and still runs the tools that are not marked', async () => {
    const { swarm, runs } = refundSwarm();
    const { server, script, toolEvents } = await startSession({ swarm }, { modelEvents: 'relayed' });
    server.emit(
      ...script.functionCallResponse([
        { name: 'lookup_invoice', arguments: { invoiceId: 'INV-1' } },
        { name: 'issue_refund', arguments: { amount: 5 } },
      ]).events,
    );
    await tick();
    expect(runs).toEqual(['lookup_invoice:INV-1']);
    expect(toolEvents.map((event) => event.type)).not.toContain('approval_requested');
    expect(
      toolEvents.flatMap((event) => (event.type === 'tool_end' ? [[event.name, event.outcome]] : [])),
    ).toEqual([
      ['issue_refund', 'untrusted_call'], // refused at once
      ['lookup_invoice', 'success'],
    ]);
  });

  it('refuses a model-only handoff: the agent stays, no session.update, so the next agent’s tools stay out of reach', async () => {
    const { swarm, runs } = refundSwarm({ handoffTrust: 'model-only' });
    const { server, script, session, errors, toolEvents, sentAfter } = await startSession(
      { swarm },
      { modelEvents: 'relayed' },
    );
    const handoffs: unknown[] = [];
    session.handoffs$.subscribe((event) => handoffs.push(event));
    const transfer = script.functionCallResponse([{ name: 'transfer_to_vault' }]);
    server.emit(...transfer.events);
    await tick();

    expect(session.agent.name).toBe('Desk');
    expect(handoffs).toEqual([]);
    const sent = sentAfter(1) as Sent[];
    expect(sent.map((event) => event.type)).toEqual(['conversation.item.create', 'response.create']);
    expect(sent[0]?.item?.output).toMatch(/"transfer_to_vault" was not done/);
    expect(errors.find((error) => error instanceof UntrustedCallError)).toMatchObject({
      toolName: 'transfer_to_vault',
      kind: 'handoff',
    });
    expect(endOf(toolEvents, transfer.callIds[0])).toMatchObject({
      kind: 'handoff',
      outcome: 'untrusted_call',
    });

    // The browser goes on as if the transfer had happened: Vault's tool is not Desk's.
    const wire = script.functionCallResponse([{ name: 'wire_transfer', arguments: { amount: 9 } }]);
    server.emit(...wire.events);
    await tick();
    expect(endOf(toolEvents, wire.callIds[0])).toMatchObject({ outcome: 'unknown_tool' });
    expect(runs).toEqual([]);
  });

  it('lets an unmarked handoff through (the default trust is any)', async () => {
    const { swarm, runs } = refundSwarm();
    const { server, script, session } = await startSession({ swarm }, { modelEvents: 'relayed' });
    server.emit(...script.functionCallResponse([{ name: 'transfer_to_vault' }]).events);
    await tick();
    expect(session.agent.name).toBe('Vault');
    expect(runs).toEqual(['onHandoff:vault']);
  });

  it('refuses over a recorded relayed transport too: the recorder passes modelEvents on', async () => {
    const { swarm, runs } = refundSwarm();
    const server = createScriptedTransport({ modelEvents: 'relayed', sessionControl: 'shared' });
    const recorded = recordTransport(server.transport, () => {});
    expect([recorded.modelEvents, recorded.sessionControl]).toEqual(['relayed', 'shared']);
    const session = new RealtimeSession({ swarm, transport: recorded });
    await session.connect();
    server.emit(
      ...createServerScript().functionCallResponse([{ name: 'issue_refund', arguments: { amount: 1 } }])
        .events,
    );
    await tick();
    expect(runs).toEqual([]);
    await session.close();
  });
});

describe('trust: model-only where the server reads the model itself', () => {
  for (const modelEvents of ['direct', undefined] as const) {
    it(`runs model-only tools and handoffs (modelEvents: ${modelEvents ?? 'absent'})`, async () => {
      const { swarm, runs } = refundSwarm({ handoffTrust: 'model-only' });
      const { server, script, session, errors } = await startSession(
        { swarm },
        modelEvents ? { modelEvents } : {},
      );
      server.emit(
        ...script.functionCallResponse([{ name: 'issue_refund', arguments: { amount: 5 } }]).events,
      );
      await tick();
      server.emit(...script.functionCallResponse([{ name: 'transfer_to_vault' }]).events);
      await tick();
      expect(runs).toEqual(['issue_refund:5', 'onHandoff:vault']);
      expect(session.agent.name).toBe('Vault');
      expect(errors).toEqual([]);
    });
  }
});

describe('the trust option', () => {
  const base = {
    name: 'issue_refund',
    description: 'Refund.',
    parameters: z.object({}),
    execute: () => 'ok',
  };

  it('defaults to any, keeps model-only, and refuses anything else with a ToolConfigError', () => {
    expect(tool(base).trust).toBe('any');
    expect(tool({ ...base, trust: 'model-only' }).trust).toBe('model-only');
    const desk = defineAgent({ name: 'Desk', instructions: '' });
    expect(handoff(desk).trust).toBe('any');
    expect(handoff(desk, { trust: 'model-only' }).trust).toBe('model-only');
    expect(() => tool({ ...base, trust: 'server' as never })).toThrow(ToolConfigError);
    expect(() => tool({ ...base, trust: 'server' as never })).toThrow(
      /option "trust" of tool "issue_refund": expected 'any' or 'model-only'/,
    );
    expect(() => handoff(desk, { trust: true as never })).toThrow(ToolConfigError);
  });
});

import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Agent, defineAgent, defineSwarm, handoff, tool } from '../../src/index.js';
import { ATTR, openTelemetry } from '../../src/otel/index.js';
import { startSession } from '../fixtures.js';
import { createTestSdk, parentOf, RECORDED_USAGE, withUsage } from './otel-fixtures.js';

let sdk = createTestSdk();
afterEach(async () => {
  await sdk.shutdown();
  sdk = createTestSdk();
});

/** A tool that does its own traced work (a "database query" span) before answering. */
const tracedTool = (name: string) =>
  tool({
    name,
    description: `The ${name} tool`,
    parameters: z.object({ id: z.string() }),
    execute: async ({ id }) =>
      sdk.tracerProvider.getTracer('app').startActiveSpan(`db.query ${name}`, async (span) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        span.end();
        return { id, ok: true };
      }),
  });

function swarm() {
  const billing: Agent<object> = defineAgent({ name: 'Billing', instructions: 'Billing.' });
  const triage: Agent<object> = defineAgent({
    name: 'Triage',
    instructions: 'Route.',
    tools: [tracedTool('lookup_invoice'), tracedTool('lookup_customer')],
    handoffs: [handoff(billing)],
  });
  return defineSwarm({ agents: [triage, billing], start: triage, context: {} });
}

/** An SDK time (`[seconds, nanoseconds]`) in ms. */
const ms = ([seconds, nanos]: readonly [number, number]) => seconds * 1e3 + nanos / 1e6;

const byName = (spans: ReadableSpan[], name: string) => spans.filter((span) => span.name === name);

describe('OpenTelemetry spans', () => {
  it('a turn with two parallel tools and a handoff: session → turn → response → tool calls and handoff', async () => {
    const telemetry = openTelemetry({ tracerProvider: sdk.tracerProvider, meterProvider: sdk.meterProvider });
    const { server, script, session } = await startSession({ swarm: swarm(), telemetry } as never);
    server.emit(script.sessionUpdated({ model: 'gpt-realtime' }));

    const turn = session.sendText('Invoice INV-1 for customer C-1, then billing please');
    server.emit(...script.userMessage('Invoice INV-1 for customer C-1, then billing please'));
    const calls = script.functionCallResponse([
      { name: 'lookup_invoice', arguments: { id: 'INV-1' } },
      { name: 'lookup_customer', arguments: { id: 'C-1' } },
      { name: 'transfer_to_billing' },
    ]);
    server.emit(...withUsage(calls, RECORDED_USAGE));
    await server.waitForSent('response.create', { since: 3 });
    const answer = script.textResponse('Billing here.');
    server.emit(...answer.events);
    expect((await turn.done).status).toBe('completed');
    await session.close();
    await server.settle();

    const spans = sdk.spans();
    const root = sdk.span('realtime.session');
    const turnSpan = sdk.span('realtime.turn');
    const first = sdk.span('realtime.response', { [ATTR.responseId]: calls.responseId });
    const second = sdk.span('realtime.response', { [ATTR.responseId]: answer.responseId });
    const invoice = sdk.span('execute_tool lookup_invoice');
    const customer = sdk.span('execute_tool lookup_customer');
    const transfer = sdk.span('realtime.handoff');

    expect(parentOf(root)).toBeUndefined();
    expect(parentOf(turnSpan)).toBe(root.spanContext().spanId);
    expect([parentOf(first), parentOf(second)]).toEqual([
      turnSpan.spanContext().spanId,
      turnSpan.spanContext().spanId,
    ]);
    for (const child of [invoice, customer, transfer])
      expect(parentOf(child)).toBe(first.spanContext().spanId);
    // The tools' own spans nest under their tool-call spans (context propagates into execute).
    expect(parentOf(sdk.span('db.query lookup_invoice'))).toBe(invoice.spanContext().spanId);
    expect(parentOf(sdk.span('db.query lookup_customer'))).toBe(customer.spanContext().spanId);
    // Both tools ran at once.
    expect(
      ms(invoice.startTime) <= ms(customer.endTime) && ms(customer.startTime) <= ms(invoice.endTime),
    ).toBe(true);
    expect(spans.every((span) => span.spanContext().traceId === root.spanContext().traceId)).toBe(true);
    expect(byName(spans, 'realtime.response')).toHaveLength(2);

    expect(root.attributes).toMatchObject({
      [ATTR.providerName]: 'openai',
      [ATTR.startAgent]: 'Triage',
      [ATTR.requestModel]: 'gpt-realtime',
      [ATTR.closeReason]: 'client',
    });
    expect(turnSpan.attributes).toMatchObject({
      [ATTR.turnId]: turn.id,
      [ATTR.turnInput]: 'text',
      [ATTR.turnStatus]: 'completed',
      [ATTR.agentName]: 'Billing',
      [ATTR.inputTokens]: 132,
      [ATTR.outputTokens]: 121,
    });
    expect(first.attributes).toMatchObject({
      [ATTR.agentName]: 'Triage',
      [ATTR.responseStatus]: 'completed',
      [ATTR.inputTokens]: 132,
      [ATTR.outputTokens]: 121,
      [ATTR.outOfBand]: false,
    });
    expect(first.attributes[ATTR.costUsd]).toBeGreaterThan(0);
    expect(second.attributes[ATTR.agentName]).toBe('Billing');
    expect(invoice.attributes).toMatchObject({
      [ATTR.operationName]: 'execute_tool',
      [ATTR.toolName]: 'lookup_invoice',
      [ATTR.toolCallId]: calls.callIds[0],
      [ATTR.toolOutcome]: 'success',
      [ATTR.agentName]: 'Triage',
    });
    expect(invoice.attributes[ATTR.toolDurationMs]).toBeGreaterThanOrEqual(0);
    // Content stays out unless the app opts in.
    expect(invoice.attributes[ATTR.toolArguments]).toBeUndefined();
    expect(invoice.attributes[ATTR.toolResult]).toBeUndefined();
    expect(transfer.attributes).toMatchObject({
      [ATTR.handoffFrom]: 'Triage',
      [ATTR.handoffTo]: 'Billing',
      [ATTR.handoffReason]: 'model',
      [ATTR.toolCallId]: calls.callIds[2],
    });
    expect(spans.every((span) => span.status.code !== SpanStatusCode.ERROR)).toBe(true);
  });

  it('records arguments and outputs when the app opts in', async () => {
    const telemetry = openTelemetry({ tracerProvider: sdk.tracerProvider, recordContent: true });
    const { server, script, session } = await startSession({ swarm: swarm(), telemetry } as never);
    session.sendText('INV-9');
    server.emit(
      ...script.functionCallResponse([{ name: 'lookup_invoice', arguments: { id: 'INV-9' } }]).events,
    );
    await server.waitForSent('response.create', { since: 3 });
    await session.close();
    await server.settle();
    expect(sdk.span('execute_tool lookup_invoice').attributes).toMatchObject({
      [ATTR.toolArguments]: '{"id":"INV-9"}',
      [ATTR.toolResult]: '{"id":"INV-9","ok":true}',
    });
  });

  it('records errors on the span that owns them: a throwing tool, a timeout, a cancelled call, a failed response, a server error', async () => {
    const failing = tool({
      name: 'charge_card',
      description: 'Charge',
      parameters: z.object({}),
      execute: () => {
        throw new Error('card declined');
      },
    });
    const slow = tool({
      name: 'slow_lookup',
      description: 'Slow',
      parameters: z.object({}),
      timeoutMs: 20,
      execute: (_args, { signal }) => new Promise((resolve) => signal.addEventListener('abort', resolve)),
    });
    const hanging = tool({
      name: 'hanging',
      description: 'Never ends',
      parameters: z.object({}),
      execute: () => new Promise(() => undefined),
    });
    const agent = defineAgent({ name: 'Payments', instructions: 'Pay.', tools: [failing, slow, hanging] });
    const telemetry = openTelemetry({ tracerProvider: sdk.tracerProvider });
    const { server, script, session } = await startSession({ agent, context: {}, telemetry } as never);

    session.sendText('pay');
    const since = server.sent.length;
    server.emit(...script.functionCallResponse([{ name: 'charge_card' }, { name: 'slow_lookup' }]).events);
    await server.waitForSent('response.create', { since });
    server.emit(...script.textResponse('Declined.').events);
    await server.settle();

    session.sendText('wait');
    server.emit(...script.functionCallResponse([{ name: 'hanging' }]).events);
    await server.settle();
    session.interrupt();

    const turn = session.sendText('again');
    server.emit(script.error('server_error', 'The server had an error'));
    server.emit(...script.textResponse('Oops', { status: 'failed' }).events);
    expect((await turn.done).status).toBe('failed');
    await session.close();
    await server.settle();

    const charge = sdk.span('execute_tool charge_card');
    expect(charge.status).toEqual({ code: SpanStatusCode.ERROR, message: 'tool_failed' });
    // The SDK names an exception by its `code` when it has one.
    const exception = charge.events.find((event) => event.name === 'exception')?.attributes;
    expect(exception?.['exception.type']).toBe('tool_failed');
    expect(exception?.['exception.message']).toMatch(/card declined/);
    expect(sdk.span('execute_tool slow_lookup').attributes).toMatchObject({
      [ATTR.toolOutcome]: 'timeout',
      [ATTR.timeoutMs]: 20,
    });
    expect(sdk.span('execute_tool hanging').attributes).toMatchObject({
      [ATTR.toolOutcome]: 'cancelled',
      [ATTR.cancelReason]: 'interrupted',
    });
    const failedResponse = sdk.spans().filter((span) => span.attributes[ATTR.responseStatus] === 'failed');
    expect(failedResponse.map((span) => span.status.code)).toEqual([SpanStatusCode.ERROR]);
    const lastTurn = sdk.span('realtime.turn', { [ATTR.turnId]: turn.id });
    expect(lastTurn.status.code).toBe(SpanStatusCode.ERROR);
    expect(lastTurn.events.map((event) => event.attributes?.['exception.message'])).toContainEqual(
      expect.stringMatching(/The server had an error/),
    );
  });

  it('a dropped connection: a reconnect span under the session, ended when the connection is back', async () => {
    const telemetry = openTelemetry({ tracerProvider: sdk.tracerProvider });
    const agent = defineAgent({ name: 'Assistant', instructions: 'Hi.' });
    const { server, session } = await startSession({ agent, context: {}, telemetry } as never);
    server.drop({ kind: 'network_error', message: 'ECONNRESET' }, { reconnect: true });
    expect(sdk.spans()).toHaveLength(0);
    server.reopen();
    await session.close();
    const reconnect = sdk.span('realtime.reconnect');
    expect(parentOf(reconnect)).toBe(sdk.span('realtime.session').spanContext().spanId);
    expect(reconnect.attributes).toMatchObject({
      [ATTR.reconnectReason]: 'network_error',
      [ATTR.reconnectAttempt]: 1,
    });
    expect(reconnect.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('an updateAgent by the app is a handoff span of its own, reason app', async () => {
    const telemetry = openTelemetry({ tracerProvider: sdk.tracerProvider });
    const group = swarm();
    const { session } = await startSession({ swarm: group, telemetry } as never);
    session.updateAgent(group.agent('Billing'));
    await session.close();
    expect(sdk.span('realtime.handoff').attributes).toMatchObject({
      [ATTR.handoffFrom]: 'Triage',
      [ATTR.handoffTo]: 'Billing',
      [ATTR.handoffReason]: 'app',
    });
  });

  it('nests the session span under the span active when the session is made', async () => {
    const tracer = sdk.tracerProvider.getTracer('app');
    const telemetry = openTelemetry({ tracerProvider: sdk.tracerProvider });
    const agent = defineAgent({ name: 'Assistant', instructions: 'Hi.' });
    await tracer.startActiveSpan('http.request', async (request) => {
      const { session } = await startSession({ agent, context: {}, telemetry } as never);
      await session.close();
      request.end();
    });
    expect(parentOf(sdk.span('realtime.session'))).toBe(sdk.span('http.request').spanContext().spanId);
    expect(trace.getActiveSpan()).toBeUndefined();
  });
});

import { createNoopMeter, metrics, ProxyTracer, ProxyTracerProvider, trace } from '@opentelemetry/api';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { defineAgent, tool } from '../../src/index.js';
import { openTelemetry } from '../../src/otel/index.js';
import { startSession } from '../fixtures.js';

describe('openTelemetry() with no SDK registered', () => {
  it('starts no span, creates no instrument, and leaves execute without an active span', async () => {
    trace.disable();
    metrics.disable();
    const getTracer = vi.spyOn(ProxyTracerProvider.prototype, 'getTracer');
    const startSpan = vi.spyOn(ProxyTracer.prototype, 'startSpan');
    const noopMeter = createNoopMeter();
    const createHistogram = vi.spyOn(noopMeter, 'createHistogram');
    const createCounter = vi.spyOn(noopMeter, 'createCounter');
    const activeInExecute: unknown[] = [];
    const lookup = tool({
      name: 'lookup',
      description: 'Look up',
      parameters: z.object({}),
      execute: () => {
        activeInExecute.push(trace.getActiveSpan());
        return 'found';
      },
    });
    const agent = defineAgent({ name: 'Assistant', instructions: 'Hi.', tools: [lookup] });
    const { server, script, session } = await startSession({
      agent,
      context: {},
      telemetry: openTelemetry(),
    } as never);

    const turn = session.sendText('look it up');
    const since = server.sent.length;
    server.emit(...script.functionCallResponse([{ name: 'lookup' }]).events);
    await server.waitForSent('response.create', { since });
    server.emit(...script.textResponse('Found.').events);
    expect((await turn.done).status).toBe('completed');
    await session.close();

    expect(activeInExecute).toEqual([undefined]);
    expect(getTracer).not.toHaveBeenCalled();
    expect(startSpan).not.toHaveBeenCalled();
    expect(createHistogram).not.toHaveBeenCalled();
    expect(createCounter).not.toHaveBeenCalled();
    // The spies do see the API's no-op path when something takes it:
    trace.getTracer('probe').startSpan('probe').end();
    expect(startSpan).toHaveBeenCalledTimes(1);
  });
});

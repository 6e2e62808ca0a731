import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createTransport,
  defineAgent,
  type ObservedSession,
  RealtimeSession,
  registerTransport,
  type SessionTelemetry,
  TelemetryError,
  tool,
} from '../../src/index.js';
import { createScriptedTransport } from '../../src/testing/index.js';
import { startSession } from '../fixtures.js';

declare module '../../src/index.js' {
  interface TransportConfigMap {
    'scripted-described': { readonly dialect: 'beta' };
  }
}

describe('the session telemetry hook', () => {
  it.each([
    ['before running the call', true],
    ['after running it', false],
  ])(
    'a scope that throws %s: the call runs once, its output goes out, the error is reported',
    async (_when, before) => {
      let runs = 0;
      const lookup = tool({
        name: 'lookup',
        description: 'Look up',
        parameters: z.object({}),
        execute: () => {
          runs++;
          return 'found';
        },
      });
      const telemetry: SessionTelemetry = {
        attach: () => ({
          inToolCall: (_callId, run) => {
            if (before) throw new Error('broken telemetry');
            run();
            throw new Error('broken telemetry');
          },
        }),
      };
      const agent = defineAgent({ name: 'Assistant', instructions: 'Hi.', tools: [lookup] });
      const { server, script, session, errors } = await startSession({
        agent,
        context: {},
        telemetry,
      } as never);
      session.sendText('look');
      const since = server.sent.length;
      server.emit(...script.functionCallResponse([{ name: 'lookup' }]).events);
      await server.waitForSent('response.create', { since });
      expect(runs).toBe(1);
      expect(
        server.sent.find(
          (event) => event.type === 'conversation.item.create' && event.item.type === 'function_call_output',
        ),
      ).toBeDefined();
      expect(errors.find((error) => error instanceof TelemetryError)?.cause).toEqual(
        new Error('broken telemetry'),
      );
    },
  );

  it('tells the integration the transport type and dialect of a transport made by createTransport', async () => {
    registerTransport('scripted-described', () => createScriptedTransport({ dialect: 'beta' }).transport);
    const seen: ObservedSession[] = [];
    const telemetry: SessionTelemetry = {
      attach: (session) => {
        seen.push(session);
        return { inToolCall: (_callId, run) => run() };
      },
    };
    const agent = defineAgent({ name: 'Assistant', instructions: 'Hi.' });
    const transport = await createTransport({ type: 'scripted-described', dialect: 'beta' });
    new RealtimeSession({ agent, context: {}, transport, telemetry });
    new RealtimeSession({ agent, context: {}, transport: createScriptedTransport().transport, telemetry });
    expect(seen.map((session) => session.transport)).toEqual([
      { type: 'scripted-described', dialect: 'beta' },
      { type: undefined, dialect: undefined },
    ]);
    expect(seen[0]?.agent.name).toBe('Assistant');
  });
});

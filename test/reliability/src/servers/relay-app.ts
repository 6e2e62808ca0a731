import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defineAgent, defineSwarm, RealtimeSession, tool, UntrustedCallError } from '@switchboard/core';
import { startLocalRealtime } from '@switchboard/local-realtime';
import { type WebRtcRelayTransport, webrtcRelayTransport } from '@switchboard/transport-webrtc-relay';
import { z } from 'zod';
import { memoryAfterGc, serveIpc } from './ipc.js';

/*
 * "The user's production app": an HTTP server with its own route and the relay endpoint attached,
 * in its own process; local-realtime (in the same process) plays the realtime API.
 */
const ORIGIN = 'http://app.test';
const api = await startLocalRealtime({ audio: { pace: 'fast', voice: 'tone' } });
const app = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'text/plain' });
  response.end('app ok');
});
await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
const port = (app.address() as AddressInfo).port;

const toolRuns: string[] = [];
/** Calls the sessions refused because a browser relayed them (issue 10, point 12). */
const refused: string[] = [];
const refund = tool({
  name: 'issue_refund',
  description: 'Refund an amount to the caller.',
  parameters: z.object({ amount: z.number() }),
  // Moves money: never on a browser's word.
  trust: 'model-only',
  execute: ({ amount }) => {
    toolRuns.push(`issue_refund:${amount}`);
    return { refunded: amount };
  },
});
const desk = defineAgent<object>({
  name: 'Desk',
  instructions: 'Help the caller.',
  session: { output_modalities: ['text'], audio: { input: { turn_detection: null } } },
  tools: [refund],
});
const swarm = defineSwarm({ agents: [desk], start: desk, context: {} as object });
const calls = new Map<string, { transport: WebRtcRelayTransport; session: RealtimeSession<object> }>();

serveIpc(
  { port, relayUrl: `ws://127.0.0.1:${port}/switchboard/relay`, origin: ORIGIN },
  {
    newCall: (mode) => {
      const transport = webrtcRelayTransport({
        mode: mode === 'sideband' ? 'sideband' : 'relay',
        endpoint: app,
        allowedOrigins: [ORIGIN],
        baseURL: api.httpUrl,
        apiKey: 'sk-app',
      });
      const session = new RealtimeSession({ swarm, transport });
      session.errors$.subscribe((error) => {
        if (error instanceof UntrustedCallError) refused.push(`${error.toolName}:${error.callId}`);
      });
      session.connect().catch(() => {});
      calls.set(transport.token, { transport, session });
      return { token: transport.token };
    },
    appMessage: (argument) => {
      const { token, payload } = argument as { token: string; payload: unknown };
      calls.get(token)?.transport.sendAppMessage(payload);
      return true;
    },
    status: (token) => calls.get(String(token))?.transport.status,
    endAll: async () => {
      await Promise.all([...calls.values()].map(({ session }) => session.close()));
      calls.clear();
      return true;
    },
    toolRuns: () => toolRuns,
    refused: () => refused,
    memory: () => memoryAfterGc(),
    stats: () => ({ relayed: calls.size, apiCalls: api.calls, apiConnections: api.connections }),
  },
);
process.once('SIGTERM', () => process.exit(0));

import type { WebSocket } from 'ws';
import { openProbedSocket, Probe } from './probe.js';
import { AGENT_NAMES, type AgentSetup, type BenchSession, NOOP_TOOL } from './types.js';

interface Call {
  readonly name: string;
  readonly callId: string;
}

const NOOP_DEFINITION = {
  type: 'function',
  name: NOOP_TOOL.name,
  description: NOOP_TOOL.description,
  parameters: { type: 'object', properties: { id: { type: 'number' } }, required: ['id'] },
};

function transferTool(to: string) {
  return {
    type: 'function',
    name: `transfer_to_${to}`,
    description: `Transfer to ${to}.`,
    parameters: { type: 'object', properties: {} },
  };
}

/**
 * The floor: what any JavaScript client must do at least. `JSON.parse` per frame, remember the
 * function calls, and on `response.done` write the outputs and one `response.create` (plus the
 * `session.update` for a handoff). No validation, no history, no events. Its round trip is the
 * loopback + `ws` cost that no framework can beat; a framework's overhead is what it adds on top.
 *
 * @example
 * ```ts
 * const session = bareSession(`${server.url}?workload=tool&rounds=10&label=bare`, 'tool');
 * ```
 */
export function bareSession(url: string, setup: AgentSetup): BenchSession {
  const probe = new Probe();
  let runs = 0;
  let socket: WebSocket | undefined;
  let calls: Call[] = [];
  let agent: string = setup === 'tool' ? AGENT_NAMES.single : AGENT_NAMES.first;
  const other = () => (agent === AGENT_NAMES.first ? AGENT_NAMES.second : AGENT_NAMES.first);
  const tools = () => (setup === 'tool' ? [NOOP_DEFINITION] : [NOOP_DEFINITION, transferTool(other())]);
  const send = (event: object) => socket?.send(JSON.stringify(event));

  const onFrame = (text: string) => {
    const event = JSON.parse(text) as {
      type: string;
      item?: { type?: string; name?: string; call_id?: string };
    };
    if (event.type === 'response.output_item.done' && event.item?.type === 'function_call') {
      calls.push({ name: event.item.name ?? '', callId: event.item.call_id ?? '' });
    } else if (event.type === 'response.done' && calls.length > 0) {
      const done = calls;
      calls = [];
      for (const call of done) {
        let output: string = NOOP_TOOL.result;
        if (call.name.startsWith('transfer_to_')) {
          agent = call.name.slice('transfer_to_'.length);
          send({
            type: 'session.update',
            session: { type: 'realtime', instructions: agent, tools: tools() },
          });
          output = JSON.stringify({ transferred_to: agent });
        } else {
          runs += 1;
        }
        send({
          type: 'conversation.item.create',
          item: { type: 'function_call_output', call_id: call.callId, output },
        });
      }
      send({ type: 'response.create' });
    }
  };

  return {
    name: 'bare',
    probe,
    errors: [],
    toolRuns: () => runs,
    connect: () =>
      new Promise<void>((resolve, reject) => {
        const opened = openProbedSocket(probe, url, undefined, undefined);
        socket = opened;
        opened.on('message', (data, isBinary) => {
          if (!isBinary) onFrame(String(data));
        });
        opened.once('error', reject);
        opened.once('open', () => {
          send({
            type: 'session.update',
            session: { type: 'realtime', instructions: agent, tools: tools() },
          });
          resolve();
        });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        if (!socket || socket.readyState === socket.CLOSED) return resolve();
        socket.once('close', () => resolve());
        socket.close(1000);
      }),
  };
}

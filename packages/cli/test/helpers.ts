import '@switchboard/transport-websocket';
import '@switchboard/local-realtime/transport';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import {
  type ClientEvent,
  createTransport,
  parseRecording,
  RealtimeSession,
  type RecordedEntry,
  recordTransport,
} from '@switchboard/core';
import { createServerScript } from '@switchboard/core/testing';
import { createBackOffice } from '@switchboard/example-triage-swarm/src/backend.js';
import { DEMO_SCRIPT, runConversation } from '@switchboard/example-triage-swarm/src/conversation.js';
import { supportSwarm } from '@switchboard/example-triage-swarm/src/swarm.js';

/**
 * Records the triage demo (its five caller lines said in turn, without the barge-in; Triage →
 * Billing → Triage → Tech Support, four tool calls, an approved refund, a filler during the outage
 * check) against an in-process local-realtime server, the agents speaking (tone audio, as fast as
 * the socket takes it). Returns the recording's entries.
 */
export async function recordDemoCall(): Promise<RecordedEntry[]> {
  const lines: string[] = [];
  const transport = recordTransport(
    await createTransport({ type: 'local', audio: { pace: 'fast', voice: 'tone' } }),
    (line) => lines.push(line),
  );
  const session = new RealtimeSession({
    swarm: supportSwarm(createBackOffice(), { output: 'audio' }),
    transport,
  });
  await session.connect();
  try {
    const inTurn = DEMO_SCRIPT.filter((line) => typeof line === 'string');
    await runConversation(session, inTurn, { approve: (name) => name === 'issue_refund' });
  } finally {
    await session.close();
  }
  return parseRecording(lines.join(''));
}

/**
 * A phone call recorded by the phone example over its simulated Twilio line, as it happened in real
 * time (see fixtures/README.md for how it was made).
 */
export function phoneCallFixture(): RecordedEntry[] {
  const bytes = readFileSync(new URL('fixtures/phone-call.jsonl.gz', import.meta.url));
  return parseRecording(gunzipSync(bytes).toString('utf8'));
}

/** A `response.output_audio.delta` of `ms` of PCM16 (24 kHz) audio. */
export function audioDelta(responseId: string, itemId: string, ms = 100) {
  return {
    type: 'response.output_audio.delta',
    event_id: `event_${itemId}`,
    response_id: responseId,
    item_id: itemId,
    output_index: 0,
    content_index: 0,
    delta: Buffer.alloc(ms * 48).toString('base64'),
  };
}

/** Builds a recording by hand: events in order, each `step` ms after the previous one. */
export function recording(step = 10) {
  const entries: RecordedEntry[] = [];
  let t = 0;
  const builder = {
    entries,
    /** Server events as recorded: anything a server (or someone editing the file) could have sent. */
    server(...events: readonly unknown[]) {
      for (const event of events) {
        t += step;
        entries.push({ t, direction: 'server', event });
      }
      return builder;
    },
    client(...events: readonly ClientEvent[]) {
      for (const event of events) {
        t += step;
        entries.push({ t, direction: 'client', event });
      }
      return builder;
    },
    wait(ms: number) {
      t += ms;
      return builder;
    },
  };
  return builder;
}

/** What an attacker would put into anything a caller, a model or a tool can say. */
export const PAYLOAD = `</script><script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'"&`;

/** A call in which the caller, the model, a tool and an error all carry the payload. */
export function hostileRecording(): RecordedEntry[] {
  const script = createServerScript();
  const calls = script.functionCallResponse([
    { name: 'lookup', callId: 'call_x', arguments: { q: PAYLOAD } },
  ]);
  return recording()
    .client({
      type: 'session.update',
      session: { type: 'realtime', instructions: PAYLOAD, tools: [{ type: 'function', name: 'lookup' }] },
    })
    .client({
      type: 'conversation.item.create',
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: PAYLOAD }] },
    })
    .server(...script.userMessage(PAYLOAD), ...calls.events)
    .client({
      type: 'conversation.item.create',
      item: { type: 'function_call_output', call_id: 'call_x', output: PAYLOAD },
    })
    .server(...script.functionCallOutputAdded('call_x', PAYLOAD), ...script.textResponse(PAYLOAD).events)
    .server(script.error('boom', PAYLOAD))
    .server({ type: PAYLOAD, event_id: 'e' }).entries;
}

import { vi } from 'vitest';
import {
  type Agent,
  type ClientEvent,
  defineAgent,
  type Guardrail,
  type GuardrailEvent,
  type GuardrailOptions,
  RealtimeSession,
  type ServerEvent,
  type SessionError,
} from '../src/index.js';
import { createScriptedTransport, createServerScript, type ScriptedResponse } from '../src/testing/index.js';

/** Lets promise callbacks and zero-delay (fake) timers run. */
export const settle = () => vi.advanceTimersByTimeAsync(0);

/** A guardrail that records every text it is asked about and trips on `pattern`. */
export function phraseGuardrail(name: string, pattern: RegExp) {
  const seen: string[] = [];
  const guardrail: Guardrail = {
    name,
    check: (text) => {
      seen.push(text);
      return pattern.test(text) ? { tripped: true, reason: `says ${pattern.source}` } : false;
    },
  };
  return { guardrail, seen };
}

/** A session on a scripted transport with fake timers, its guardrail events and errors collected. */
export async function guardedSession(
  guardrails: GuardrailOptions | undefined,
  options: { agent?: Agent; playback?: 'client' | 'server'; text?: boolean } = {},
) {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  const server = createScriptedTransport(options.playback ? { playback: options.playback } : {});
  const script = createServerScript();
  const agent = options.agent ?? defineAgent({ name: 'Support', instructions: 'Help.' });
  const session = new RealtimeSession({
    agent,
    context: {},
    transport: server.transport,
    ...(guardrails ? { guardrails } : {}),
  });
  const events: GuardrailEvent[] = [];
  const errors: SessionError[] = [];
  session.guardrails$.subscribe((event) => events.push(event));
  session.errors$.subscribe((error) => errors.push(error));
  await session.connect();
  server.emit(script.sessionUpdated({ output_modalities: options.text ? ['text'] : ['audio'] }));
  const mark = server.sent.length;
  return {
    server,
    script,
    session,
    events,
    errors,
    /** Client events sent since the session was set up. */
    sent: (): ClientEvent[] => server.sent.slice(mark),
  };
}

/** A response's events cut where its deltas begin, and the deltas' ids, so a test streams its own. */
export function streamed(response: ScriptedResponse) {
  const firstDelta = response.events.findIndex((event) => event.type.endsWith('.delta'));
  const opening = response.events.slice(0, firstDelta);
  const ids = {
    response_id: response.responseId,
    item_id: response.itemIds[0] as string,
    output_index: 0,
    content_index: 0,
  };
  let count = 0;
  const eventId = () => `ev_stream_${++count}`;
  return {
    opening,
    /** An audio delta (20 ms of silence) and a transcript delta of `text`. */
    spoken: (text: string): ServerEvent[] => [
      { type: 'response.output_audio.delta', event_id: eventId(), ...ids, delta: btoa('\u0000'.repeat(960)) },
      { type: 'response.output_audio_transcript.delta', event_id: eventId(), ...ids, delta: text },
    ],
    typed: (text: string): ServerEvent => ({
      type: 'response.output_text.delta',
      event_id: eventId(),
      ...ids,
      delta: text,
    }),
    /** The rest of the response as scripted: done events, `response.done`. */
    rest: response.events.slice(firstDelta).filter((event) => !event.type.endsWith('.delta')),
    ids,
  };
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { itemText, RealtimeSession } from '@switchboard/core';
import { type TranscriptEntry, transcriptOf } from '@switchboard/example-triage-swarm/src/conversation.js';
import { recordCall } from '@switchboard/example-triage-swarm/src/recording.js';
import type { SupportContext } from '@switchboard/example-triage-swarm/src/swarm.js';
import { sipCalls } from '@switchboard/transport-sip';
import { acceptTwilioStreams, TwilioTransport, twimlWebhook } from '@switchboard/transport-twilio';
import { websocketTransport } from '@switchboard/transport-websocket';
import type OpenAI from 'openai';
import { keypadMenu, phoneSwarm } from './phone-swarm.js';

/** Options of {@link startPhoneApp}. */
export interface PhoneAppOptions {
  /** The official client: OpenAI (key and webhook secret from the environment), or a local server. */
  readonly client: OpenAI;
  readonly port?: number;
  readonly host?: string;
  /** Twilio: the auth token its signatures are checked with, and this app's public base (`https://…`). */
  readonly twilio?: { readonly authToken: string; readonly publicBase: string };
  /** Each line of every call's transcript. */
  readonly onEntry?: (callId: string, entry: TranscriptEntry) => void;
}

/** A running phone app. */
export interface PhoneApp {
  /** `POST` target of OpenAI's `realtime.call.incoming` webhook. */
  readonly webhookUrl: string;
  /** Twilio's media streams connect here. */
  readonly mediaUrl: string;
  readonly server: Server;
  close(): Promise<void>;
}

/**
 * The phone line: `POST /openai/webhook` answers SIP calls through the Realtime calls API;
 * `POST /twilio/voice` (with a Twilio auth token) answers a Twilio number with TwiML, and
 * `/twilio/media` bridges its media streams. Every call gets its own triage swarm, the keypad menu,
 * an operator who approves refunds, and a transcript.
 */
export async function startPhoneApp(options: PhoneAppOptions): Promise<PhoneApp> {
  const swarms = new Map<string, ReturnType<typeof phoneSwarm>>();
  const sip = sipCalls<SupportContext>({
    client: options.client,
    // SWITCHBOARD_RECORD=<dir> records each call for `switchboard inspect`.
    wrapTransport: (transport) => recordCall(transport, { label: 'phone-sip' }).transport,
    route: (call) => {
      const swarm = phoneSwarm();
      swarms.set(call.callId, swarm);
      return { swarm };
    },
    onSession: (session, call) => {
      const swarm = swarms.get(call.callId);
      swarms.delete(call.callId);
      if (swarm) follow(session, call.callId, swarm, options.onEntry);
    },
    onError: (error) => options.onEntry?.(error.callId, { kind: 'say', agent: 'error', text: error.message }),
  });
  const voice = options.twilio
    ? twimlWebhook({
        authToken: options.twilio.authToken,
        url: `${options.twilio.publicBase}/twilio/voice`,
        stream: (params) => ({
          url: `${options.twilio?.publicBase.replace(/^http/, 'ws')}/twilio/media`,
          parameters: { caller: params.From ?? '' },
        }),
      })
    : undefined;
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/openai/webhook') return sip.listener(request, response);
    if (path === '/twilio/voice' && voice) return voice.listener(request, response);
    response.writeHead(404).end();
  });
  const sessions = new Set<RealtimeSession<SupportContext>>();
  const streams = acceptTwilioStreams({
    server,
    ...(options.twilio
      ? {
          authToken: options.twilio.authToken,
          publicUrl: `${options.twilio.publicBase.replace(/^http/, 'ws')}/twilio/media`,
        }
      : {}),
    onStream: (stream) => {
      const swarm = phoneSwarm();
      const transport = new TwilioTransport({
        stream,
        // Recorded on the model's side of the bridge: the caller's audio going in is on the wire there.
        realtime: recordCall(
          websocketTransport({
            dialect: 'ga',
            url: `${options.client.baseURL.replace(/^http/, 'ws')}/realtime`,
            ...(options.client.apiKey ? { apiKey: options.client.apiKey } : {}),
          }),
          { label: 'phone-twilio' },
        ).transport,
      });
      const session = new RealtimeSession({ swarm, transport });
      sessions.add(session);
      transport.status$.subscribe((status) => {
        if (status.state === 'closed') sessions.delete(session);
      });
      follow(session, stream.start?.callSid ?? 'twilio', swarm, options.onEntry);
      session.connect().catch(() => {});
    },
  });
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;
  const base = `http://${options.host ?? '127.0.0.1'}:${port}`;
  return {
    webhookUrl: `${base}/openai/webhook`,
    mediaUrl: `${base.replace(/^http/, 'ws')}/twilio/media`,
    server,
    async close() {
      await Promise.all([...sip.sessions.values(), ...sessions].map((session) => session.close()));
      streams.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The keypad menu, the operator who approves refunds, and the call's transcript. */
function follow(
  session: RealtimeSession<SupportContext>,
  callId: string,
  swarm: ReturnType<typeof phoneSwarm>,
  onEntry: PhoneAppOptions['onEntry'],
): void {
  const print = (entry: TranscriptEntry) => onEntry?.(callId, entry);
  keypadMenu(session, swarm);
  transcriptOf(session).subscribe(print);
  session.toolCalls$.subscribe((event) => {
    if (event.type !== 'approval_requested') return;
    const approved = event.name === 'issue_refund';
    print({ kind: 'approval', agent: event.agent, name: event.name, approved });
    if (approved) session.approve(event.callId);
    else session.reject(event.callId, 'the operator declined');
  });
  session.events$.subscribe((event) => {
    // What the caller said, where a transcript exists (local-realtime's captions, or transcription).
    if (
      event.type !== 'conversation.item.done' ||
      event.item.type !== 'message' ||
      event.item.role !== 'user'
    )
      return;
    const text = itemText(event.item).trim();
    if (text) print({ kind: 'user', text });
  });
}

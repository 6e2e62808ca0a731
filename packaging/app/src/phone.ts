// The phone transports as an app wires them (type-checked only: they need a carrier to run).
import { createServer, type Server } from 'node:http';
import { defineAgent, defineSwarm, RealtimeSession } from '@switchboard/core';
import { sipCalls } from '@switchboard/transport-sip';
import { acceptTwilioStreams, TwilioTransport, twimlWebhook } from '@switchboard/transport-twilio';
import { websocketTransport } from '@switchboard/transport-websocket';
import OpenAI from 'openai';

const agent = defineAgent({ name: 'Front Desk', instructions: 'Answer the phone.' });

export function sipServer(): Server {
  const calls = sipCalls({
    client: new OpenAI(),
    route: () => ({ swarm: defineSwarm({ agents: [agent], start: agent, context: {} }) }),
  });
  return createServer(calls.listener);
}

export function twilioServer(authToken: string): Server {
  const voice = twimlWebhook({
    authToken,
    url: 'https://phone.example.com/twilio/voice',
    stream: () => ({ url: 'wss://phone.example.com/twilio/media' }),
  });
  const server = createServer(voice.listener);
  acceptTwilioStreams({
    server,
    authToken,
    publicUrl: 'wss://phone.example.com/twilio/media',
    onStream: (stream) => {
      const transport = new TwilioTransport({ stream, realtime: websocketTransport({ dialect: 'ga' }) });
      void new RealtimeSession({ agent, context: {}, transport }).connect();
    },
  });
  return server;
}

import { formatEntry } from '@switchboard/example-triage-swarm/src/print.js';
import { recordingFolder } from '@switchboard/example-triage-swarm/src/recording.js';
import OpenAI from 'openai';
import { startPhoneApp } from './app.js';
import { runOfflineCall } from './demo.js';
import { HUMAN_LINE } from './phone-swarm.js';

const env = process.env;
const recordings = recordingFolder(env);
if (recordings)
  console.log(`Recording each call to ${recordings} (see one: pnpm switchboard inspect <file>)`);

if (env.OPENAI_API_KEY) {
  // A real phone line: OpenAI posts realtime.call.incoming here (and Twilio, when configured).
  if (!env.OPENAI_WEBHOOK_SECRET) {
    console.error(
      'phone-agent: set OPENAI_WEBHOOK_SECRET (the webhook signing secret from the OpenAI dashboard)',
    );
    process.exit(1);
  }
  const publicBase = env.PUBLIC_BASE_URL?.replace(/\/+$/, '');
  const app = await startPhoneApp({
    client: new OpenAI(),
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    ...(env.TWILIO_AUTH_TOKEN && publicBase
      ? { twilio: { authToken: env.TWILIO_AUTH_TOKEN, publicBase } }
      : {}),
    onEntry: (callId, entry) => console.log(`[${callId.slice(-8)}] ${formatEntry(entry).trim()}`),
  });
  console.log(`phone-agent: listening on ${app.webhookUrl.replace(/\/openai\/webhook$/, '')}`);
  console.log(`  OpenAI webhook (realtime.call.incoming): ${publicBase ?? '<public URL>'}/openai/webhook`);
  if (env.TWILIO_AUTH_TOKEN)
    console.log(`  Twilio voice webhook: ${publicBase ?? '<public URL>'}/twilio/voice`);
  console.log(`  "talk to a person" transfers to ${HUMAN_LINE}`);
  process.on('SIGINT', () => void app.close().then(() => process.exit(0)));
} else {
  const line = env.PHONE_LINE === 'twilio' ? 'twilio' : 'sip';
  console.log(
    `Switchboard phone agent, offline: a simulated ${line === 'sip' ? 'SIP carrier' : 'Twilio call'} and local-realtime`,
  );
  const result = await runOfflineCall({ line, onEntry: (entry) => console.log(formatEntry(entry)) });
  if (result.record) {
    const { status, referredTo, endedBy } = result.record;
    console.log(
      `\nCall ${status}${referredTo ? ` to ${referredTo}` : ''} (ended by ${endedBy ?? 'nobody'}).`,
    );
  } else if (result.twilio) {
    console.log(
      `\nCall over: ${result.twilio.marks} marks echoed, ${Math.round(result.twilio.heardMs)} ms of agent audio played.`,
    );
  }
}

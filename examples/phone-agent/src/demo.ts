import { DEMO_SCRIPT, type TranscriptEntry } from '@switchboard/example-triage-swarm/src/conversation.js';
import {
  type LocalRealtimeServer,
  type SipCallRecord,
  startLocalRealtime,
} from '@switchboard/local-realtime';
import { simulateTwilioCall } from '@switchboard/transport-twilio/testing';
import OpenAI from 'openai';
import { startPhoneApp } from './app.js';

/** What the caller says: the terminal demo's first two lines, then a request for a person. */
export const PHONE_SCRIPT: readonly string[] = [
  ...DEMO_SCRIPT.filter((line) => typeof line === 'string').slice(0, 2),
  'Can I talk to a person please?',
];

/** The secret the simulated carrier signs with, and the app verifies with. */
const LOCAL_SECRET = `whsec_${Buffer.from('phone-agent-local-demo').toString('base64')}`;

/** Options of {@link runOfflineCall}. */
export interface OfflineCallOptions {
  /** `sip` (default): a simulated carrier through the Realtime calls API; `twilio`: the Twilio simulator. */
  readonly line?: 'sip' | 'twilio';
  readonly lines?: readonly string[];
  readonly onEntry?: (entry: TranscriptEntry) => void;
  /** Options for the local server (tests pass `{ voice: 'tone' }`). */
  readonly audio?: { readonly voice?: 'tone' | 'espeak' | 'auto'; readonly pace?: 'realtime' | 'fast' };
}

/** How an offline call ended. */
export interface OfflineCallResult {
  readonly line: 'sip' | 'twilio';
  /** SIP: the carrier's record (status, transfer target, what the agent said). */
  readonly record?: SipCallRecord;
  /** Twilio: how many `clear`s and marks the simulated Twilio saw. */
  readonly twilio?: { readonly marks: number; readonly clears: number; readonly heardMs: number };
}

/**
 * One phone call with no network: local-realtime plays the model (and, for SIP, the carrier and the
 * calls API), the app answers with the triage swarm, a simulated caller speaks the script.
 */
export async function runOfflineCall(options: OfflineCallOptions = {}): Promise<OfflineCallResult> {
  const line = options.line ?? 'sip';
  const realtime: LocalRealtimeServer = await startLocalRealtime({ audio: options.audio ?? {} });
  const client = new OpenAI({
    apiKey: 'local',
    baseURL: realtime.httpUrl,
    webhookSecret: LOCAL_SECRET,
    maxRetries: 0,
  });
  const app = await startPhoneApp({ client, onEntry: (_callId, entry) => options.onEntry?.(entry) });
  const lines = options.lines ?? PHONE_SCRIPT;
  try {
    if (line === 'sip') {
      const call = await realtime.placeCall({
        webhookUrl: app.webhookUrl,
        secret: LOCAL_SECRET,
        audio: lines,
      });
      return { line, record: await call.ended };
    }
    const caller = await simulateTwilioCall({ url: app.mediaUrl, captions: realtime.captions });
    await caller.agentDone({ quietMs: 500, timeoutMs: 3000 });
    for (const text of lines) {
      await caller.say(text);
      await caller.agentDone();
    }
    await caller.hangUp();
    return {
      line,
      twilio: {
        marks: caller.marks.length,
        clears: caller.clears.length,
        heardMs: caller.heard().length / 8,
      },
    };
  } finally {
    await app.close();
    await realtime.close();
  }
}

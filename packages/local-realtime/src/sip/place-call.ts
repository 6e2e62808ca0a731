import { randomBytes } from 'node:crypto';
import { type CallerLine, phoneAudio } from '../audio/phone-line.js';
import type { Synthesizer } from '../audio/speech.js';
import type { SipCallRecord } from './record.js';
import { SipCall, type SipCallHost } from './sip-call.js';
import { signWebhook } from './webhook-signing.js';

/**
 * Options of `server.placeCall()`: a simulated carrier calls the app the way OpenAI's SIP endpoint
 * does, with a signed `realtime.call.incoming` webhook.
 */
export interface PlaceCallOptions {
  /** The app's webhook URL. */
  readonly webhookUrl: string;
  /** The webhook signing secret (`whsec_…`, as the OpenAI dashboard shows it; any string works). */
  readonly secret: string;
  /** The caller's number (default `+15550100`): the `From` SIP header. */
  readonly from?: string;
  /** The number called (default `+15550199`): the `To` SIP header. */
  readonly to?: string;
  /** More SIP headers of the INVITE, e.g. `{ name: 'X-Customer', value: 'C-42' }`. */
  readonly headers?: readonly { readonly name: string; readonly value: string }[];
  /**
   * What the caller says once the call is accepted, one line per turn: each is played as µ-law
   * 8 kHz after the agent has finished answering the previous one. Text lines are spoken with
   * espeak-ng (or the tone voice) and carry their text, so a brain hears them without a recognizer.
   */
  readonly audio?: readonly CallerLine[];
  /** Keys the caller presses after the last line (before hanging up). */
  readonly digits?: string;
  /** Whether the caller hangs up after the agent answered the last line (default `true` when `audio` is given). */
  readonly hangUpAfter?: boolean;
  /** How long the app has to accept or reject (default 10 s): then the caller gives up (`unanswered`). */
  readonly answerTimeoutMs?: number;
}

/** A call in progress on the simulated carrier, to drive from a test. */
export interface PlacedCall {
  readonly callId: string;
  /** Live record of the call (see {@link SipCallRecord}). */
  readonly record: SipCallRecord;
  /** Resolves once the app accepted or rejected the call, or it went unanswered. */
  readonly answered: Promise<SipCallRecord>;
  /** Resolves when the call is over. */
  readonly ended: Promise<SipCallRecord>;
  /** The caller says a line (µ-law 8 kHz, real time); resolves when it was played. */
  say(line: CallerLine): Promise<void>;
  /** The caller presses keys. */
  press(digits: string): void;
  /** Resolves when the agent finished answering the caller's last line. */
  agentDone(options?: { readonly quietMs?: number; readonly timeoutMs?: number }): Promise<void>;
  /** The caller hangs up. */
  hangUp(): void;
}

/** Builds the call, posts the webhook, and plays the caller's script once the call is accepted. */
export async function placeCall(
  callId: string,
  options: PlaceCallOptions,
  deps: { readonly host: SipCallHost; readonly synthesizer: Synthesizer; register(call: SipCall): void },
): Promise<PlacedCall> {
  const from = options.from ?? '+15550100';
  const to = options.to ?? '+15550199';
  const record: SipCallRecord = {
    callId,
    from,
    to,
    status: 'ringing',
    webhook: {},
    callerSaid: [],
    agentSaid: [],
    dtmf: [],
  };
  const call = new SipCall(record, deps.host);
  deps.register(call);
  const placed: PlacedCall = {
    callId,
    record,
    answered: call.answered,
    ended: call.ended,
    say: async (line) => call.say(await phoneAudio(line, deps.synthesizer)),
    press: (digits) => call.press(digits),
    agentDone: (waitOptions) => call.agentDone(waitOptions),
    hangUp: () => call.hangUp('caller'),
  };
  const timer = setTimeout(() => call.hangUp('caller'), options.answerTimeoutMs ?? 10_000);
  timer.unref?.();
  const stop = () => clearTimeout(timer);
  call.answered.then(stop, stop);
  await deliverWebhook(options, record, from, to);
  // A script that cannot go on (the call ended under it) ends the simulated call.
  if (options.audio !== undefined || options.digits !== undefined)
    playScript(placed, options).catch(() => call.hangUp('caller'));
  return placed;
}

async function deliverWebhook(options: PlaceCallOptions, record: SipCallRecord, from: string, to: string) {
  const event = {
    object: 'event',
    id: `evt_${randomBytes(12).toString('hex')}`,
    type: 'realtime.call.incoming',
    created_at: Math.floor(Date.now() / 1000),
    data: {
      call_id: record.callId,
      sip_headers: [
        {
          name: 'From',
          value: `"Caller" <sip:${from}@carrier.example.com>;tag=${randomBytes(4).toString('hex')}`,
        },
        { name: 'To', value: `<sip:${to}@sip.api.openai.com>` },
        { name: 'Call-ID', value: `${randomBytes(8).toString('hex')}@carrier.example.com` },
        ...(options.headers ?? []),
      ],
    },
  };
  const body = JSON.stringify(event);
  try {
    const response = await fetch(options.webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'OpenAI/1.0 (+https://platform.openai.com/docs/webhooks)',
        ...signWebhook(options.secret, body),
      },
      body,
      signal: AbortSignal.timeout(15_000),
    });
    record.webhook.status = response.status;
    await response.body?.cancel();
  } catch (error) {
    record.webhook.error = error instanceof Error ? error.message : String(error);
  }
}

/** The caller's side of the conversation: each line after the agent finished answering the last. */
async function playScript(call: PlacedCall, options: PlaceCallOptions): Promise<void> {
  const answered = await call.answered;
  if (answered.status !== 'accepted') return;
  // A greeting, if the agent speaks first.
  await call.agentDone({ quietMs: 600, timeoutMs: 5000 });
  for (const line of options.audio ?? []) {
    if (call.record.status !== 'accepted') return;
    await call.say(line);
    await call.agentDone();
  }
  if (options.digits) {
    call.press(options.digits);
    await call.agentDone();
  }
  if (options.hangUpAfter !== false) call.hangUp();
}

import { dtmfMenu, type RealtimeSession } from '@switchboard/core';
import { createBackOffice } from '@switchboard/example-triage-swarm/src/backend.js';
import { type SupportContext, supportSwarm } from '@switchboard/example-triage-swarm/src/swarm.js';
import { transferCall } from '@switchboard/transport-sip';
import type { Subscription } from 'rxjs';

/** Where "talk to a person" goes (a real line would be your support desk). */
export const HUMAN_LINE = process.env.PHONE_TRANSFER_TO ?? 'tel:+15550123';

/**
 * The triage swarm of examples/triage-swarm, speaking, with one more way out: a transfer to a
 * person (a SIP REFER on SIP calls). One per call: its context is the call's state.
 */
export function phoneSwarm() {
  const human = transferCall<SupportContext>({ to: HUMAN_LINE, description: 'a person from customer care' });
  return supportSwarm(createBackOffice(), { output: 'audio', escalation: human });
}

/** "Press 1 for billing, 2 for tech support, 0 for a person": keys route the call without the model. */
export function keypadMenu(
  session: RealtimeSession<SupportContext>,
  swarm: ReturnType<typeof phoneSwarm>,
): Subscription {
  return dtmfMenu(session, {
    '1': swarm.agent('Billing'),
    '2': swarm.agent('Tech Support'),
    '0': swarm.agent('Human'),
  });
}

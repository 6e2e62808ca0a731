import { type Agent, defineAgent, type RealtimeSession, TransportConfigError } from '@switchboard/core';
import type { Subscription } from 'rxjs';
import { SipCallError } from './errors.js';
import type { SipTransport } from './sip-transport.js';

/** Options of {@link transferCall}. */
export interface TransferCallOptions {
  /** Where the call goes: `tel:+14155550123` or `sip:agent@example.com` (the SIP `Refer-To`). */
  readonly to: string;
  /** Who takes the call, for the model: "a person in billing, for disputes over 500 EUR". */
  readonly description: string;
  /** The name of the target agent (default `Human`), so the tool is `transfer_to_human`. */
  readonly name?: string;
}

/** Where a transfer agent sends the call. */
export interface TransferTarget {
  readonly to: string;
  readonly description: string;
}

const targets = new WeakMap<object, TransferTarget>();
const URI = /^(tel:\+?[0-9][0-9\-.()]*|sips?:[^\s@]+@[^\s]+)$/i;

/**
 * A handoff target that transfers the phone call to a human: list it in an agent's `handoffs` (and
 * in the swarm's `agents`) like any agent. When the model hands off to it, the session switches to
 * it (it tells the caller, in one sentence, that they are being connected), and the SIP call is
 * transferred with `calls.refer` (done by {@link followTransfers}, which `sipCalls()` sets up). The
 * model gets the handoff's output; once the call has left, the session ends.
 *
 * @example
 * ```ts
 * import { defineAgent, handoff } from '@switchboard/core';
 * import { transferCall } from '@switchboard/transport-sip';
 *
 * const human = transferCall({ to: 'tel:+14155550123', description: 'a person in billing' });
 * const billing = defineAgent({ name: 'Billing', instructions: '…', handoffs: [handoff(human)] });
 * ```
 */
export function transferCall<Ctx = unknown>(options: TransferCallOptions): Agent<Ctx> {
  if (typeof options.to !== 'string' || !URI.test(options.to)) {
    throw new TransportConfigError(
      'sip',
      'to',
      `expected a tel: or sip: URI, got ${JSON.stringify(options.to)}`,
    );
  }
  if (typeof options.description !== 'string' || options.description.trim() === '') {
    throw new TransportConfigError('sip', 'description', 'say who takes the call, for the model');
  }
  const agent = defineAgent<Ctx>({
    name: options.name ?? 'Human',
    handoffDescription: `Transfer the phone call to ${options.description}. Use it when the caller asks for a person or you cannot help.`,
    instructions: `You are connecting the caller to ${options.description}. Tell them, in one short sentence, that you are transferring them now. Say nothing else.`,
  });
  targets.set(agent, { to: options.to, description: options.description });
  return agent;
}

/**
 * Where the agent transfers the call, when it was made by {@link transferCall}.
 *
 * @example
 * ```ts
 * import type { Agent } from '@switchboard/core';
 * import { transferTargetOf } from '@switchboard/transport-sip';
 *
 * declare const human: Agent;
 * transferTargetOf(human); // { to: 'tel:+14155550123', description: 'a person in billing' }
 * ```
 */
export function transferTargetOf(agent: Agent<never> | Agent<unknown>): TransferTarget | undefined {
  return targets.get(agent);
}

/**
 * Transfers the call whenever the session hands off to a {@link transferCall} agent. If the API
 * refuses the transfer, the session goes back to the agent that handed off, the model is told, and
 * `onError` gets a {@link SipCallError}. Returns the subscription (it ends with the session).
 *
 * @example
 * ```ts
 * import type { RealtimeSession } from '@switchboard/core';
 * import { followTransfers, type SipTransport } from '@switchboard/transport-sip';
 *
 * declare const session: RealtimeSession;
 * declare const transport: SipTransport;
 * followTransfers(session, transport, (error) => console.error(error));
 * ```
 */
export function followTransfers<Ctx>(
  session: RealtimeSession<Ctx>,
  transport: SipTransport,
  onError: (error: SipCallError) => void = () => {},
): Subscription {
  let previous = session.agent;
  return session.agent$.subscribe((agent) => {
    const from = previous;
    previous = agent;
    const target = transferTargetOf(agent);
    if (!target || agent === from) return;
    transport.refer(target.to).catch((error: unknown) => {
      onError(error instanceof SipCallError ? error : new SipCallError('refer', transport.callId, error));
      if (session.state !== 'open') return;
      session.updateAgent(from);
      const text = `The transfer to ${target.description} failed. Keep helping the caller yourself.`;
      session.send({
        type: 'conversation.item.create',
        item: { type: 'message', role: 'system', content: [{ type: 'input_text', text }] },
      });
      session.createResponse();
    });
  });
}

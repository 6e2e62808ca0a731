import type { Subscription } from 'rxjs';
import type { Agent } from '../definitions/shapes.js';
import type { RealtimeSession } from './realtime-session.js';

/** What one key of a {@link dtmfMenu} does: switch to an agent, or run a function. */
export type DtmfMenuAction<Ctx> = Agent<Ctx> | ((session: RealtimeSession<Ctx>, digit: string) => void);

/** Options of {@link dtmfMenu}. */
export interface DtmfMenuOptions {
  /**
   * Whether the new agent speaks first after a key switched to it (default `true`): the session
   * interrupts what is being said and asks for a response, so the caller hears the new agent at once.
   */
  readonly respond?: boolean;
  /** A key the menu has no entry for (default: ignored). */
  readonly onUnknown?: (digit: string) => void;
  /** A function entry threw, or the agent could not be switched to (default: ignored). */
  readonly onError?: (error: unknown, digit: string) => void;
}

/**
 * Routes keypad presses without the model: "press 1 for billing" switches the session to the billing
 * agent with {@link RealtimeSession.updateAgent} (the same switch a handoff makes), interrupts what
 * the current agent was saying and lets the new one speak. A function entry runs instead, for
 * anything else (hang up, transfer, repeat the menu). Keys come from `session.dtmf$`, which phone
 * transports fill (SIP's `input_audio_buffer.dtmf_event_received`, Twilio's `dtmf` messages).
 * Returns the subscription; it ends with the session.
 *
 * @example
 * ```ts
 * import { type Agent, dtmfMenu, type RealtimeSession } from '@switchboard/core';
 *
 * declare const session: RealtimeSession;
 * declare const billing: Agent, techSupport: Agent;
 * dtmfMenu(session, {
 *   '1': billing,
 *   '2': techSupport,
 *   '#': (session) => void session.hangup(),
 * });
 * ```
 */
export function dtmfMenu<Ctx>(
  session: RealtimeSession<Ctx>,
  menu: Readonly<Record<string, DtmfMenuAction<Ctx>>>,
  options: DtmfMenuOptions = {},
): Subscription {
  return session.dtmf$.subscribe((digit) => {
    const action = Object.hasOwn(menu, digit) ? menu[digit] : undefined;
    if (action === undefined) return options.onUnknown?.(digit);
    try {
      if (typeof action === 'function') return action(session, digit);
      if (session.agent === action) return;
      if (options.respond !== false) session.interrupt();
      session.updateAgent(action);
      if (options.respond !== false) session.createResponse();
    } catch (error) {
      options.onError?.(error, digit);
    }
  });
}

import type { FollowUpReason } from '../pipeline/dispatch-host.js';
import type { DispatcherLoad } from '../pipeline/tool-dispatcher.js';

/**
 * What tests read of a session's insides (not exported by the package): the tool pipeline's
 * bookkeeping, whether the session still holds subscriptions, outputs kept for a reconnect.
 * @internal
 */
export interface SessionInternals {
  readonly dispatcher: DispatcherLoad;
  /** The session's own subscriptions (to its transport) are all ended. */
  readonly unsubscribed: boolean;
  readonly unechoedOutputs: number;
  /** No conversation response active or requested, no call in the pipeline (a turn may yield). */
  readonly idle: boolean;
}

/** Told of every response the tool pipeline asks for, and why (tests check: one per response at most). */
export type FollowUpListener = (responseId: string, reason: FollowUpReason) => void;

interface Registration {
  readonly view: () => SessionInternals;
  readonly tap: (listener: FollowUpListener) => void;
}

const views = new WeakMap<object, Registration>();

/** Called by a session on construction. @internal */
export function registerInternals(session: object, registration: Registration): void {
  views.set(session, registration);
}

/**
 * Calls `listener` for every response the session's tool pipeline asks for.
 * @internal
 */
export function tapFollowUps(session: object, listener: FollowUpListener): void {
  views.get(session)?.tap(listener);
}

/**
 * The insides of `session`, for tests.
 * @internal
 */
export function inspectSession(session: object): SessionInternals {
  const registration = views.get(session);
  if (!registration) throw new TypeError('not a RealtimeSession');
  return registration.view();
}

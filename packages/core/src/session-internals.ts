import type { DispatcherLoad } from './dispatch.js';

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
}

const views = new WeakMap<object, () => SessionInternals>();

/** Called by a session on construction. @internal */
export function registerInternals(session: object, view: () => SessionInternals): void {
  views.set(session, view);
}

/**
 * The insides of `session`, for tests.
 * @internal
 * @example
 * ```ts
 * await session.close();
 * expect(inspectSession(session).dispatcher.responses).toBe(0);
 * ```
 */
export function inspectSession(session: object): SessionInternals {
  const view = views.get(session);
  if (!view) throw new TypeError('not a RealtimeSession');
  return view();
}

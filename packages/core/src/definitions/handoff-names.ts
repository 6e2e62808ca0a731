/**
 * Names of handoffs whose target was given as an agent (not a thunk): known at once, without calling
 * user code, so `defineAgent` can check them against the agent's other tools.
 */
const eagerNames = new WeakMap<object, string>();

/** Records the name of a handoff made with an agent target. */
export function noteEagerHandoffName(handoff: object, name: string): void {
  eagerNames.set(handoff, name);
}

/** The handoff's tool name when it is known without resolving a thunk, else `undefined`. */
export function eagerHandoffName(handoff: object): string | undefined {
  return eagerNames.get(handoff);
}

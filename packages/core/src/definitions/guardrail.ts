import type { Agent } from './shapes.js';

/** Which transcript a guardrail reads: what the user said (`input`) or what the model says (`output`). */
export type GuardrailSide = 'input' | 'output';

/** What a guardrail's `check` is given besides the text. */
export interface GuardrailContext<Ctx = unknown> {
  readonly side: GuardrailSide;
  /** The agent active when the text was said. */
  readonly agent: Agent<Ctx>;
  /** The session's shared context. */
  readonly context: Ctx;
  /** Fires when the answer is no longer wanted (the check timed out, the item ended otherwise, the session closed). */
  readonly signal: AbortSignal;
}

/**
 * A guardrail's answer: `true` (or `{ tripped: true, reason }`) stops the text, `false` (or
 * `{ tripped: false }`) lets it go on. Anything else counts as a failed check.
 */
export type GuardrailVerdict = boolean | { readonly tripped: boolean; readonly reason?: string };

/**
 * A check over a transcript: the whole text of one item so far, each time it grows (debounced), and
 * once more when it is complete. Sync or async (a moderation endpoint, a classifier model, a list
 * of phrases). It is a user callback: what it throws, rejects with or how long it hangs is a failed
 * check (see the session's `guardrails.onCheckError`), reported on `errors$`, never a crash.
 *
 * @example
 * ```ts
 * import type { Guardrail } from '@switchboard/core';
 *
 * const noVaultCodes: Guardrail = {
 *   name: 'no_vault_codes',
 *   check: (text) => (/vault code/i.test(text) ? { tripped: true, reason: 'discloses a vault code' } : false),
 * };
 * ```
 */
export interface Guardrail<Ctx = unknown> {
  /** Named in `guardrails$` events and errors. */
  readonly name: string;
  /** (Declared as a method so a guardrail of a wider context fits where a narrower one is expected.) */
  check(text: string, context: GuardrailContext<Ctx>): GuardrailVerdict | PromiseLike<GuardrailVerdict>;
}

/**
 * An agent's own guardrails (its `guardrails` option): they run in addition to the session's while
 * the agent is active, and its `safeLine` replaces the session's.
 *
 * @example
 * ```ts
 * import { type AgentGuardrails, defineAgent } from '@switchboard/core';
 *
 * const guardrails: AgentGuardrails = {
 *   output: [{ name: 'no_refund_promises', check: (text) => /guaranteed refund/i.test(text) }],
 *   safeLine: 'I cannot promise that, but I can open a refund request for you.',
 * };
 * const billing = defineAgent({ name: 'Billing', instructions: 'Help with invoices.', guardrails });
 * ```
 */
export interface AgentGuardrails<Ctx = unknown> {
  /** Checks over what the user says (typed text and speech transcripts). */
  readonly input?: readonly Guardrail<Ctx>[];
  /** Checks over what the model says (its text, or its audio's transcript). */
  readonly output?: readonly Guardrail<Ctx>[];
  /** What the agent says instead once a guardrail trips; `false`: nothing. */
  readonly safeLine?: string | false;
}

/** A problem with a guardrails option: the field at fault and what was expected. */
export interface GuardrailsProblem {
  readonly field: string;
  readonly value: unknown;
  readonly detail: string;
}

/** Checks the fields agents and sessions share; `undefined` when they are fine. */
export function guardrailsProblem(options: unknown, prefix: string): GuardrailsProblem | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || options === null)
    return { field: prefix, value: options, detail: 'an object with input, output or safeLine' };
  const { input, output, safeLine } = options as AgentGuardrails;
  for (const [side, list] of [
    ['input', input],
    ['output', output],
  ] as const) {
    if (list === undefined) continue;
    if (!Array.isArray(list))
      return { field: `${prefix}.${side}`, value: list, detail: 'an array of guardrails' };
    const names = new Set<string>();
    for (const [index, item] of (list as unknown[]).entries()) {
      const guardrail = item as Partial<Guardrail> | null;
      const field = `${prefix}.${side}[${index}]`;
      if (typeof guardrail !== 'object' || guardrail === null || typeof guardrail.check !== 'function')
        return { field, value: item, detail: 'a guardrail: { name, check(text, context) }' };
      if (typeof guardrail.name !== 'string' || guardrail.name === '')
        return { field: `${field}.name`, value: guardrail.name, detail: 'a non-empty string' };
      if (names.has(guardrail.name))
        return {
          field: `${field}.name`,
          value: guardrail.name,
          detail: 'a name no other guardrail of this side has',
        };
      names.add(guardrail.name);
    }
  }
  if (
    safeLine !== undefined &&
    safeLine !== false &&
    (typeof safeLine !== 'string' || safeLine.trim() === '')
  )
    return { field: `${prefix}.safeLine`, value: safeLine, detail: 'a non-empty string, or false' };
  return undefined;
}

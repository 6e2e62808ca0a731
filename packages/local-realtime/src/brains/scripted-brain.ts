import type { Brain, BrainOutput, BrainRequest } from './brain.js';
import { currentTurn, handoffToolName, type ToolResult } from './conversation.js';

/** What a rule's functions get: the request, what triggered the turn, and the regex match if any. */
export interface ScriptContext {
  readonly request: BrainRequest;
  /** The user's text, in a user turn. */
  readonly userText: string | undefined;
  /** The latest tool result, in a tool-result turn. */
  readonly toolResult: ToolResult | undefined;
  /** The match of a RegExp `user` rule (capture groups). */
  readonly match: RegExpExecArray | undefined;
}

type Arguments = Readonly<Record<string, unknown>>;

/**
 * One rule of a {@link scriptedBrain}. A rule matches on what the user said (`user`), or on the tool
 * result the model is answering (`toolOutput`); a rule with neither matches any turn. Its reply is
 * `say` (text), then `call` (a function call) or `handoff` (a call of `transfer_to_<agent>`), or
 * whatever `respond` returns.
 */
export interface ScriptRule {
  /** Case-insensitive substring of the last user text, or a RegExp tested against it. */
  readonly user?: string | RegExp;
  /** The name of the tool whose result is being answered, or a predicate on the result. */
  readonly toolOutput?: string | ((result: ToolResult) => boolean);
  readonly say?: string | ((context: ScriptContext) => string);
  readonly call?: {
    readonly name: string;
    readonly arguments?: Arguments | ((context: ScriptContext) => Arguments);
  };
  /** An agent name (`'Billing'` → `transfer_to_billing`) or a full `transfer_to_…` tool name. */
  readonly handoff?: string;
  /** Full control over the output items. */
  readonly respond?: (context: ScriptContext) => readonly BrainOutput[];
}

/** Options of {@link scriptedBrain}. */
export interface ScriptedBrainOptions {
  readonly rules: readonly ScriptRule[];
  /** Reply when no rule matches (default: says that no rule matched, quoting the user). */
  readonly fallback?: string | ((context: ScriptContext) => readonly BrainOutput[]);
}

function matches(rule: ScriptRule, context: ScriptContext): { ok: boolean; match?: RegExpExecArray } {
  if (rule.user !== undefined) {
    const text = context.userText;
    if (text === undefined || context.toolResult !== undefined) return { ok: false };
    if (typeof rule.user === 'string') return { ok: text.toLowerCase().includes(rule.user.toLowerCase()) };
    rule.user.lastIndex = 0;
    const match = rule.user.exec(text);
    return match ? { ok: true, match } : { ok: false };
  }
  if (rule.toolOutput !== undefined) {
    const result = context.toolResult;
    if (!result) return { ok: false };
    return {
      ok: typeof rule.toolOutput === 'string' ? result.name === rule.toolOutput : rule.toolOutput(result),
    };
  }
  return { ok: true };
}

function reply(rule: ScriptRule, context: ScriptContext): BrainOutput[] {
  if (rule.respond) return [...rule.respond(context)];
  const out: BrainOutput[] = [];
  if (rule.say !== undefined)
    out.push({ type: 'message', text: typeof rule.say === 'string' ? rule.say : rule.say(context) });
  if (rule.call) {
    const args =
      typeof rule.call.arguments === 'function' ? rule.call.arguments(context) : (rule.call.arguments ?? {});
    out.push({ type: 'function_call', name: rule.call.name, arguments: args });
  }
  if (rule.handoff !== undefined)
    out.push({ type: 'function_call', name: handoffToolName(rule.handoff), arguments: {} });
  return out;
}

/**
 * A brain that follows a script: the first matching rule answers. Deterministic, for tests and demos.
 *
 * @example
 * ```ts
 * import { scriptedBrain } from '@switchboard/local-realtime';
 * import { handoff } from '@switchboard/core';
 *
 * const brain = scriptedBrain([
 *   { user: /invoice (INV-\d+)/i, call: { name: 'lookup_invoice', arguments: (c) => ({ invoice_id: c.match?.[1] }) } },
 *   { toolOutput: 'lookup_invoice', say: (c) => `Here it is: ${c.toolResult?.output.output}` },
 *   { user: 'refund', handoff: 'Billing' },
 *   { user: 'hello', say: 'Hi! How can I help?' },
 * ]);
 * ```
 */
export function scriptedBrain(rulesOrOptions: readonly ScriptRule[] | ScriptedBrainOptions): Brain {
  const options: ScriptedBrainOptions = Array.isArray(rulesOrOptions)
    ? { rules: rulesOrOptions as readonly ScriptRule[] }
    : (rulesOrOptions as ScriptedBrainOptions);
  return {
    name: 'scripted',
    respond(request) {
      const turn = currentTurn(request.items);
      const base: ScriptContext = {
        request,
        userText: turn.kind === 'user' ? turn.text : undefined,
        toolResult: turn.kind === 'tool_results' ? turn.results[turn.results.length - 1] : undefined,
        match: undefined,
      };
      for (const rule of options.rules) {
        const found = matches(rule, base);
        if (found.ok) return reply(rule, { ...base, match: found.match });
      }
      const fallback = options.fallback;
      if (typeof fallback === 'function') return [...fallback(base)];
      const text =
        fallback ??
        (base.userText !== undefined
          ? `I have no scripted answer for "${base.userText}".`
          : 'I have no scripted answer.');
      return [{ type: 'message', text }];
    },
  };
}

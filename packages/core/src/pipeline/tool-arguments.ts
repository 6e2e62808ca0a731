import { z } from 'zod';
import { describeCause } from '../errors/describe-cause.js';
import { type ArgumentIssue, ToolArgumentsError } from '../errors/tool-errors.js';
import { type GuardedStop, type GuardLimits, guardedCall, guardedStep } from './guarded-call.js';

/** The arguments of a call, parsed and validated; the error the model will read; or why validation stopped. */
export type ParsedArguments<T> =
  | { readonly ok: true; readonly args: T }
  | { readonly ok: false; readonly error: ToolArgumentsError }
  | { readonly ok: false; readonly stopped: GuardedStop };

/** The call whose arguments are parsed. */
export interface ArgumentsOf {
  readonly name: string;
  readonly callId: string;
  /** The JSON string the model produced. */
  readonly arguments: string;
}

/** A tool call's own controller and timeout (see {@link guardedStep}). */
export interface CallLimits {
  readonly call: AbortController;
  readonly timeoutMs: number;
}

/**
 * Parses a call's `arguments` string (JSON from the model) with a zod schema. An empty string counts
 * as `{}`: the API sends it for tools without parameters. The schema runs through the guarded path
 * (async, so async refinements work): a transform or refine that throws gives a
 * {@link ToolArgumentsError} the model can act on, one that hangs is bounded by `limits` (a tool
 * call's: its controller and timeout).
 */
export async function parseToolArguments<S extends z.ZodType>(
  schema: S,
  call: ArgumentsOf,
  limits: GuardLimits | CallLimits = {},
): Promise<ParsedArguments<z.output<S>>> {
  const invalid = (issues: readonly ArgumentIssue[], cause?: unknown) => ({
    ok: false as const,
    error: new ToolArgumentsError(call.name, call.callId, call.arguments, issues, { cause }),
  });
  let json: unknown;
  try {
    json = call.arguments.trim() === '' ? {} : JSON.parse(call.arguments);
  } catch (error) {
    return invalid([{ path: '', message: `not valid JSON (${describeCause(error)})` }]);
  }
  const validate = () => schema.safeParseAsync(json);
  const outcome = await ('call' in limits
    ? guardedStep(limits.call, limits.timeoutMs, validate)
    : guardedCall(validate, limits));
  switch (outcome.status) {
    case 'ok':
      return outcome.value.success
        ? { ok: true, args: outcome.value.data }
        : invalid(outcome.value.error.issues.map(toIssue));
    case 'threw':
      return invalid(
        [{ path: '', message: `could not be validated (${describeCause(outcome.error)})` }],
        outcome.error,
      );
    default:
      return { ok: false, stopped: outcome };
  }
}

function toIssue(issue: z.core.$ZodIssue): ArgumentIssue {
  return { path: z.core.toDotPath(issue.path), message: issue.message };
}

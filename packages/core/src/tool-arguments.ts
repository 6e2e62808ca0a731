import type { z } from 'zod';
import { formatPath } from './protocol/issues.js';
import { type ArgumentIssue, ToolArgumentsError } from './tool-errors.js';

/** The arguments of a call, parsed and validated, or the error the model will read. */
export type ParsedArguments<T> =
  | { readonly ok: true; readonly args: T }
  | { readonly ok: false; readonly error: ToolArgumentsError };

/**
 * Parses a call's `arguments` string (JSON from the model) with the tool's zod schema. An empty
 * string counts as `{}`: the API sends it for tools without parameters.
 */
export function parseToolArguments<S extends z.ZodType>(
  schema: S,
  toolName: string,
  callId: string,
  raw: string,
): ParsedArguments<z.output<S>> {
  let json: unknown;
  try {
    json = raw.trim() === '' ? {} : JSON.parse(raw);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      error: new ToolArgumentsError(toolName, callId, raw, [
        { path: '', message: `not valid JSON (${detail})` },
      ]),
    };
  }
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, args: result.data };
  return {
    ok: false,
    error: new ToolArgumentsError(toolName, callId, raw, result.error.issues.map(toIssue)),
  };
}

function toIssue(issue: z.core.$ZodIssue): ArgumentIssue {
  return { path: formatPath(issue.path), message: issue.message };
}

import { z } from 'zod';
import type { ProtocolIssue } from './errors.js';

/** zod's messages start with `Invalid input: `; the path already says where, so keep what and why. */
function cleanMessage(message: string): string {
  return message.replace(/^Invalid (input|option): /, '');
}

/**
 * Turns zod issues into {@link ProtocolIssue}s, each path as zod's `toDotPath` writes it
 * (`response.output[0].call_id`). For a union none of whose options matched, the option that got
 * furthest (deepest issue path) explains the failure best, so its issues are reported.
 */
export function toProtocolIssues(
  issues: ReadonlyArray<z.core.$ZodIssue>,
  base: ReadonlyArray<PropertyKey> = [],
): ProtocolIssue[] {
  const out: ProtocolIssue[] = [];
  for (const issue of issues) {
    const path = [...base, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const best = bestBranch(issue.errors);
      // Every option failed at the value itself (e.g. `string | number` got a boolean): say what was allowed.
      if (depth(best) <= 0)
        out.push({ path: z.core.toDotPath(path), message: describeAlternatives(issue.errors) });
      else out.push(...toProtocolIssues(best, path));
    } else {
      out.push({ path: z.core.toDotPath(path), message: cleanMessage(issue.message) });
    }
  }
  return out;
}

function depth(issues: ReadonlyArray<z.core.$ZodIssue>): number {
  let max = -1;
  for (const issue of issues) max = Math.max(max, issue.path.length);
  return max;
}

function bestBranch(
  branches: ReadonlyArray<ReadonlyArray<z.core.$ZodIssue>>,
): ReadonlyArray<z.core.$ZodIssue> {
  let best = branches[0] ?? [];
  for (const branch of branches) if (depth(branch) > depth(best)) best = branch;
  return best;
}

/** `expected string or number, received boolean` from the root issues of each union option. */
function describeAlternatives(branches: ReadonlyArray<ReadonlyArray<z.core.$ZodIssue>>): string {
  const expected = new Set<string>();
  let received: string | undefined;
  for (const branch of branches) {
    for (const issue of branch) {
      const message = cleanMessage(issue.message);
      const match = /^expected (.+?)(?:, received (.+))?$/.exec(message);
      if (match?.[1] !== undefined) expected.add(match[1]);
      if (match?.[2] !== undefined) received ??= match[2];
    }
  }
  if (expected.size === 0) return 'matches none of the allowed shapes';
  const list = [...expected].join(' or ');
  return received === undefined ? `expected ${list}` : `expected ${list}, received ${received}`;
}

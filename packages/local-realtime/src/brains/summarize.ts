import { isRecord } from '@switchboard/core/protocol';
import type { ToolResult } from './conversation.js';
import { humanize } from './words.js';

const MAX_FIELDS = 6;

function scalar(value: unknown): string | undefined {
  if (value === null) return 'none';
  if (typeof value === 'string') return value.length > 80 ? `${value.slice(0, 77)}...` : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function describeObject(value: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [key, field] of Object.entries(value)) {
    const shown =
      scalar(field) ??
      (Array.isArray(field) ? `${field.length} item${field.length === 1 ? '' : 's'}` : undefined);
    if (shown !== undefined) parts.push(`${humanize(key).toLowerCase()} ${shown}`);
    if (parts.length === MAX_FIELDS) break;
  }
  return parts.join(', ');
}

function errorMessage(parsed: unknown, raw: string): string | undefined {
  if (isRecord(parsed)) {
    const { error } = parsed;
    if (typeof error === 'string') return error;
    if (isRecord(error) && typeof error.message === 'string') {
      return error.message;
    }
  }
  return /^(error|failed)\b/i.test(raw.trim()) ? raw.trim().replace(/^error:\s*/i, '') : undefined;
}

/**
 * One sentence about a tool result, for the rules brain's answer after a call: the fields of a JSON
 * object ("Lookup invoice: id INV-1001, amount 49, status paid."), a count for a list, the text
 * itself otherwise, or what went wrong for an error.
 */
export function summarizeResult(
  result: Pick<ToolResult, 'name'> & { readonly output: { readonly output: string } },
): string {
  const raw = result.output.output;
  const label = result.name ? humanize(result.name) : 'Result';
  let parsed: unknown = raw;
  try {
    parsed = JSON.parse(raw);
  } catch {
    // Plain text output.
  }
  const failure = errorMessage(parsed, raw);
  if (failure !== undefined)
    return `Sorry, ${label.toLowerCase()} did not work: ${failure.replace(/\.$/, '')}.`;
  if (Array.isArray(parsed)) return `${label}: ${parsed.length} result${parsed.length === 1 ? '' : 's'}.`;
  if (typeof parsed === 'object' && parsed !== null) {
    const fields = describeObject(parsed as Record<string, unknown>);
    if (!fields) return `${label}: done.`;
    return /[.!?]$/.test(fields) ? `${label}: ${fields}` : `${label}: ${fields}.`;
  }
  const text = scalar(parsed) ?? raw;
  return text.trim() === '' ? `${label}: done.` : `${label}: ${text.trim().replace(/\.$/, '')}.`;
}

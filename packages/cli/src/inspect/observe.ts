import {
  type ClientEvent,
  parseClientEvent,
  parseServerEvent,
  type RecordedEntry,
  type ServerEvent,
} from '@switchboard/core';

/**
 * One recorded event, read once: its position and time, its `type`, and the typed event when it
 * passed the protocol's schemas. A recording is untrusted input (a file anyone could have edited),
 * so every analysis reads only the typed form, and an event that does not fully match its schema
 * keeps its reason as a `problem` (listed, never thrown).
 */
export interface ObservedEvent {
  /** Position in the recording (0-based); rows and timeline marks point back to it. */
  readonly index: number;
  /** Milliseconds since the recording started. */
  readonly t: number;
  readonly direction: 'client' | 'server';
  /** The event's `type` as sent (`(no type)` when it has none). */
  readonly type: string;
  /** The canonical server event, when it is one this version knows and it passed its schema. */
  readonly server?: ServerEvent;
  /** The client event, when it passed its schema. */
  readonly client?: ClientEvent;
  /** The event as recorded. */
  readonly raw: unknown;
  /** Why the event failed its schema, when it did. */
  readonly problem?: string;
}

/** Reads every entry of a recording once, through the protocol's own parsers. */
export function observe(entries: readonly RecordedEntry[]): ObservedEvent[] {
  return entries.map((entry, index) => {
    const type = typeOf(entry.event);
    const base = { index, t: finiteTime(entry.t), direction: entry.direction, type, raw: entry.event };
    if (entry.direction === 'server') {
      const parsed = parseServerEvent(entry.event);
      if (!parsed.ok) return { ...base, problem: parsed.error.message };
      // A session delivers an event whose only problems are in fields it does not act on; the
      // inspector reads more fields than a session does, so it takes only events that fully match.
      if (parsed.warnings.length > 0) {
        return { ...base, problem: parsed.warnings.map((warning) => warning.message).join('; ') };
      }
      return parsed.event.type === 'unknown' ? base : { ...base, server: parsed.event };
    }
    const parsed = parseClientEvent(entry.event);
    return parsed.ok ? { ...base, client: parsed.event } : { ...base, problem: parsed.error.message };
  });
}

function typeOf(event: unknown): string {
  const type = (event as { type?: unknown } | null)?.type;
  return typeof type === 'string' && type !== '' ? type : '(no type)';
}

/** A recording's times are numbers by its format; a hand-edited one could still hold NaN or a negative. */
function finiteTime(t: number): number {
  return Number.isFinite(t) && t > 0 ? t : 0;
}

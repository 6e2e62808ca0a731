import type { InspectedCall, ToolCallSpan } from '../inspect/call.js';
import { formatDuration, formatTime } from './html.js';
import { clip, type Frame, type Lane, mark, ROW_PX, round, span } from './marks.js';

/** Handoffs as marks, stacked when their labels would overlap. */
export function handoffLane(call: InspectedCall, frame: Frame): Lane {
  const rows = stack(
    call.handoffs.map((handoff) => ({
      start: handoff.t,
      end: handoff.t,
      label: `${handoff.from} → ${handoff.to}`,
    })),
    frame,
  );
  const items = call.handoffs
    .map((handoff, i) => {
      const what = handoff.kind === 'handoff' ? 'Handoff' : 'Agent switched by the app';
      const label = `${handoff.from} → ${handoff.to}`;
      return mark(
        frame,
        `handoff ${handoff.kind}`,
        handoff.t,
        label,
        handoff.event,
        [`${what} at ${formatTime(handoff.t)}: ${label}${handoff.callId ? ` (${handoff.callId})` : ''}`],
        `top:${(rows.of[i] ?? 0) * ROW_PX}px`,
      );
    })
    .join('');
  return { id: 'handoffs', label: 'Handoffs', rows: rows.count, items };
}

/** Tool calls as bars, stacked so that calls running at the same time (or their labels) each get a row. */
export function toolLane(tools: readonly ToolCallSpan[], frame: Frame): Lane {
  const ordered = [...tools].sort((a, b) => a.start - b.start);
  const ends = ordered.map((call) => call.end ?? frame.duration);
  const rows = stack(
    ordered.map((call, i) => ({ start: call.start, end: ends[i] as number, label: call.name })),
    frame,
  );
  const items = ordered.map((call, i) => toolBar(call, ends[i] as number, rows.of[i] ?? 0, frame)).join('');
  return { id: 'tools', label: 'Tools', rows: rows.count, items };
}

/**
 * Rows for marks that must not overlap: each takes the first row free at its start, and keeps it
 * until its end or until its label has been drawn (about 0.55% of the call per character at zoom 1).
 */
function stack(
  items: readonly { start: number; end: number; label: string }[],
  frame: Frame,
): { count: number; of: number[] } {
  const rowEnds: number[] = [];
  const of = items.map((item) => {
    const labelEnd = item.start + frame.duration * (0.012 + item.label.length * 0.0055);
    const busyUntil = Math.max(item.end, labelEnd);
    const free = rowEnds.findIndex((rowEnd) => rowEnd <= item.start);
    if (free === -1) return rowEnds.push(busyUntil) - 1;
    rowEnds[free] = busyUntil;
    return free;
  });
  return { count: Math.max(rowEnds.length, 1), of };
}

/** A call's bar: the model streaming the arguments, then (darker) the tool running until its output. */
function toolBar(call: ToolCallSpan, end: number, row: number, frame: Frame): string {
  const timing =
    call.end === undefined
      ? 'no output was sent'
      : `output after ${formatDuration(call.end - (call.argumentsDone ?? call.start))} of running (${formatDuration(call.end - call.start)} from the model starting the call)`;
  const title = [
    `${call.name} · ${call.agent} · ${call.callId}`,
    `${formatTime(call.start)}: ${timing}`,
    `arguments: ${clip(call.arguments)}`,
    call.output === undefined ? '' : `output: ${clip(call.output)}`,
  ];
  const classes = `tool ${call.kind}${call.end === undefined ? ' no-output' : ''}`;
  const ranFrom =
    call.argumentsDone === undefined || end <= call.start
      ? undefined
      : round(((call.argumentsDone - call.start) / (end - call.start)) * 100);
  const running = ranFrom === undefined ? '' : `<i class="running" style="left:${ranFrom}%"></i>`;
  return span(
    frame,
    classes,
    call.start,
    end,
    call.name,
    call.event,
    title,
    `top:${row * ROW_PX}px`,
    running,
  );
}

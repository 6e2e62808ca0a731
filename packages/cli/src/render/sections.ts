import type { InspectedCall } from '../inspect/call.js';
import type { EventRow } from '../inspect/event-rows.js';
import { escapeHtml, formatDuration, formatTime } from './html.js';

/** The numbers a reader looks for first: length, turns, latency, tools, handoffs, errors, events. */
export function renderStats(call: InspectedCall): string {
  const latencies = call.turns.flatMap((turn) => (turn.latencyMs === undefined ? [] : [turn.latencyMs]));
  const stats: [string, string][] = [
    ['duration', formatDuration(call.durationMs)],
    ['caller turns', String(call.turns.length)],
    ['median latency', latencies.length > 0 ? formatDuration(median(latencies)) : '—'],
    ['slowest turn', latencies.length > 0 ? formatDuration(Math.max(...latencies)) : '—'],
    ['tool calls', String(call.tools.filter((tool) => tool.kind === 'function').length)],
    ['handoffs', String(call.handoffs.length)],
    ['errors', String(call.errors.length)],
    ['events', `${call.events.client} client · ${call.events.server} server`],
  ];
  return `<dl class="stats">${stats
    .map(
      ([name, value]) =>
        `<div id="stat-${name.replace(/ /g, '-')}"><dt>${name}</dt><dd>${escapeHtml(value)}</dd></div>`,
    )
    .join('')}</dl>`;
}

/** One row per caller turn: what was said, who answered, after how long, and the tools in between. */
export function renderTurns(call: InspectedCall): string {
  if (call.turns.length === 0) return '<p class="empty">No caller turns in this recording.</p>';
  const rows = call.turns.map((turn, i) => {
    const until = call.turns[i + 1]?.start ?? Number.POSITIVE_INFINITY;
    const tools = call.tools.filter((tool) => tool.start >= turn.start && tool.start < until);
    return `<tr data-event="${turn.event}"><td>${i + 1}</td><td class="time">${formatTime(turn.start)}</td><td>${turn.kind === 'audio' ? 'spoke' : 'typed'}</td><td class="said">${escapeHtml(turn.text ?? '')}</td><td>${escapeHtml(turn.agent ?? '—')}</td><td class="num">${turn.latencyMs === undefined ? 'no answer' : formatDuration(turn.latencyMs)}</td><td>${escapeHtml(tools.map((tool) => tool.name).join(', '))}</td></tr>`;
  });
  return `<table class="turns"><thead><tr><th>#</th><th>at</th><th></th><th>caller said</th><th>answered by</th><th>latency</th><th>tools</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The errors, in order, each linked to its event. */
export function renderErrors(call: InspectedCall): string {
  if (call.errors.length === 0) return '';
  const rows = call.errors.map(
    (error) =>
      `<tr data-event="${error.event}"><td class="time">${formatTime(error.t)}</td><td>${escapeHtml(error.kind)}</td><td>${escapeHtml(error.message)}</td></tr>`,
  );
  return `<table class="errors"><thead><tr><th>at</th><th>kind</th><th>what</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The event list with its filters (direction, type, text); the page script filters and expands rows. */
export function renderEvents(rows: readonly EventRow[]): string {
  const types = new Map<string, number>();
  for (const row of rows) types.set(row.type, (types.get(row.type) ?? 0) + row.count);
  const typeOptions = [...types.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, count]) => `<option value="${escapeHtml(type)}">${escapeHtml(type)} (${count})</option>`)
    .join('');
  const body = rows
    .map(
      (row) =>
        `<tr class="event ${row.direction}${row.invalid ? ' invalid' : ''}" data-first="${row.index}" data-type="${escapeHtml(row.type)}"><td class="num">${row.index}</td><td class="time">${formatTime(row.t)}</td><td class="dir">${row.direction === 'client' ? 'client →' : '← server'}</td><td class="type">${escapeHtml(row.type)}${row.count > 1 ? ` <b>×${row.count}</b>` : ''}</td><td class="summary">${escapeHtml(row.summary)}</td></tr>`,
    )
    .join('\n');
  return `<div class="filters">
<label>direction <select id="filter-direction"><option value="">both</option><option value="client">client → server</option><option value="server">server → client</option></select></label>
<label>type <select id="filter-type"><option value="">all types</option>${typeOptions}</select></label>
<label>text <input id="filter-text" type="search" placeholder="search summaries and payloads"></label>
<span id="filter-count">${rows.length} of ${rows.length} rows</span>
</div>
<table class="events" id="event-list"><thead><tr><th>#</th><th>at</th><th>direction</th><th>type</th><th>summary (click a row for the event)</th></tr></thead><tbody>
${body}
</tbody></table>`;
}

/** The conversation: caller and agent lines, tool calls with their outputs. */
export function renderTranscript(call: InspectedCall, agentClass: (name: string) => string): string {
  if (call.transcript.length === 0) return '<p class="empty">The recording holds no conversation items.</p>';
  const lines = call.transcript.map((line) => {
    const who =
      line.role === 'user'
        ? 'Caller'
        : line.role === 'assistant'
          ? (line.agent ?? 'Agent')
          : line.role === 'tool'
            ? `${line.agent ?? 'Agent'} ⚙`
            : 'System';
    const classes = `line ${line.role}${line.agent ? ` ${agentClass(line.agent)}` : ''}`;
    const body = line.call
      ? `<code>${escapeHtml(`${line.call.name}(${line.call.arguments})`)}</code>${line.call.output === undefined ? ' <em>no output</em>' : ` → <code>${escapeHtml(line.call.output)}</code>`}`
      : escapeHtml(line.text || '(no text)');
    return `<li class="${classes}"><span class="who">${escapeHtml(who)}</span><span class="time">${line.t === undefined ? '' : formatTime(line.t)}</span><span class="text">${body}</span></li>`;
  });
  return `<ol class="transcript">${lines.join('')}</ol>`;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

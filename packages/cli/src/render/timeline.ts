import type { InspectedCall, ToolCallSpan } from '../inspect/call.js';
import { formatBytes } from '../inspect/event-rows.js';
import { escapeHtml, formatDuration, formatTime } from './html.js';

/** Height of one lane row, in px (the tools lane grows a row per overlapping call). */
const ROW_PX = 24;
/** Longest text of a tooltip field (arguments, outputs, transcripts). */
const TITLE_FIELD_LIMIT = 600;
/** Tick spacings to pick from, so that a call of any length gets about ten ticks. */
const TICK_STEPS_MS = [100, 200, 500, 1e3, 2e3, 5e3, 1e4, 15e3, 3e4, 6e4, 12e4, 3e5, 6e5, 9e5, 18e5, 36e5];

/** How marks are placed: a time as a percentage of the call, and an agent's colour class. */
interface Frame {
  readonly at: (t: number) => number;
  readonly duration: number;
  readonly agentClass: (name: string) => string;
}

interface Lane {
  readonly id: string;
  readonly label: string;
  readonly rows: number;
  readonly items: string;
}

/**
 * The call's timeline: lanes for the active agent, the caller's turns and audio, responses, the
 * model's audio, tool calls (bars from the call to its output), handoffs, latency per turn and
 * errors. Every mark links to its event (`data-event`) and explains itself in a tooltip.
 */
export function renderTimeline(call: InspectedCall, agentClass: (name: string) => string): string {
  const duration = Math.max(call.durationMs, 1);
  const frame: Frame = { at: (t) => round((t / duration) * 100), duration, agentClass };
  const lanes: Lane[] = [
    { id: 'agents', label: 'Agent', rows: 1, items: agentItems(call, frame) },
    { id: 'caller', label: 'Caller', rows: 1, items: callerItems(call, frame) },
    { id: 'caller-audio', label: 'Caller audio', rows: 1, items: audioItems(call.audio.input, 'in', frame) },
    { id: 'responses', label: 'Responses', rows: 1, items: responseItems(call, frame) },
    { id: 'agent-audio', label: 'Agent audio', rows: 1, items: audioItems(call.audio.output, 'out', frame) },
    toolLane(call.tools, frame),
    handoffLane(call, frame),
    { id: 'latency', label: 'Latency', rows: 1, items: latencyItems(call, frame) },
    { id: 'errors', label: 'Errors', rows: 1, items: errorItems(call, frame) },
  ];
  const labels = lanes.map(
    (lane) => `<div class="label" style="height:${lane.rows * ROW_PX}px">${lane.label}</div>`,
  );
  const tracks = lanes.map(
    (lane) =>
      `<div class="lane" id="lane-${lane.id}" style="height:${lane.rows * ROW_PX}px">${lane.items}</div>`,
  );
  const guides = call.handoffs.map(
    (handoff) => `<div class="guide" style="left:${frame.at(handoff.t)}%"></div>`,
  );
  return `<div class="timeline">
<div class="labels"><div class="axis-label"></div>${labels.join('')}</div>
<div class="scroll"><div class="lanes" id="lanes">
<div class="axis">${ticks(frame)}</div>
${tracks.join('\n')}
${guides.join('')}
</div></div>
</div>`;
}

function agentItems(call: InspectedCall, frame: Frame): string {
  return call.agents
    .map((agent) =>
      span(frame, `agent ${frame.agentClass(agent.name)}`, agent.start, agent.end, agent.name, agent.event, [
        `${agent.name} active ${range(agent.start, agent.end)}`,
        `tools: ${agent.tools.join(', ') || 'none'}`,
      ]),
    )
    .join('');
}

function callerItems(call: InspectedCall, frame: Frame): string {
  return call.turns
    .map((turn, i) => {
      if (turn.kind === 'audio') {
        return span(frame, 'turn user speech', turn.start, turn.end, turn.text || 'speech', turn.event, [
          `Caller spoke ${range(turn.start, turn.end)}`,
          clip(turn.text ?? '(no transcript)'),
        ]);
      }
      // A typed line has no length: its label may run until the next turn.
      const room = frame.at(call.turns[i + 1]?.start ?? frame.duration) - frame.at(turn.start);
      return mark(
        frame,
        'turn user text',
        turn.start,
        turn.text || 'text',
        turn.event,
        [`Caller typed at ${formatTime(turn.start)}`, clip(turn.text ?? '')],
        `max-width:${round(Math.max(room, 0.5))}%`,
      );
    })
    .join('');
}

function audioItems(spans: InspectedCall['audio']['input'], direction: 'in' | 'out', frame: Frame): string {
  const who = direction === 'in' ? 'Caller audio appended' : 'Agent audio received';
  return spans
    .map((audio) => {
      const size = audio.bytes === undefined ? undefined : audioSize(audio.audioMs, audio.bytes);
      const lines = size
        ? [`${who} ${range(audio.start, audio.end)}`, size]
        : [`Agent audio played by the server ${range(audio.start, audio.end)}`];
      return span(frame, `audio ${direction}`, audio.start, audio.end, size ?? 'playing', audio.event, lines);
    })
    .join('');
}

function responseItems(call: InspectedCall, frame: Frame): string {
  return call.responses
    .map((response) => {
      const label =
        response.status === 'completed' ? response.agent : `${response.agent} · ${response.status}`;
      const classes = `response ${frame.agentClass(response.agent)} status-${response.status}`;
      return span(frame, classes, response.start, response.end, label, response.event, [
        `${response.id} · ${response.agent} · ${response.status}${response.reason ? ` (${response.reason})` : ''}`,
        range(response.start, response.end),
        response.tokens ? `${response.tokens.input} tokens in, ${response.tokens.output} out` : '',
      ]);
    })
    .join('');
}

/** Handoffs as marks, stacked when their labels would overlap. */
function handoffLane(call: InspectedCall, frame: Frame): Lane {
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

function latencyItems(call: InspectedCall, frame: Frame): string {
  return call.turns
    .map((turn) => {
      if (turn.latencyMs === undefined || turn.firstAnswer === undefined) {
        return mark(frame, 'latency none', turn.end, 'no answer', turn.event, [
          `No answer after the caller's turn that ended at ${formatTime(turn.end)}`,
        ]);
      }
      return span(frame, 'latency', turn.end, turn.firstAnswer, formatDuration(turn.latencyMs), turn.event, [
        `${formatDuration(turn.latencyMs)} from the end of the caller's turn (${formatTime(turn.end)})`,
        `to the first answer of ${turn.agent ?? 'the agent'} (${formatTime(turn.firstAnswer)})`,
      ]);
    })
    .join('');
}

function errorItems(call: InspectedCall, frame: Frame): string {
  return call.errors
    .map((error) =>
      mark(frame, `error ${error.kind}`, error.t, '✕', error.event, [
        `${error.kind} at ${formatTime(error.t)}`,
        clip(error.message),
      ]),
    )
    .join('');
}

/** Tool calls as bars, stacked so that calls running at the same time (or their labels) each get a row. */
function toolLane(tools: readonly ToolCallSpan[], frame: Frame): Lane {
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

function span(
  frame: Frame,
  classes: string,
  start: number,
  end: number,
  label: string,
  event: number,
  title: readonly string[],
  style = '',
  inner = '',
): string {
  const width = round(Math.max(frame.at(end) - frame.at(start), 0));
  return `<div class="bar ${classes}" style="left:${frame.at(start)}%;width:${width}%;${style}" title="${tooltip(title)}" data-event="${event}">${inner}<span>${escapeHtml(label)}</span></div>`;
}

function mark(
  frame: Frame,
  classes: string,
  t: number,
  label: string,
  event: number,
  title: readonly string[],
  style = '',
): string {
  return `<div class="mark ${classes}" style="left:${frame.at(t)}%;${style}" title="${tooltip(title)}" data-event="${event}"><span>${escapeHtml(label)}</span></div>`;
}

function ticks(frame: Frame): string {
  const step = TICK_STEPS_MS.find((candidate) => frame.duration / candidate <= 12) ?? 36e5;
  const out: string[] = [];
  for (let t = 0; t <= frame.duration; t += step) {
    const label = step < 1000 ? formatTime(t) : formatTime(t).replace(/\.\d+$/, '');
    out.push(`<div class="tick" style="left:${frame.at(t)}%"><span>${label}</span></div>`);
  }
  return out.join('');
}

function tooltip(lines: readonly string[]): string {
  return escapeHtml(lines.filter((line) => line !== '').join('\n'));
}

function audioSize(audioMs: number | undefined, bytes: number): string {
  return `${formatDuration(audioMs ?? 0)} of audio, ${formatBytes(bytes)}`;
}

function range(start: number, end: number): string {
  return `${formatTime(start)}–${formatTime(end)} (${formatDuration(end - start)})`;
}

function clip(text: string): string {
  return text.length > TITLE_FIELD_LIMIT ? `${text.slice(0, TITLE_FIELD_LIMIT)}…` : text;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

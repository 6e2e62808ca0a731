import type { InspectedCall } from '../inspect/call.js';
import { formatBytes } from '../inspect/event-rows.js';
import { formatDuration, formatTime } from './html.js';
import { clip, type Frame, type Lane, mark, ROW_PX, range, round, span } from './marks.js';
import { handoffLane, toolLane } from './stacked-lanes.js';

/** Tick spacings to pick from, so that a call of any length gets about ten ticks. */
const TICK_STEPS_MS = [100, 200, 500, 1e3, 2e3, 5e3, 1e4, 15e3, 3e4, 6e4, 12e4, 3e5, 6e5, 9e5, 18e5, 36e5];

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

function ticks(frame: Frame): string {
  const step = TICK_STEPS_MS.find((candidate) => frame.duration / candidate <= 12) ?? 36e5;
  const out: string[] = [];
  for (let t = 0; t <= frame.duration; t += step) {
    const label = step < 1000 ? formatTime(t) : formatTime(t).replace(/\.\d+$/, '');
    out.push(`<div class="tick" style="left:${frame.at(t)}%"><span>${label}</span></div>`);
  }
  return out.join('');
}

function audioSize(audioMs: number | undefined, bytes: number): string {
  return `${formatDuration(audioMs ?? 0)} of audio, ${formatBytes(bytes)}`;
}

import { createHash } from 'node:crypto';
import type { RecordedEntry } from '@switchboard/core';
import { eventRows } from '../inspect/event-rows.js';
import { inspectObserved } from '../inspect/inspect-call.js';
import { observe } from '../inspect/observe.js';
import { escapeHtml, jsonForScript } from './html.js';
import { PAGE_SCRIPT } from './script.js';
import { renderErrors, renderEvents, renderStats, renderTranscript, renderTurns } from './sections.js';
import { PAGE_STYLE } from './style.js';
import { renderTimeline } from './timeline.js';

/**
 * Options of {@link renderInspector}.
 *
 * @example
 * ```ts
 * import type { InspectorOptions } from '@switchboard/cli';
 *
 * const options: InspectorOptions = { title: 'calls/triage.jsonl' };
 * ```
 */
export interface InspectorOptions {
  /** Shown under the heading and in the page title, e.g. the recording's file name. */
  readonly title?: string;
}

/** Colours the agents can take (`agent-0` … in the stylesheet). */
const AGENT_COLOURS = 6;

/**
 * The session inspector: one self-contained HTML page for a recorded call (entries from
 * `parseRecording`, as `recordTransport` wrote them). It shows a timeline of the call (the active
 * agent, the caller's turns and audio, responses, the model's audio, tool calls as bars from the
 * call to its output, handoffs, latency per turn, errors), the turns with their latency, an event
 * list filterable by direction, type and text, and the transcript.
 *
 * The page needs no server and no network: styles and script are inline, and its
 * Content-Security-Policy allows nothing else (no request of any kind, no other script). Everything
 * from the recording is escaped; audio is summarised by its size, never embedded.
 *
 * @example
 * ```ts
 * import { readFileSync, writeFileSync } from 'node:fs';
 * import { renderInspector } from '@switchboard/cli';
 * import { parseRecording } from '@switchboard/core';
 *
 * const entries = parseRecording(readFileSync('call.jsonl', 'utf8'));
 * writeFileSync('call.html', renderInspector(entries, { title: 'call.jsonl' }));
 * ```
 */
export function renderInspector(entries: readonly RecordedEntry[], options: InspectorOptions = {}): string {
  const events = observe(entries);
  const call = inspectObserved(events);
  const rows = eventRows(events);
  const colours = new Map<string, string>();
  const agentClass = (name: string) => {
    let colour = colours.get(name);
    if (!colour) {
      colour = `agent-${colours.size % AGENT_COLOURS}`;
      colours.set(name, colour);
    }
    return colour;
  };
  for (const agent of call.agents) agentClass(agent.name);
  const title = options.title ?? 'recorded call';
  const scriptHash = createHash('sha256').update(PAGE_SCRIPT).digest('base64');
  const policy = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${scriptHash}'; img-src data:; base-uri 'none'; form-action 'none'`;
  const errors = renderErrors(call);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Call inspector · ${escapeHtml(title)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header>
<h1>Call inspector</h1>
<p class="source">${escapeHtml(title)}</p>
${renderStats(call)}
</header>
<section id="timeline">
<h2>Timeline</h2>
<div class="controls"><label>zoom <input id="zoom" type="range" min="1" max="40" value="1"></label><span id="zoom-label">1×</span><span>hover a mark for details, click it for its event</span></div>
${renderTimeline(call, agentClass)}
<div class="legend"><span><i style="background:var(--caller)"></i>caller speech / message</span><span><i style="background:var(--audio)"></i>audio on the wire</span><span><i style="background:var(--tool)"></i>tool call (light: model writing arguments, dark: tool running)</span><span><i style="background:var(--handoff)"></i>handoff</span><span><i style="background:var(--latency)"></i>latency: end of caller input → first answer</span><span><i style="background:var(--error)"></i>error</span></div>
</section>
<section id="turns">
<h2>Turns</h2>
${renderTurns(call)}
</section>
${errors ? `<section id="errors">\n<h2>Errors</h2>\n${errors}\n</section>` : ''}
<section id="events">
<h2>Events</h2>
${renderEvents(rows)}
</section>
<section id="transcript">
<h2>Transcript</h2>
${renderTranscript(call, agentClass)}
</section>
<script type="application/json" id="inspector-data">${jsonForScript({ details: rows.map((row) => row.detail) })}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}

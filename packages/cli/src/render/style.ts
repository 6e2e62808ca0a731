/** The page's stylesheet, inlined: system fonts, no external resource of any kind. */
export const PAGE_STYLE = `
:root { color-scheme: light; --ink: #1d2330; --muted: #667085; --line: #e4e7ec; --bg: #f8f9fb; --panel: #fff;
  --caller: #2e90fa; --audio: #98a2b3; --tool: #f79009; --handoff: #7a5af8; --error: #d92d20; --latency: #12b76a; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); background: var(--bg); }
header, section { max-width: 1400px; margin: 0 auto; padding: 16px 24px; }
h1 { font-size: 20px; margin: 8px 0 2px; }
h2 { font-size: 16px; margin: 0 0 10px; }
.source { color: var(--muted); margin: 0 0 12px; word-break: break-all; }
section { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; margin-bottom: 16px; }
.stats { display: flex; flex-wrap: wrap; gap: 8px; margin: 0; }
.stats div { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px; min-width: 110px; }
.stats dt { color: var(--muted); font-size: 12px; }
.stats dd { margin: 0; font-size: 18px; font-weight: 600; }
.agent-0 { --agent: #2e90fa; } .agent-1 { --agent: #ee46bc; } .agent-2 { --agent: #15b79e; }
.agent-3 { --agent: #f38744; } .agent-4 { --agent: #6172f3; } .agent-5 { --agent: #a15c07; }
.controls { display: flex; gap: 16px; align-items: center; color: var(--muted); font-size: 12px; margin-bottom: 8px; }
.timeline { display: flex; border: 1px solid var(--line); border-radius: 6px; overflow: hidden; }
.labels { flex: 0 0 104px; border-right: 1px solid var(--line); background: var(--bg); }
.labels .axis-label { height: 22px; border-bottom: 1px solid var(--line); }
.labels .label { display: flex; align-items: center; padding: 0 10px; font-size: 12px; color: var(--muted);
  border-bottom: 1px solid var(--line); }
.scroll { flex: 1; overflow-x: auto; }
.lanes { position: relative; min-width: 100%; }
.axis { position: relative; height: 22px; border-bottom: 1px solid var(--line); }
.tick { position: absolute; top: 0; bottom: 0; border-left: 1px solid var(--line); }
.tick span { position: absolute; left: 3px; top: 3px; font-size: 11px; color: var(--muted); white-space: nowrap; }
.lane { position: relative; border-bottom: 1px solid var(--line); }
.guide { position: absolute; top: 22px; bottom: 0; border-left: 1px dashed var(--handoff); opacity: .5; pointer-events: none; }
.bar, .mark { position: absolute; height: 18px; margin-top: 3px; cursor: pointer; font-size: 11px; line-height: 18px; }
.bar { min-width: 3px; border-radius: 3px; overflow: hidden; color: #fff; }
.bar span { position: relative; padding: 0 4px; white-space: nowrap; }
.bar:hover, .mark:hover { outline: 2px solid var(--ink); z-index: 2; }
.bar.agent { background: var(--agent); opacity: .85; border-radius: 0; }
.bar.turn { background: var(--caller); }
.mark.turn { border-left: 3px solid var(--caller); padding-left: 3px; overflow: hidden; text-overflow: ellipsis;
  color: var(--caller); }
.bar.audio.in { background: repeating-linear-gradient(90deg, var(--audio) 0 2px, #d0d5dd 2px 4px); color: var(--ink); }
.bar.audio.out { background: repeating-linear-gradient(90deg, var(--agent, #475467) 0 2px, #667085 2px 4px); }
.bar.response { background: var(--agent); }
.bar.response.status-cancelled { background: repeating-linear-gradient(135deg, var(--agent) 0 6px, #fff 6px 9px); color: var(--ink); }
.bar.response.status-failed, .bar.response.status-incomplete { outline: 2px solid var(--error); }
.bar.tool { background: color-mix(in srgb, var(--tool) 55%, #fff); color: var(--ink); overflow: visible; }
.bar.tool span { text-shadow: 0 0 2px #fff, 0 0 2px #fff; }
.bar.tool .running { position: absolute; top: 0; bottom: 0; right: 0; background: var(--tool); }
.bar.tool.handoff { background: color-mix(in srgb, var(--handoff) 45%, #fff); }
.bar.tool.handoff .running { background: var(--handoff); }
.bar.tool.no-output { background: repeating-linear-gradient(135deg, var(--error) 0 4px, #fff 4px 8px); color: var(--error); }
.bar.latency { background: color-mix(in srgb, var(--latency) 30%, #fff); border-left: 2px solid var(--latency);
  overflow: visible; color: #05603a; font-weight: 600; }
.mark { transform: translateX(-1px); white-space: nowrap; }
.mark.handoff { border-left: 3px solid var(--handoff); padding-left: 4px; color: var(--handoff); font-weight: 600; }
.mark.error { color: #fff; background: var(--error); border-radius: 9px; width: 18px; text-align: center; transform: translateX(-9px); }
.mark.latency.none { color: var(--error); border-left: 2px solid var(--error); padding-left: 3px; }
.legend { display: flex; flex-wrap: wrap; gap: 14px; margin-top: 8px; font-size: 12px; color: var(--muted); }
.legend i { display: inline-block; width: 14px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: middle; }
table { width: 100%; border-collapse: collapse; font-size: 13px; }
th { text-align: left; color: var(--muted); font-weight: 500; border-bottom: 1px solid var(--line); padding: 4px 8px; }
td { border-bottom: 1px solid var(--line); padding: 3px 8px; vertical-align: top; }
td.time, td.num { white-space: nowrap; font-variant-numeric: tabular-nums; color: var(--muted); }
tr[data-event], tr.event { cursor: pointer; }
tr[data-event]:hover, tr.event:hover { background: #f2f4f7; }
.filters { display: flex; flex-wrap: wrap; gap: 14px; align-items: center; margin-bottom: 8px; font-size: 13px; }
.filters input, .filters select { font: inherit; padding: 3px 6px; border: 1px solid #d0d5dd; border-radius: 4px; }
.filters input { width: 260px; }
#filter-count { color: var(--muted); }
.events td.dir { white-space: nowrap; color: var(--muted); }
.events tr.client td.dir { color: #175cd3; }
.events td.type { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; white-space: nowrap; }
.events td.summary { word-break: break-word; }
.events tr.invalid td { background: #fef3f2; }
.events tr.open td { background: #eff8ff; }
.events tr.flash td { animation: flash 1.2s ease-out; }
@keyframes flash { from { background: #fec84b; } to { background: transparent; } }
.events tr.detail td { background: #f9fafb; }
pre { margin: 0; padding: 8px; font-size: 12px; white-space: pre-wrap; word-break: break-word; max-height: 420px; overflow: auto; }
.transcript { list-style: none; padding: 0; margin: 0; }
.transcript .line { display: grid; grid-template-columns: 130px 80px 1fr; gap: 8px; padding: 5px 0; border-bottom: 1px solid var(--line); }
.transcript .who { font-weight: 600; color: var(--agent, var(--ink)); }
.transcript .user .who { color: var(--caller); }
.transcript .time { color: var(--muted); font-variant-numeric: tabular-nums; }
.transcript code { font-size: 12px; background: #f2f4f7; padding: 1px 4px; border-radius: 3px; word-break: break-word; }
.empty { color: var(--muted); }
`;

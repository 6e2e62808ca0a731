import type { BenchResults } from '../results.js';
import { summarize } from '../stats.js';
import type { ClientRoundTrips } from '../workloads/round-trip.js';
import { type BudgetCheck, largestPassingN, ours } from './budgets.js';
import { ms } from './format.js';
import { averageUs, ingestResult, streamTypes } from './ingest-types.js';
import { machineWasBusy } from './machine.js';
import { medianRun, roundTripSpread, scaleGroup, stepSpread } from './runs.js';

const TOOL_WHY = [
  '**Tool round trip.** From `response.done` in to the answer out, Switchboard checks `response.done`',
  'with a `typeof` fast check (`packages/core/src/protocol/fast-path.ts`; zod only when unsure), applies',
  'it to the conversation in place, and finishes the calls started at `response.output_item.done`: each',
  "validates its arguments with zod's `safeParseAsync` (`parseToolArguments()` in",
  '`packages/core/src/pipeline/tool-arguments.ts`, async because a schema may refine asynchronously),',
  "then runs `execute` under the call's one `AbortController` (a plain value settles at once,",
  '`guardedStep()` in `packages/core/src/pipeline/guarded-call.ts`); `#finish()` in',
  '`packages/core/src/pipeline/tool-dispatcher.ts` emits `tool_end` before `#advance()` lets the',
  'sequencer write `response.create`, and the corked socket sends the outputs and the create in one',
  'write. **Fix:** a synchronous argument parse for schemas with no async refinement, and fewer',
  'observers per event in `received()` (`packages/core/src/session/session-core.ts`).',
].join(' ');

function ingestWhy(results: BenchResults): string {
  const json = ingestResult(results, 'json');
  const mine = ingestResult(results, 'ours');
  const types = streamTypes(results);
  const multiple = (type: string) => averageUs(mine, type) / averageUs(json, type);
  const structural = types.filter((type) => !type.endsWith('.delta'));
  const total = Object.values(mine?.perType ?? {}).reduce((sum, entry) => sum + entry.totalMs, 0) || 1;
  const structuralShare =
    structural.reduce((sum, type) => sum + (mine?.perType[type]?.totalMs ?? 0), 0) / total;
  const frames = Object.values(json?.perType ?? {}).reduce((sum, entry) => sum + entry.count, 0) || 1;
  const structuralFrames =
    structural.reduce((sum, type) => sum + (json?.perType[type]?.count ?? 0), 0) / frames;
  const multiples = structural.map(multiple).filter(Number.isFinite);
  const low = Math.min(...multiples);
  const high = Math.max(...multiples);
  return [
    '**Event ingest.** Per frame, the deltas cost',
    `${multiple('response.output_audio.delta').toFixed(1)}× their \`JSON.parse\` (audio) and`,
    `${multiple('response.output_audio_transcript.delta').toFixed(1)}× (transcripts: the history appends to the`,
    'item in place, `OwnedItems` in `packages/core/src/session/item-list.ts`, and copies nothing); the',
    'structural events take `typeof` fast checks too (`packages/core/src/protocol/fast-path.ts`) and are',
    `${(structuralFrames * 100).toFixed(0)} % of the frames and ${(structuralShare * 100).toFixed(0)} % of Switchboard's time, at`,
    `${low.toFixed(1)}–${high.toFixed(1)}× \`JSON.parse\` each (table above): what remains is the session's observers`,
    '(sequencer, playback, usage, link, dispatcher, guardrails, fillers, turns each look at every event) and,',
    'for a content part, a new `content` array for its item. The throughput passes also pay for the',
    'garbage this allocates (young-generation scavenges, slow on a loaded 2-core machine). **Fix:** one',
    'switch on the event type in `received()` (`packages/core/src/session/session-core.ts`) that calls',
    'only the observers that read that type, and parts edited in place like the items.',
  ].join(' ');
}

function sessionsWhy(results: BenchResults): string {
  const tested = Math.max(0, ...results.scale.steps.map((step) => step.sessions));
  if (tested < 1_000)
    return `**Sessions.** This run tested at most ${tested} sessions (${results.info.mode} plan).`;
  return '**Sessions.** The 1,000-session step reported errors or skipped calls; see the behaviour column of the scale table.';
}

/**
 * The closing note: for each missed budget, why and what would fix it (pointing at the code); then
 * what the comparison showed about long conversations and about the peer's behaviour.
 */
export function closingNotes(results: BenchResults, checks: readonly BudgetCheck[]): string {
  const missed = checks.filter((check) => !check.met);
  const lines: string[] = [];
  if (missed.length === 0) {
    lines.push('Every budget of DESIGN.md was met in this run.', '');
  } else {
    lines.push(`Budgets missed in this run: ${missed.map((check) => check.budget).join('; ')}.`, '');
    if (missed.some((check) => check.id.startsWith('tool'))) lines.push(TOOL_WHY, '');
    if (missed.some((check) => check.id === 'ingest')) lines.push(ingestWhy(results), '');
    if (missed.some((check) => check.id === 'sessions')) lines.push(sessionsWhy(results), '');
  }
  lines.push(
    ...scaleNote(results),
    ...peerAheadNote(results),
    ...longConversationNote(results),
    ...peerNotes(results),
  );
  return lines.join('\n');
}

function longConversationNote(results: BenchResults): string[] {
  const [short, , long] = results.toolRoundTrips;
  if (!short || !long || !ours(long)) return [];
  const p50 = (bench: typeof short, client: 'ours' | 'peer') =>
    roundTripSpread(bench, client, (samples) => samples.clientMs, 'p50').median;
  const mineBefore = p50(short, 'ours');
  const mineAfter = p50(long, 'ours');
  const peerBefore = p50(short, 'peer');
  const peerAfter = p50(long, 'peer');
  const mineGrew = mineAfter > mineBefore * 1.5;
  return [
    `**Long conversations.** Framework time p50 in conversations of ${short.roundsPerSession} round trips → late in one of`,
    `${long.roundsPerSession.toLocaleString('en')}: Switchboard ${ms(mineBefore)} → ${ms(mineAfter)} ms, the peer ${ms(peerBefore)} → ${ms(peerAfter)} ms.`,
    'The peer deep-copies its whole history with `JSON.parse(JSON.stringify(history))` before every',
    'tool call (`#executeFunctionToolCall` in its `realtimeSession.mjs`), so its round trip grows with',
    `the conversation. Switchboard's ${mineGrew ? 'grows too, though no step of it is O(items) any more' : 'does not grow visibly at this length'}:`,
    'a session keeps its conversation in place, found through an id → index map, and copies it only',
    'for a reader of `history` or `history$` (`OwnedItems` in `packages/core/src/session/item-list.ts`); the',
    'pure `reduceHistory` still copies the item array per change (its states never change once given',
    'out), but finds items through the same map instead of scanning them. **Fix:** none needed at this',
    'length; an app that reads `history$` on every event pays one copy of the item array per change.',
    '',
  ];
}

function scaleNote(results: BenchResults): string[] {
  const { steps, p99LimitMs, intervalMs } = results.scale;
  const tested = Math.max(0, ...steps.map((step) => step.sessions));
  const best = largestPassingN(steps, 'ours', p99LimitMs);
  const group = scaleGroup(steps, 'ours', tested);
  const step = medianRun(group);
  const heap = stepSpread(group, (run) => run.idleHeapPerSession).median;
  if (tested === 0 || !step) return [];
  const trips = summarize(step.roundTripMs);
  // Passing with room to spare needs no note; passing close to the limit does.
  if (best === tested && trips.p99 < 0.6 * p99LimitMs) return [];
  const callsPerSecond = (tested * 1000) / intervalMs;
  const clientLoad = (step.cpuPerRoundTripUs * callsPerSecond) / 1e6;
  const verdict =
    best === tested
      ? [
          `**Scale.** With ${tested.toLocaleString('en')} sessions (${callsPerSecond.toLocaleString('en')} tool calls a second) the round-trip p99`,
          `was ${ms(trips.p99)} ms (p50 ${ms(trips.p50)} ms): within the ${p99LimitMs} ms limit, but close to it, and on a shared`,
          `${results.info.cores}-core machine it moves by several milliseconds from run to run.`,
        ]
      : [
          `**Scale.** With ${tested.toLocaleString('en')} sessions (${callsPerSecond.toLocaleString('en')} tool calls a second) the round-trip p99`,
          `reached ${ms(trips.p99)} ms (p50 ${ms(trips.p50)} ms), so the largest session count under ${p99LimitMs} ms was`,
          `${best.toLocaleString('en')}.`,
        ];
  return [
    ...verdict,
    ...(machineWasBusy(results.info)
      ? [
          `The machine was busy in this run (1-minute load ${results.info.loadAverageStart[0]?.toFixed(1)} at the start, ${results.info.loadAverage[0]?.toFixed(1)} at the end, on ${results.info.cores} cores):`,
          'with hundreds of calls a second to answer, both clients were starved of CPU by other processes, so the',
          'latencies of the large steps measure the machine more than the clients; CPU per round trip and memory still compare them.',
        ]
      : []),
    `Memory is not the limit (${(heap / 1024).toFixed(1)} KiB of heap per idle session, median run): CPU is.`,
    `The client process spent ${Math.round(step.cpuPerRoundTripUs)} µs of CPU per round trip (socket reads and writes included),`,
    `${(clientLoad * 100).toFixed(0)} % of a core at that rate, beside the model process`,
    `(its own event-loop p99: ${ms(step.serverLagP99Ms)} ms) on a ${results.info.cores}-core machine; the client's`,
    `event-loop lag p99 was ${ms(step.loopLagP99Ms)} ms, and calls that land in the same busy stretch wait for each other.`,
    'Per round trip Switchboard takes the non-delta events through `typeof` fast checks',
    '(`packages/core/src/protocol/fast-path.ts`), keeps the history in place, runs the call under one',
    '`AbortController` and writes the outputs and the create in one corked write; what is left is the',
    "`ws` frames, `JSON.parse`, the arguments' `safeParseAsync` and the session's per-event observers.",
    `**Fix:** a synchronous argument parse and one dispatch per event type ${best === tested ? 'give this step headroom' : 'raise this N'};`,
    'a process (or worker thread) per core is what scales past one core.',
    '',
  ];
}

/** Every statistic in which the peer came out ahead, with an honest word on what p99s of this size mean. */
function peerAheadNote(results: BenchResults): string[] {
  const benches = [...results.toolRoundTrips, results.handoff];
  const ahead: string[] = [];
  let mediansAhead = 0;
  for (const bench of benches) {
    if (!ours(bench) || !bench.clients.some((client) => client.client === 'peer')) continue;
    const pairs: Array<[string, (client: ClientRoundTrips) => number[]]> = [
      ['round trip', (client) => client.serverMs],
      ['framework time', (client) => client.clientMs],
    ];
    for (const [what, pick] of pairs) {
      const stat = (client: 'ours' | 'peer', which: 'p50' | 'p99') =>
        roundTripSpread(bench, client, pick, which).median;
      if (stat('peer', 'p50') < stat('ours', 'p50')) mediansAhead += 1;
      if (stat('peer', 'p99') < stat('ours', 'p99'))
        ahead.push(
          `${bench.title.toLowerCase()}: ${what} p99 ${ms(stat('peer', 'p99'))} vs ${ms(stat('ours', 'p99'))} ms`,
        );
    }
  }
  if (ahead.length === 0) return [];
  return [
    `**Where the peer came out ahead.** ${ahead.join('; ')}. These are p99s of a few thousand samples`,
    'on a shared 2-core machine (the p99 of 2,000 samples is its 20th slowest), where one scheduler or',
    `GC pause moves them; ${mediansAhead === 0 ? 'every median puts Switchboard ahead' : `the peer also has ${mediansAhead} lower median(s)`}. Switchboard's handoff`,
    'path is the longest it has (`#applyHandoff()` in `packages/core/src/pipeline/tool-dispatcher.ts` awaits the',
    "`onHandoff` hook even when there is none, then builds the new agent's whole `session.update` with",
    '`buildSessionConfig()`), so a slow tail there is the first place to look.',
    '',
  ];
}

function peerNotes(results: BenchResults): string[] {
  const bench = results.toolRoundTrips[1];
  const parallel = bench?.clients.find((client) => client.client === 'peer');
  if (!bench || !parallel || parallel.earlyCreates === 0) return [];
  return [
    // The pooled counts are over every run.
    `**The peer with parallel calls.** In ${parallel.earlyCreates.toLocaleString('en')} of ${(bench.rounds * bench.runs.length).toLocaleString('en')}`,
    `three-call responses (${bench.runs.length} runs) the peer sent \`response.create\` right after the first \`function_call_output\`,`,
    'before the other two: its sequencer (`responseCreateSequencer.mjs`) sends a create as soon as the',
    'response slot is free, once per output (`sendFunctionCallOutput(…, startResponse = true)` in',
    '`openaiRealtimeBase.mjs`). Against the real API the model then answers without two of the three',
    `results, and the later outputs ask for another response (${parallel.extraCreates.toLocaleString('en')} extra`,
    '`response.create`s here). Its round trips in that table are counted until its last output',
    'arrived. Switchboard sends exactly one `response.create` once every output of the response is',
    'written (DESIGN.md, the tool pipeline, step 5).',
    '',
  ];
}

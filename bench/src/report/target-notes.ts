import type { BenchResults } from '../results.js';
import { ms, times } from './format.js';
import { ingestExtraByType } from './ingest-types.js';
import { roundTripSpread } from './runs.js';
import type { TargetCheck } from './targets.js';

const MEMORY_WHY = [
  '**Idle memory.** `pnpm --filter @switchboard/bench bench:memory` connects 1,000 idle sessions per',
  'client and prints a heap census of what they added (objects by constructor, closures, engine',
  'arrays), per session. What an idle Switchboard session still holds: the `ws` socket and its TCP',
  'handle, which every client pays (`Socket`, `Receiver`, `Sender`, `WebSocket`, stream states: about',
  '2 KiB); the WebSocket transport (its endpoint, headers and URL strings, the lifecycle, the socket',
  'listeners and timers: `dial()` in `packages/transport-websocket/src/socket.ts` and `#listen()` in',
  "`websocket-transport.ts` make about fifteen closures per connection); and the session's collaborators",
  "(`SessionCore` and the dozen objects it wires, the usage meter's totals, the streams made on first",
  'read). The subjects nobody reads, the subscriptions to the transport, the Maps and Sets nobody fills and',
  "the callbacks of the session's collaborators are gone (`packages/core/src/session/session-core.ts`,",
  '`lazy-subjects.ts`, `transport-reader.ts`). **Fix:** one connection object with shared methods instead',
  "of the dial and listen closures, the usage meter's totals made at the first `response.done`, and the",
  'endpoint shared by the sessions of one transport config; past that, the `ws` socket is the floor.',
].join(' ');

const CPU_WHY = [
  '**CPU per round trip.** The levers the profile names',
  '(`/work/shared/notes/performance-profile.md`) are in: fast checks for the non-delta events a session',
  'reads (`response.created/done`, `response.output_item.*`, `conversation.item.*`, `…arguments.done`,',
  'content parts, audio-buffer events, `rate_limits.updated`) skip zod and fall back to it when unsure',
  '(`packages/core/src/protocol/fast-path.ts`, held to zod by a property test over the recorded traffic',
  'and mutations of it); the tool runner gives every step of a call the call’s one `AbortController` and',
  'settles a plain value without a timer or promise (`guardedStep()` in',
  '`packages/core/src/pipeline/guarded-call.ts`); the history finds items through an id → index map and',
  'the session changes its conversation in place, copying it only for a reader (`packages/core/src/session/item-list.ts`);',
  'the socket is corked, so the outputs and the `response.create` leave in one `writev`',
  '(`packages/transport-websocket/src/socket.ts`). What is left per round trip: the `ws` frames and',
  'syscalls (the floor a bare `ws` client pays too), `JSON.parse`, the argument validation',
  "(zod's `safeParseAsync`, async because a tool's schema may refine asynchronously) and the session's",
  'per-event observers (sequencer, turns, guardrails, fillers, usage). **Fix:** a synchronous argument',
  'parse for schemas known to be synchronous, and fewer observers per event (one switch on the type',
  'that calls only the observers that read it).',
].join(' ');

function handoffWhy(results: BenchResults): string {
  const create = (client: 'ours' | 'peer') =>
    roundTripSpread(results.handoff, client, (samples) => samples.serverMs, 'p99');
  const own = (client: 'ours' | 'peer') =>
    roundTripSpread(results.handoff, client, (samples) => samples.clientMs, 'p99');
  const ours = create('ours');
  const peer = create('peer');
  const overlap = ours.min <= peer.max && peer.min <= ours.max;
  return [
    `**Handoff p99.** Over the ${results.repeats} runs Switchboard's → \`response.create\` p99 ranged`,
    `${ms(ours.min)}–${ms(ours.max)} ms and the peer's ${ms(peer.min)}–${ms(peer.max)} ms;`,
    overlap
      ? 'the ranges overlap, so the difference between the medians is run-to-run noise.'
      : 'the ranges do not overlap.',
    `On the client's own clock, which includes building the new agent's \`session.update\`, the p99 was`,
    `${ms(own('ours').median)} ms for Switchboard and ${ms(own('peer').median)} ms for the peer: building the`,
    'config is a small part of a handoff; the p99 is set by the scheduler on a shared machine.',
  ].join(' ');
}

function ingestWhy(results: BenchResults): string {
  const top = ingestExtraByType(results).slice(0, 3);
  const named = top.map(
    (entry) => `\`${entry.type}\` ${Math.round(entry.share * 100)} % (${times(entry.ratio)} \`JSON.parse\`)`,
  );
  return [
    "**Ingest.** Of the time Switchboard spends per frame beyond bare `JSON.parse` (section 3's",
    `per-type passes), the largest shares are ${named.join(', ')}. A CPU profile of the ingest`,
    '(`node --cpu-prof` on `pnpm --filter @switchboard/bench bench:only -- --workload ingest --clients ours`,',
    "taken at 14:56 UTC on 2026-12-06) puts the session's own time per frame in the fast checks (about 30 %),",
    'the history (about 20 %: a transcript delta copies its item, the content array and the part to',
    'append a few characters, `appendToPart()` in `packages/core/src/session/history.ts`), the turn',
    'tracker (about 13 %), the usage meter (about 7 %, adding up tokens and looking up prices with a regular',
    'expression at each `response.done`) and the audio output tracker (about 5 %); the',
    'observers that only look at the type and return (dispatcher, guardrails, retrievals) are under 5 %',
    'together. **Fix:** a transcript or text delta appended in place to the item the session owns (as the',
    'history already keeps its items in place for the session), the turn tracker reading only the events',
    "that change a turn, and the usage meter's prices looked up once per model.",
  ].join(' ');
}

/** Why each missed target of the comparison at scale was missed, and what would fix it. */
export function targetNotes(results: BenchResults, checks: readonly TargetCheck[]): string[] {
  const missed = new Set(checks.filter((check) => !check.met).map((check) => check.id));
  const lines: string[] = [];
  if (missed.has('memory')) lines.push(MEMORY_WHY, '');
  if (missed.has('ingest')) lines.push(ingestWhy(results), '');
  if (missed.has('cpu') || missed.has('ingest')) lines.push(CPU_WHY, '');
  if (missed.has('handoff-p99')) lines.push(handoffWhy(results), '');
  return lines;
}

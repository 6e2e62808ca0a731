import { decodedLength } from '@switchboard/core/protocol';
import type { ObservedEvent } from './observe.js';
import { summarise } from './summaries.js';

/** One row of the event list: an event, or a run of streamed deltas shown as one. */
export interface EventRow {
  /** Position of the (first) event in the recording. */
  readonly index: number;
  readonly t: number;
  /** Time of the last event of a run. */
  readonly tEnd: number;
  readonly direction: 'client' | 'server';
  readonly type: string;
  /** Events in the row (1, or the length of a run of deltas). */
  readonly count: number;
  /** One line about it: who said what, a call and its arguments, a status, sizes. */
  readonly summary: string;
  /** The first event as recorded, with audio replaced by its size. */
  readonly detail: unknown;
  /** The event failed the protocol's schemas. */
  readonly invalid: boolean;
}

/** Streamed events shown one row per item and content part. */
const DELTA_TYPES = new Set([
  'response.output_audio.delta',
  'response.output_audio_transcript.delta',
  'response.output_text.delta',
  'response.function_call_arguments.delta',
  'conversation.item.input_audio_transcription.delta',
]);

/** Server events that end a run of the caller's appends (a new row starts after them). */
const INPUT_BOUNDARIES = new Set([
  'input_audio_buffer.speech_started',
  'input_audio_buffer.speech_stopped',
  'input_audio_buffer.committed',
  'input_audio_buffer.cleared',
]);

/** Text kept of a run of text deltas: enough to recognise it, the transcript has the rest. */
const RUN_TEXT_LIMIT = 240;

interface Run {
  row: EventRow & { count: number; tEnd: number; summary: string };
  bytes: number;
  text: string;
}

/**
 * The event list: every event in order, except that streamed deltas (audio, transcripts, text,
 * arguments) become one row per item and content part, and the caller's appends one row per run
 * between VAD boundaries, with counts, sizes and the text they carried. Audio never appears:
 * each `audio`/audio `delta` field is replaced by its size.
 */
export function eventRows(events: readonly ObservedEvent[]): EventRow[] {
  const rows: EventRow[] = [];
  const runs = new Map<string, Run>();
  let appendRun = 0;
  for (const observed of events) {
    const runKey = runKeyOf(observed, appendRun);
    if (runKey === undefined) {
      if (observed.direction === 'client' || INPUT_BOUNDARIES.has(observed.type)) appendRun += 1;
      rows.push(rowOf(observed, summarise(observed), 1));
      continue;
    }
    const run = runs.get(runKey) ?? startRun(observed, rows, runs, runKey);
    if (run.row.index !== observed.index) {
      run.row.count += 1;
      run.row.tEnd = observed.t;
    }
    addToRun(run, observed);
  }
  return rows;
}

function runKeyOf(observed: ObservedEvent, appendRun: number): string | undefined {
  const { server, client } = observed;
  if (client?.type === 'input_audio_buffer.append') return `append ${appendRun}`;
  if (!server || !DELTA_TYPES.has(server.type)) return undefined;
  const { item_id: itemId, content_index: part } = server as { item_id?: string; content_index?: number };
  return `${server.type} ${itemId} ${part ?? 0}`;
}

function startRun(observed: ObservedEvent, rows: EventRow[], runs: Map<string, Run>, key: string): Run {
  const run: Run = { row: { ...rowOf(observed, '', 1) }, bytes: 0, text: '' };
  rows.push(run.row);
  runs.set(key, run);
  return run;
}

function addToRun(run: Run, { server, client }: ObservedEvent): void {
  const { row } = run;
  const times = row.count === 1 ? '1 event' : `${row.count} events`;
  if (client?.type === 'input_audio_buffer.append' || server?.type === 'response.output_audio.delta') {
    run.bytes += decodedLength(
      client?.type === 'input_audio_buffer.append' ? client.audio : (server as { delta: string }).delta,
    );
    row.summary = `${times}, ${formatBytes(run.bytes)} of audio`;
    return;
  }
  if (run.text.length < RUN_TEXT_LIMIT) run.text += (server as { delta?: string } | undefined)?.delta ?? '';
  const text = run.text.length > RUN_TEXT_LIMIT ? `${run.text.slice(0, RUN_TEXT_LIMIT)}…` : run.text;
  row.summary = `${times}: ${text}`;
}

function rowOf(observed: ObservedEvent, summary: string, count: number): EventRow {
  return {
    index: observed.index,
    t: observed.t,
    tEnd: observed.t,
    direction: observed.direction,
    type: observed.type,
    count,
    summary: observed.problem ? `invalid: ${observed.problem}` : summary,
    detail: withoutAudio(observed.raw, observed.type),
    invalid: observed.problem !== undefined,
  };
}

/**
 * A copy of an event with its audio replaced by a size: `"[4800 bytes of audio]"` for every string
 * field named `audio` (appends, items with input audio, retrieved items) and an audio delta's `delta`.
 */
export function withoutAudio(value: unknown, type?: string): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutAudio(item));
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    const isAudio = key === 'audio' || (key === 'delta' && type === 'response.output_audio.delta');
    copy[key] =
      isAudio && typeof field === 'string'
        ? `[${Math.floor(decodedLength(field))} bytes of audio]`
        : withoutAudio(field);
  }
  return copy;
}

/** `512 B`, `4.7 KB`, `1.2 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.floor(bytes)} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

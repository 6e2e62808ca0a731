import { FakeSocket } from '../clients/fake-socket.js';
import { type BenchSession, SESSION_FACTORIES } from '../clients/index.js';
import { nsToMs } from '../stats.js';
import { type Recording, renumbered } from './recording.js';

/** Who ingests: a framework, or bare `JSON.parse` as the yardstick. */
export type Ingester = 'ours' | 'peer' | 'json';

/** How the ingest benchmark runs. */
export interface IngestOptions {
  readonly recording: Recording;
  readonly ingesters: readonly Ingester[];
  /** Times the recorded conversation is played in one session (its history grows each time). */
  readonly copiesPerPass: number;
  /** Measured passes per ingester (each a fresh session); passes of the ingesters alternate. */
  readonly passes: number;
  readonly warmupPasses: number;
}

/** What one ingester achieved. */
export interface IngestResult {
  readonly ingester: Ingester;
  /** Events per second of each pass. */
  readonly eventsPerSecond: number[];
  /** Megabytes (10^6 bytes of frame text) per second of each pass. */
  readonly megabytesPerSecond: number[];
  /** Time to take in one frame (parse, session, history, listeners), ms, every frame of every pass. */
  readonly perEventMs: number[];
  /** The same times summed per event type: where the time goes. */
  readonly perType: Record<string, { count: number; totalMs: number }>;
  errors: number;
}

/** Frame counts and sizes of one pass, for the report. */
export interface PassShape {
  readonly events: number;
  readonly bytes: number;
  readonly audioDeltas: number;
  readonly transcriptDeltas: number;
}

/**
 * Pushes the recorded stream through each framework's real WebSocket transport (its message
 * listener, on a socket with no network under it), its session and its history, and through bare
 * `JSON.parse`. A pass is one new session ingesting the whole conversation `copiesPerPass` times;
 * it ends when the framework's queued work (microtasks, promise chains) is done.
 *
 * @example
 * ```ts
 * const results = await runIngest({ recording, ingesters: ['ours', 'peer', 'json'], copiesPerPass: 5, passes: 30, warmupPasses: 5 });
 * ```
 */
export async function runIngest(
  options: IngestOptions,
): Promise<{ results: IngestResult[]; shape: PassShape }> {
  const frames: string[] = [];
  for (let copy = 0; copy < options.copiesPerPass; copy++)
    frames.push(...renumbered(options.recording.turns, copy));
  const shape = shapeOf(frames);
  const results = new Map<Ingester, IngestResult>(
    options.ingesters.map((ingester) => [
      ingester,
      { ingester, eventsPerSecond: [], megabytesPerSecond: [], perEventMs: [], perType: {}, errors: 0 },
    ]),
  );
  for (let pass = 0; pass < options.warmupPasses + options.passes; pass++) {
    for (const ingester of options.ingesters) {
      const result = pass < options.warmupPasses ? undefined : results.get(ingester);
      await runPass(ingester, options.recording.opening, frames, shape, result, false);
      // A second pass times every frame on its own; kept apart so the clock reads do not slow the throughput pass.
      await runPass(ingester, options.recording.opening, frames, shape, result, true);
    }
  }
  return { results: [...results.values()], shape };
}

async function runPass(
  ingester: Ingester,
  opening: readonly string[],
  frames: readonly string[],
  shape: PassShape,
  into: IngestResult | undefined,
  timeEachFrame: boolean,
): Promise<void> {
  // No forced GC between passes: a full GC shrinks the young generation and the next pass pays for
  // regrowing it, which distorts exactly the allocation-heavy paths being compared.
  const target = ingester === 'json' ? jsonTarget() : await sessionTarget(ingester, opening);
  const started = process.hrtime.bigint();
  if (timeEachFrame) {
    const times = new Float64Array(frames.length);
    for (let i = 0; i < frames.length; i++) {
      const before = process.hrtime.bigint();
      target.deliver(frames[i] as string);
      times[i] = nsToMs(process.hrtime.bigint() - before);
    }
    if (into) {
      for (let i = 0; i < frames.length; i++) {
        const time = times[i] as number;
        into.perEventMs.push(time);
        const type = typeOf(frames[i] as string);
        const entry = into.perType[type] ?? { count: 0, totalMs: 0 };
        into.perType[type] = entry;
        entry.count += 1;
        entry.totalMs += time;
      }
    }
  } else {
    for (const frame of frames) target.deliver(frame);
  }
  // Work the framework deferred (promise chains, emitters) belongs to the pass.
  await new Promise((resolve) => setImmediate(resolve));
  const seconds = nsToMs(process.hrtime.bigint() - started) / 1000;
  await target.close();
  if (!into) return;
  if (!timeEachFrame) {
    into.eventsPerSecond.push(shape.events / seconds);
    into.megabytesPerSecond.push(shape.bytes / 1e6 / seconds);
  }
  into.errors += target.errors();
}

interface Target {
  deliver(frame: string): void;
  errors(): number;
  close(): Promise<void>;
}

/** The yardstick: decode each frame and keep the result reachable, nothing else. */
function jsonTarget(): Target {
  let sink: unknown;
  return {
    deliver: (frame) => {
      sink = JSON.parse(frame);
    },
    errors: () => (sink === undefined ? 1 : 0),
    close: async () => {},
  };
}

async function sessionTarget(client: 'ours' | 'peer', opening: readonly string[]): Promise<Target> {
  let socket: FakeSocket | undefined;
  const session: BenchSession = SESSION_FACTORIES[client]('ws://127.0.0.1:9/v1/realtime', 'tool', () => {
    socket = new FakeSocket();
    return socket;
  });
  const connected = session.connect();
  // The peer makes its socket in an async factory: let it run.
  for (let tries = 0; !socket && tries < 100; tries++) await new Promise((resolve) => setImmediate(resolve));
  if (!socket) throw new Error(`${client} never opened its socket`);
  const open = socket;
  open.open();
  for (const frame of opening) open.deliver(frame);
  await connected;
  return {
    deliver: (frame) => open.deliver(frame),
    errors: () => session.errors.length,
    close: () => session.close(),
  };
}

/** The `type` of a frame, read from its start (every frame of the recording begins with it). */
function typeOf(frame: string): string {
  const start = frame.indexOf('"type":"');
  if (start === -1) return 'unknown';
  return frame.slice(start + 8, frame.indexOf('"', start + 8));
}

function shapeOf(frames: readonly string[]): PassShape {
  let bytes = 0;
  let audioDeltas = 0;
  let transcriptDeltas = 0;
  for (const frame of frames) {
    bytes += Buffer.byteLength(frame);
    if (frame.startsWith('{"type":"response.output_audio.delta"')) audioDeltas += 1;
    else if (frame.startsWith('{"type":"response.output_audio_transcript.delta"')) transcriptDeltas += 1;
  }
  return { events: frames.length, bytes, audioDeltas, transcriptDeltas };
}

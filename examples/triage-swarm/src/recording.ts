import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type RealtimeTransport, recordTransport } from '@switchboard/core';

/** A call's transport, recording to a file when `SWITCHBOARD_RECORD` is set. */
export interface RecordedCall {
  /** The transport to give the session: the one passed in, or a recording wrapper around it. */
  readonly transport: RealtimeTransport;
  /** The recording (an absolute path), when the call is being recorded. */
  readonly file?: string;
  /** Settles once the recording is complete on disk (at once when nothing is recorded). */
  readonly saved: Promise<void>;
}

/**
 * Records one call of an example when `SWITCHBOARD_RECORD=<dir>` is set: every event both ways goes
 * to `<dir>/<label>-<time>-<id>.jsonl` (JSON Lines from `recordTransport`, which
 * `switchboard inspect` turns into an HTML page) until the transport closes. A relative `<dir>` is
 * taken from where pnpm was run (`INIT_CWD`), not from the example's folder. A disk error stops the
 * recording with one message; it never ends the call.
 *
 * @example
 * ```ts
 * import { recordCall } from './recording.js';
 *
 * const call = recordCall(await createTransport(config), { label: 'triage' });
 * const session = new RealtimeSession({ swarm, transport: call.transport });
 * ```
 */
export function recordCall(
  transport: RealtimeTransport,
  options: { readonly label: string; readonly env?: Readonly<Record<string, string | undefined>> },
): RecordedCall {
  const folder = recordingFolder(options.env);
  const unrecorded = { transport, saved: Promise.resolve() };
  if (!folder) return unrecorded;
  try {
    mkdirSync(folder, { recursive: true });
  } catch (error) {
    console.error(`not recording: ${error instanceof Error ? error.message : String(error)}`);
    return unrecorded;
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = join(folder, `${options.label}-${stamp}-${randomBytes(3).toString('hex')}.jsonl`);
  const stream = createWriteStream(file);
  let writing = true;
  const saved = new Promise<void>((done) => {
    stream.once('close', done);
    stream.on('error', (error) => {
      if (writing) console.error(`recording stopped: ${error.message} (${file})`);
      writing = false;
      done();
    });
  });
  const recorded = recordTransport(transport, (line) => {
    if (writing) stream.write(line);
  });
  const status = recorded.status$.subscribe((state) => {
    if (state.state !== 'closed' || !writing) return;
    writing = false;
    stream.end();
    // The subscription may not exist yet when the transport is already closed (a synchronous replay).
    queueMicrotask(() => status.unsubscribe());
  });
  return { transport: recorded, file, saved };
}

/**
 * Where calls are recorded: `SWITCHBOARD_RECORD` as an absolute path (relative to where pnpm was run),
 * or `undefined` when it is not set.
 */
export function recordingFolder(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined {
  const dir = env.SWITCHBOARD_RECORD?.trim();
  return dir ? resolve(env.INIT_CWD ?? process.cwd(), dir) : undefined;
}

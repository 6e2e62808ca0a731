import { tap } from 'rxjs';
import type { ClientEvent } from '../protocol/index.js';
import type { RealtimeTransport, RenewOptions } from './transport.js';

/** One line of a recording: an event in either direction, `t` ms after the recording started. */
export type RecordedEntry =
  | { readonly t: number; readonly direction: 'client'; readonly event: ClientEvent }
  | { readonly t: number; readonly direction: 'server'; readonly event: unknown };

/** Where recorded lines go: a function called with one JSON line (newline included) per event. */
export type RecordSink = (line: string) => void;

/**
 * Wraps a transport so that every event in both directions is written to `sink` as JSON Lines with
 * a timestamp. The wrapped transport behaves exactly like the inner one. Core stays free of Node
 * modules, so the sink is a function: pass `(line) => stream.write(line)` to write a file.
 *
 * @example
 * ```ts
 * import { createWriteStream } from 'node:fs';
 * import { recordTransport } from '@switchboard/core';
 * import { websocketTransport } from '@switchboard/transport-websocket';
 *
 * const file = createWriteStream('session.jsonl');
 * const transport = recordTransport(websocketTransport({ dialect: 'ga' }), (line) => file.write(line));
 * ```
 */
export function recordTransport(
  inner: RealtimeTransport,
  sink: RecordSink,
  clock: () => number = () => performance.now(),
): RealtimeTransport {
  const start = clock();
  const write = (entry: RecordedEntry) => sink(`${JSON.stringify(entry)}\n`);
  const now = () => Math.round((clock() - start) * 1000) / 1000;
  return {
    events$: inner.events$.pipe(tap((event) => write({ t: now(), direction: 'server', event }))),
    status$: inner.status$,
    errors$: inner.errors$,
    connect: () => inner.connect(),
    send(event) {
      write({ t: now(), direction: 'client', event });
      inner.send(event);
    },
    close: () => inner.close(),
    // Who plays the audio, playback cuts and a phone hang-up pass through too: a recorded phone or
    // WebRTC call must interrupt (`output_audio_buffer.clear`, truncation) and hang up as it would unrecorded.
    ...(inner.playback ? { playback: inner.playback } : {}),
    ...(inner.playbackCut$ ? { playbackCut$: inner.playbackCut$ } : {}),
    ...(inner.hangup ? { hangup: () => inner.hangup?.() ?? Promise.resolve() } : {}),
    // So do where the model's events come from and who else controls the session: a recorded relay
    // call must refuse model-only tools, a recorded sideband call must watch its config (issue 10).
    ...(inner.modelEvents ? { modelEvents: inner.modelEvents } : {}),
    ...(inner.sessionControl ? { sessionControl: inner.sessionControl } : {}),
    // A recorded call rolls over as it would unrecorded.
    ...(inner.renew ? { renew: (options?: RenewOptions) => inner.renew?.(options) } : {}),
    ...(inner.maxSessionMs === undefined ? {} : { maxSessionMs: inner.maxSessionMs }),
  };
}

/** A recording line that is not a valid entry. */
export class RecordingFormatError extends Error {
  override readonly name = 'RecordingFormatError';
  readonly code = 'invalid_recording';
  constructor(
    /** 1-based line number in the JSON Lines text. */
    readonly line: number,
    detail: string,
  ) {
    super(`recording line ${line}: ${detail}`);
  }
}

/** Parses JSON Lines written by {@link recordTransport}; blank lines are skipped. */
export function parseRecording(jsonl: string): RecordedEntry[] {
  const entries: RecordedEntry[] = [];
  jsonl.split('\n').forEach((text, index) => {
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new RecordingFormatError(index + 1, 'not JSON');
    }
    if (!isEntry(value)) {
      throw new RecordingFormatError(
        index + 1,
        'expected {"t": number, "direction": "client" | "server", "event": {...}}',
      );
    }
    entries.push(value);
  });
  return entries;
}

function isEntry(value: unknown): value is RecordedEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return (
    typeof entry.t === 'number' &&
    (entry.direction === 'client' || entry.direction === 'server') &&
    typeof entry.event === 'object' &&
    entry.event !== null
  );
}

import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { parseRecording, type RecordedEntry, RecordingFormatError } from '@switchboard/core';

/**
 * A recording file that could not be read: missing, unreadable, not gzip, or not a recording.
 *
 * @example
 * ```ts
 * import { RecordingReadError, readRecording } from '@switchboard/cli';
 *
 * try {
 *   await readRecording('calls/missing.jsonl');
 * } catch (error) {
 *   if (error instanceof RecordingReadError) console.error(error.message); // calls/missing.jsonl: no such file
 * }
 * ```
 */
export class RecordingReadError extends Error {
  override readonly name = 'RecordingReadError';
  readonly code = 'unreadable_recording';
  constructor(
    /** The file as given. */
    readonly file: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${detail}`, options);
  }
}

/** gzip's magic bytes. */
const GZIP = [0x1f, 0x8b];

/**
 * Reads a recording written by `recordTransport` (JSON Lines, optionally gzipped) into entries.
 * Every failure is a {@link RecordingReadError} naming the file (and the line, for a bad line).
 *
 * @example
 * ```ts
 * import { readRecording, renderInspector } from '@switchboard/cli';
 *
 * const html = renderInspector(await readRecording('calls/triage.jsonl'));
 * ```
 */
export async function readRecording(file: string): Promise<RecordedEntry[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    const code = (cause as { code?: unknown }).code;
    const detail =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a recording' : String(cause);
    throw new RecordingReadError(file, detail, { cause });
  }
  let text: string;
  try {
    text =
      bytes[0] === GZIP[0] && bytes[1] === GZIP[1]
        ? gunzipSync(bytes).toString('utf8')
        : bytes.toString('utf8');
  } catch (cause) {
    throw new RecordingReadError(file, `not a readable gzip file (${String(cause)})`, { cause });
  }
  try {
    const entries = parseRecording(text);
    if (entries.length === 0)
      throw new RecordingReadError(file, 'holds no events (is it a recording from recordTransport?)');
    return entries;
  } catch (cause) {
    if (cause instanceof RecordingFormatError) throw new RecordingReadError(file, cause.message, { cause });
    throw cause;
  }
}

/**
 * The recorded real-API traffic in `test/fixtures/recorded/` (a copy of shared/protocol/recorded/):
 * JSON Lines, the first line describing the source, every other line one server event as sent.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { type DialectName, getDialect } from '../../src/protocol/index.js';

/** The first line of a recording. */
export interface RecordingSource {
  readonly source: string;
  readonly dialect: DialectName;
  /** Every server event of a session, in order (else a few events). */
  readonly whole_stream: boolean;
  readonly notes: readonly string[];
  /** How many events follow. */
  readonly events: number;
}

export interface Recording {
  readonly file: string;
  readonly source: RecordingSource;
  /** The events as the API sent them, in the recording's dialect. */
  readonly events: readonly Record<string, unknown>[];
}

const DIRECTORY = new URL('../fixtures/recorded/', import.meta.url);

function load(file: string): Recording {
  const lines = readFileSync(new URL(file, DIRECTORY), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
  const [head = '{}', ...rest] = lines;
  return {
    file,
    source: JSON.parse(head) as RecordingSource,
    events: rest.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

/** Every recording, by file name. */
export const RECORDINGS: readonly Recording[] = readdirSync(DIRECTORY)
  .filter((file) => file.endsWith('.jsonl'))
  .sort()
  .map(load);

/** The recording in `file`. */
export function recording(file: string): Recording {
  const found = RECORDINGS.find((candidate) => candidate.file === file);
  if (!found) throw new Error(`no recording ${file}`);
  return found;
}

/** An event of a recording in canonical (GA) form: beta files go through the beta dialect first. */
export function canonical(recorded: Recording, event: Record<string, unknown>): Record<string, unknown> {
  return getDialect(recorded.source.dialect).serverEventToCanonical(event);
}

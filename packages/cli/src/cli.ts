import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CliUsageError, parseCli, USAGE } from './cli-args.js';
import { formatBytes } from './inspect/event-rows.js';
import { RecordingReadError, readRecording } from './read-recording.js';
import { renderInspector } from './render/page.js';

/** Where the command prints. */
export interface CliOutput {
  log(line: string): void;
  error(line: string): void;
}

/** The page could not be written where it should go. */
class PageWriteError extends Error {
  override readonly name = 'PageWriteError';
}

/**
 * Runs `switchboard <args>` and returns its exit code: 0 done, 1 the recording or the page failed
 * (one line saying which file and why), 2 a bad command line (with the usage).
 */
export async function runCli(args: readonly string[], output: CliOutput = console): Promise<number> {
  try {
    const command = parseCli(args);
    if (command.command === 'help') {
      output.log(USAGE);
      return 0;
    }
    const entries = await readRecording(command.recording);
    const html = renderInspector(entries, { title: command.recording });
    await writeFile(command.out, html).catch((error: unknown) => {
      const reason = (error as { code?: string }).code === 'ENOENT' ? 'no such folder' : String(error);
      throw new PageWriteError(`cannot write ${command.out}: ${reason}`);
    });
    const page = resolve(command.out);
    output.log(`switchboard: ${entries.length} events → ${page} (${formatBytes(Buffer.byteLength(html))})`);
    output.log(`open ${pathToFileURL(page).href}`);
    return 0;
  } catch (error) {
    if (error instanceof CliUsageError) {
      output.error(`switchboard: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof RecordingReadError || error instanceof PageWriteError) {
      output.error(`switchboard: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

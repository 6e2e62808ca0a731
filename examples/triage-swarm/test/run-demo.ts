import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs the terminal demo (`src/main.ts`, as `pnpm demo` does) against the in-process local server,
 * without colours, and resolves with what it printed; `env` adds to the environment.
 */
export function runDemo(env: Readonly<Record<string, string>> = {}): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', 'src/main.ts'],
      {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        env: { ...process.env, SWITCHBOARD_TRANSPORT: 'local', NO_COLOR: '1', ...env },
      },
      (failure, out, err) => (failure ? reject(new Error(`${failure.message}\n${err}`)) : resolve(out)),
    );
  });
}

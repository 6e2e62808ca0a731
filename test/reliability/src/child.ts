import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A server running in its own process, so a request that kills it shows as a dead child. */
export interface Child {
  readonly pid: number;
  /** What the child announced when it was ready (ports, URLs). */
  readonly info: Readonly<Record<string, unknown>>;
  /** Whether the process is still running. */
  alive(): boolean;
  /** Asks the child's handler `name`; rejects if the child answers with an error or dies. */
  request<T>(name: string, argument?: unknown): Promise<T>;
  /** Stops the child (SIGTERM, then SIGKILL after 2 s). */
  stop(): Promise<void>;
}

/**
 * Starts a TypeScript script from `src/servers/` in a child process (workspace packages from their
 * sources, `--expose-gc` for heap figures) and waits for it to announce itself.
 */
export async function startChild(script: string, env: Record<string, string> = {}): Promise<Child> {
  const path = fileURLToPath(new URL(`./servers/${script}`, import.meta.url));
  const child: ChildProcess = spawn(
    process.execPath,
    ['--expose-gc', '--conditions=source', '--import', 'tsx', path],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, ...env } },
  );
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 0;
  const info = await new Promise<Record<string, unknown>>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before it was ready`)));
    child.on(
      'message',
      (message: { ready?: Record<string, unknown>; id?: number; value?: unknown; error?: string }) => {
        if (message.ready) return resolve(message.ready);
        const waiter = message.id === undefined ? undefined : pending.get(message.id);
        if (!waiter || message.id === undefined) return;
        pending.delete(message.id);
        if (message.error) waiter.reject(new Error(message.error));
        else waiter.resolve(message.value);
      },
    );
  });
  void exit.then(() => {
    for (const waiter of pending.values()) waiter.reject(new Error(`${script} died`));
    pending.clear();
  });
  return {
    pid: child.pid as number,
    info,
    alive: () => !exited,
    request: <T>(name: string, argument?: unknown) =>
      new Promise<T>((resolve, reject) => {
        if (exited) return reject(new Error(`${script} is not running`));
        const id = nextId++;
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ id, name, argument });
      }),
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      await exit;
      clearTimeout(timer);
    },
  };
}

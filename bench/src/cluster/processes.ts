import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A bench worker process: its peak sessions and memory, as it reported them. */
export interface BenchWorker {
  readonly id: string;
  readonly child: ChildProcess;
  peakActive: number;
  peakRss: number;
  startRss: number;
  kill(): Promise<void>;
}

/** Forks a worker (see worker.ts) and waits until it claims calls. */
export async function forkBenchWorker(
  id: string,
  env: {
    readonly redis: string;
    readonly model: string;
    readonly capacity: number;
    readonly leaseMs: number;
  },
): Promise<BenchWorker> {
  const child = fork(fileURLToPath(new URL('./worker.ts', import.meta.url)), [], {
    execArgv: ['--conditions=source', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: {
      ...process.env,
      REDIS_URL: env.redis,
      MODEL_URL: env.model,
      CAPACITY: String(env.capacity),
      LEASE_MS: String(env.leaseMs),
      WORKER_ID: id,
    },
  });
  const worker: BenchWorker = {
    id,
    child,
    peakActive: 0,
    peakRss: 0,
    startRss: 0,
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await gone;
    },
  };
  child.on('message', (message: { type: string; active?: number; rss?: number }) => {
    if (message.type !== 'metrics') return;
    if (worker.startRss === 0) worker.startRss = message.rss ?? 0;
    worker.peakActive = Math.max(worker.peakActive, message.active ?? 0);
    worker.peakRss = Math.max(worker.peakRss, message.rss ?? 0);
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench worker ${id} exited (${code})`)));
    child.on('message', (message: { type: string }) => {
      if (message.type === 'ready') resolve();
    });
  });
  child.removeAllListeners('exit');
  return worker;
}

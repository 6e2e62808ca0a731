import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startRedisServer, type TestRedisServer } from '@switchboard/cluster/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const NODE_ARGS = ['--conditions=source', '--import', 'tsx'];

let redis: TestRedisServer;
let worker: ChildProcess;
let workerOutput = '';
beforeAll(async () => {
  redis = await startRedisServer();
  // The example's worker, in a process of its own, as `pnpm worker` starts it.
  worker = spawn(process.execPath, [...NODE_ARGS, here('../src/worker.ts')], {
    env: {
      ...process.env,
      SWITCHBOARD_CLUSTER: redis.url,
      SWITCHBOARD_TRANSPORT: 'local',
      SWITCHBOARD_WORKER_ID: 'example-w1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  worker.stdout?.on('data', (chunk) => {
    workerOutput += chunk;
  });
  worker.stderr?.on('data', (chunk) => {
    workerOutput += chunk;
  });
  for (let i = 0; i < 300 && !workerOutput.includes('ready'); i += 1)
    await new Promise((r) => setTimeout(r, 50));
}, 30_000);
afterAll(async () => {
  if (worker && worker.exitCode === null) {
    worker.kill('SIGKILL');
  }
  await redis?.stop();
});

describe('the demo, clustered by config alone (SWITCHBOARD_CLUSTER)', () => {
  it('dispatches its call to the cluster: a worker process runs the whole conversation', async () => {
    expect(workerOutput).toContain('worker example-w1 ready');
    const output = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        [...NODE_ARGS, here('../src/main.ts')],
        {
          env: {
            ...process.env,
            SWITCHBOARD_CLUSTER: redis.url,
            SWITCHBOARD_CLUSTER_WORKER: 'external',
            NO_COLOR: '1',
          },
          timeout: 60_000,
        },
        (error, stdout, stderr) =>
          error ? reject(new Error(`${error.message}\n${stdout}${stderr}`)) : resolve(stdout),
      );
    });
    expect(output).toContain(`Cluster: ${redis.url} (external workers)`);
    for (const line of [
      '↪ handoff: Triage → Billing',
      '⚙ Billing called lookup_invoice({"invoiceId":"INV-1001"})',
      '✔ operator approved issue_refund',
      '⚙ Billing called issue_refund(',
      '⚙ Tech Support called create_ticket(',
    ])
      expect(output).toContain(line);
    expect(output).toMatch(/Done\. Call [0-9a-f-]+ ran on worker example-w1\.\n$/);
  });

  it('stops its worker gracefully on SIGTERM (a drain)', async () => {
    const exited = new Promise<number | null>((resolve) => worker.once('exit', (code) => resolve(code)));
    worker.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(workerOutput).toContain('worker example-w1 drained: 0 ended here, 0 handed over');
  });
});

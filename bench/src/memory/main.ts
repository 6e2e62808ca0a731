/**
 * `pnpm --filter @switchboard/bench bench:memory [-- --sessions 1000 --top 25]`: where an idle
 * session's heap goes. For each framework, connects N idle sessions to the benchmark model, reads
 * the heap after a full GC, and prints the heap per session with a census of what grew (objects by
 * constructor, closures by name, engine kinds), per session. Needs `--expose-gc` (the script passes it).
 */
import { type BenchSession, type ClientName, SESSION_FACTORIES } from '../clients/index.js';
import { collectGarbage, sleep } from '../gc.js';
import { forkModelServer } from '../server/remote.js';
import { workloadQuery } from '../server/workload.js';
import { censusGrowth, heapCensus } from './census.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(`--${name}`);
  const value = at >= 0 ? Number(args[at + 1]) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const count = option('sessions', 1_000);
const top = option('top', 25);
const only = args.indexOf('--client');
const clients: ClientName[] = only >= 0 ? [args[only + 1] as ClientName] : ['ours', 'peer'];
const census = !args.includes('--no-census');

if (!collectGarbage()) throw new Error('run node with --expose-gc');
const server = await forkModelServer();
try {
  for (const client of clients) {
    const label = `memory-${client}-${Date.now()}`;
    const query = workloadQuery({
      kind: 'tool',
      parallel: 1,
      rounds: 1,
      intervalMs: 1_000,
      label,
      hold: true,
    });
    // Sessions first, so that what every session shares (modules, JIT code and feedback, the agents)
    // is in the base: 100 made and closed, one kept.
    const warmup = Array.from({ length: 100 }, () =>
      SESSION_FACTORIES[client](`${server.url}?${query}`, 'tool'),
    );
    await Promise.all(warmup.map((session) => session.connect()));
    await Promise.all(warmup.map((session) => session.close()));
    const warm = SESSION_FACTORIES[client](`${server.url}?${query}`, 'tool');
    await warm.connect();
    await sleep(200);
    collectGarbage();
    const before = census ? heapCensus() : new Map();
    collectGarbage();
    const base = process.memoryUsage().heapUsed;
    const sessions: BenchSession[] = [];
    for (let i = 0; i < count; i += 50) {
      const batch = Array.from({ length: Math.min(50, count - i) }, () =>
        SESSION_FACTORIES[client](`${server.url}?${query}`, 'tool'),
      );
      sessions.push(...batch);
      await Promise.all(batch.map((session) => session.connect()));
    }
    await sleep(300);
    collectGarbage();
    const heap = (process.memoryUsage().heapUsed - base) / count;
    const growth = census ? censusGrowth(before, heapCensus()) : [];
    console.log(`\n${client}: ${count} idle sessions, ${(heap / 1024).toFixed(2)} KiB heap per session`);
    console.log('bytes/session  objects/session  kind');
    for (const entry of growth.slice(0, top)) {
      console.log(
        `${(entry.bytes / count).toFixed(0).padStart(13)}  ${(entry.count / count).toFixed(2).padStart(15)}  ${entry.name}`,
      );
    }
    for (let i = 0; i < sessions.length; i += 50)
      await Promise.all(sessions.slice(i, i + 50).map((session) => session.close()));
    await warm.close();
    await sleep(200);
  }
} finally {
  await server.close();
}

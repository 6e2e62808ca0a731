import { scriptedBrain, startLocalRealtime } from '@switchboard/local-realtime';
import { memoryAfterGc, serveIpc } from './ipc.js';

/*
 * A local-realtime server as a developer runs it (`--require-auth`, fast pace), in its own process.
 * It echoes text, tells a long story on request, and speaks (tone) when asked for audio.
 */
const server = await startLocalRealtime({
  requireAuth: 'sk-reliability',
  audio: { pace: 'fast', voice: 'tone' },
  maxCalls: Number(process.env.MAX_CALLS ?? 200),
  brain: scriptedBrain({
    rules: [{ user: /story/, say: `Once upon a time ${'the story went on and on. '.repeat(40)}The end.` }],
    fallback: (context) => [{ type: 'message', text: `Echo: ${context.userText ?? ''}` }],
  }),
});

serveIpc(
  { port: server.port, url: server.url, httpUrl: server.httpUrl },
  {
    memory: () => memoryAfterGc(),
    stats: () => ({ connections: server.connections, calls: server.calls }),
  },
);
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));

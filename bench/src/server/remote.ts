import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ModelServer, ServerSamples } from './model-server.js';

/** Requests from the benchmark process to the model's process. */
export type ParentMessage =
  | {
      readonly type: 'take';
      readonly id: number;
      readonly label: string;
      readonly expected: number;
      readonly timeoutMs?: number;
    }
  | { readonly type: 'release'; readonly label: string }
  | { readonly type: 'close' };

/** Replies from the model's process. */
type ChildMessage =
  | { readonly type: 'ready'; readonly url: string }
  | { readonly type: 'taken'; readonly id: number; readonly samples: ServerSamples };

/**
 * Starts the benchmark model in a child process (with the same loader as this one) and returns a
 * handle with the same surface as the in-process {@link startModelServer}.
 *
 * @example
 * ```ts
 * const server = await forkModelServer();
 * try { ... } finally { await server.close(); }
 * ```
 */
export async function forkModelServer(): Promise<ModelServer> {
  const child = fork(fileURLToPath(new URL('./child.ts', import.meta.url)), [], {
    execArgv: ['--conditions=source', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the model server exited early (code ${code})`)));
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'ready') resolve(message.url);
    });
  });
  child.removeAllListeners('exit');
  let nextId = 0;
  return {
    url,
    release: async (label) => {
      child.send({ type: 'release', label } satisfies ParentMessage);
    },
    take: (label, expected, timeoutMs) =>
      request(child, { type: 'take', id: ++nextId, label, expected, timeoutMs }),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send({ type: 'close' } satisfies ParentMessage);
      }),
  };
}

function request(
  child: ChildProcess,
  message: Extract<ParentMessage, { type: 'take' }>,
): Promise<ServerSamples> {
  return new Promise((resolve) => {
    const onMessage = (reply: ChildMessage) => {
      if (reply.type === 'taken' && reply.id === message.id) {
        child.off('message', onMessage);
        resolve(reply.samples);
      }
    };
    child.on('message', onMessage);
    child.send(message);
  });
}

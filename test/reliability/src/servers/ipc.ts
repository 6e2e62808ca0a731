/**
 * The child side of {@link startChild}: announces `ready` with what the parent needs (ports…), then
 * answers requests by name. Nothing here catches a crash: a request that takes the process down must
 * show as a dead child.
 */
export function serveIpc(
  ready: Record<string, unknown>,
  handlers: Readonly<Record<string, (argument: unknown) => unknown>>,
): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error('run this script through startChild() (it needs an IPC channel)');
  process.on('message', (message: { id: number; name: string; argument?: unknown }) => {
    const handler = handlers[message.name];
    Promise.resolve(handler ? handler(message.argument) : { error: `no handler ${message.name}` }).then(
      (value) => send({ id: message.id, value }),
      (error: unknown) => send({ id: message.id, error: String(error) }),
    );
  });
  send({ ready });
}

/** Heap and memory after a full collection (children run with --expose-gc). */
export function memoryAfterGc(): NodeJS.MemoryUsage {
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage();
}

/**
 * Entry point of the benchmark model when it runs in its own process (see `forkModelServer`), so
 * the server's clock and event loop are not disturbed by the clients under test.
 */
import { startModelServer } from './model-server.js';
import type { ParentMessage } from './remote.js';

const server = await startModelServer();
process.send?.({ type: 'ready', url: server.url });
process.on('message', (message: ParentMessage) => {
  if (message.type === 'take') {
    void server.take(message.label, message.expected, message.timeoutMs).then((samples) => {
      process.send?.({ type: 'taken', id: message.id, samples });
    });
  } else if (message.type === 'release') {
    void server.release(message.label);
  } else if (message.type === 'close') {
    void server.close().then(() => process.exit(0));
  }
});
// The parent died without saying goodbye: do not linger.
process.on('disconnect', () => process.exit(0));

// Run after a second copy of @switchboard/core was put under local-realtime's own node_modules:
// the transport it registers must still be found by the app's copy of core.
import '@switchboard/transport-websocket';
import '@switchboard/local-realtime/transport';
import { createRequire } from 'node:module';
import { createTransport } from '@switchboard/core';

const require = createRequire(import.meta.url);
const localRealtime = createRequire(require.resolve('@switchboard/local-realtime/package.json'));
const copies = new Set([require.resolve('@switchboard/core'), localRealtime.resolve('@switchboard/core')]);
const transport = await createTransport({ type: 'local', audio: { pace: 'fast' } });
await transport.connect();
await transport.close();
console.log(JSON.stringify({ copies: copies.size }));

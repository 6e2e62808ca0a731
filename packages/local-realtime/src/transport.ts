// `@switchboard/local-realtime/transport`: the `{ type: 'local' }` transport, registered on import.
import { registerTransport } from '@switchboard/core';
import { localTransport } from './local-transport.js';

export { type LocalTransportOptions, LocalTransportSetupError, localTransport } from './local-transport.js';

registerTransport('local', ({ type: _type, ...options }) => localTransport(options));

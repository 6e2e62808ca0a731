import { RealtimeSession } from '@switchboard/core';
import { webrtcRelayTransport } from '../../src/index.js';
import { fakeRealtimeApi } from './fake-api.js';
import { openFakeBrowser } from './fake-browser.js';
import { startHttpServer, testSwarm } from './fixtures.js';

/** The page's origin in relay tests. */
export const ORIGIN = 'http://app.test';
/** What each test started; `closeRelayCalls()` in `afterEach` ends it. */
const cleanups: (() => Promise<void>)[] = [];
export async function closeRelayCalls(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
}

/**
 * A call (relay mode unless `mode` says otherwise) on a loopback HTTP server: a session over the
 * transport (the {@link testSwarm}, or `swarm`), a fake realtime API (answering `status` to every
 * request, or naming the call `callId`; or a real one at `baseURL` with `fetch`), and a fake
 * browser that joined.
 */
export async function relayCall(
  options: {
    mode?: 'relay' | 'sideband';
    limits?: Parameters<typeof webrtcRelayTransport>[0]['limits'];
    status?: number;
    callId?: string;
    baseURL?: string;
    dialect?: 'ga' | 'beta';
    swarm?: ReturnType<typeof testSwarm>['swarm'];
    /** How the server reaches the API at `baseURL` (default: the fake API). */
    fetch?: typeof fetch;
  } = {},
) {
  const http = await startHttpServer();
  const api = fakeRealtimeApi({
    ...(options.status === undefined ? {} : { status: options.status }),
    ...(options.callId === undefined ? {} : { callId: options.callId }),
  });
  const transport = webrtcRelayTransport({
    mode: options.mode ?? 'relay',
    endpoint: http.server,
    allowedOrigins: [ORIGIN],
    apiKey: 'sk-server-only',
    baseURL: options.baseURL ?? 'http://api.test/v1',
    fetch: options.fetch ?? api.fetch,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.dialect ? { dialect: options.dialect } : {}),
  });
  const made = testSwarm();
  const swarm = options.swarm ?? made.swarm;
  const calls = made.calls;
  const session = new RealtimeSession({ swarm, transport });
  const errors: Error[] = [];
  transport.errors$.subscribe((error) => errors.push(error));
  const connected = session.connect();
  const browser = await openFakeBrowser(`ws://127.0.0.1:${http.port}/switchboard/relay`, transport.token, {
    origin: ORIGIN,
  });
  await connected;
  cleanups.push(async () => {
    await session.close();
    await http.close();
  });
  return { transport, session, browser, api, calls, errors };
}

/** Numbers relayed server events the way the browser module does. */
export function relayer(browser: { send(message: unknown): void }) {
  let id = 0;
  return (event: unknown) => browser.send({ type: 'server_event', id: ++id, event: JSON.stringify(event) });
}

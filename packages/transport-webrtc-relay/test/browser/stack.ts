import { RealtimeSession } from '@switchboard/core';
import { type LocalRealtimeServer, scriptedBrain, startLocalRealtime } from '@switchboard/local-realtime';
import type { Page } from 'playwright-core';
import { type RelayMode, type WebRtcRelayTransport, webrtcRelayTransport } from '../../src/index.js';
import { testSwarm } from '../helpers/fixtures.js';
import type { TestBrowser } from './chromium.js';
import { INSTRUMENT_PAGE, startPageServer } from './page-server.js';

/** The model's side of the test conversations: deterministic, with a tool call and a handoff. */
export const SCRIPT = scriptedBrain([
  { user: 'invoice', call: { name: 'lookup_invoice', arguments: { invoiceId: 'INV-1001' } } },
  { toolOutput: 'lookup_invoice', say: 'Invoice INV-1001 is 49 euros.' },
  { user: 'refund', handoff: 'Billing' },
  { toolOutput: 'transfer_to_billing', say: 'Billing here. How can I help?' },
]);

/** A local realtime server (WebRTC included) and a page server with the relay endpoint on it. */
export async function startStack(options: { voice?: boolean } = {}) {
  const realtime: LocalRealtimeServer = await startLocalRealtime({
    brain: SCRIPT,
    audio: { pace: options.voice ? 'realtime' : 'fast', voice: 'tone' },
  });
  const pages = await startPageServer();
  return {
    realtime,
    pages,
    /** A call the page can join: transport, session with the test swarm, and the tool runs it made. */
    call(mode: RelayMode, extra: { voice?: boolean } = {}) {
      const transport: WebRtcRelayTransport = webrtcRelayTransport({
        mode,
        endpoint: pages.server,
        allowedOrigins: [pages.origin],
        baseURL: realtime.httpUrl,
        apiKey: 'sk-test-server-key',
      });
      const { swarm, calls } = testSwarm(extra);
      const session = new RealtimeSession({ swarm, transport });
      const connected = session.connect();
      connected.catch(() => {});
      return {
        transport,
        session,
        calls,
        connected,
        url: `${pages.origin.replace('http', 'ws')}/switchboard/relay`,
      };
    },
    async close() {
      await pages.close();
      await realtime.close();
    },
  };
}

/** What the page reports about a `connectRealtimeCall` attempt. */
export type PageConnect =
  | { readonly ok: true; readonly mode: string }
  | { readonly ok: false; readonly name: string; readonly code: string; readonly message: string };

/** Opens the test page (instrumented) on `origin`. */
export async function openPage(browser: TestBrowser, origin: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.addInitScript(INSTRUMENT_PAGE);
  await page.goto(`${origin}/app.html`);
  await page.waitForFunction(() => 'relay' in window);
  return page;
}

/**
 * Calls `connectRealtimeCall` in the page; the live call is kept as `window.call`, its events in
 * `window.seen` (`event`, `app`, `error`, `close` entries).
 */
export function connectInPage(page: Page, target: { url: string; token: string }): Promise<PageConnect> {
  return page.evaluate(async ({ url, token }) => {
    const w = window as unknown as PageWindow;
    w.seen = { event: [], app: [], error: [], close: [] };
    try {
      const call = await w.relay.connectRealtimeCall({ url, token });
      w.call = call;
      call.on('event', (event) => w.seen.event.push(event));
      call.on('app', (payload) => w.seen.app.push(payload));
      call.on('error', (error) => w.seen.error.push({ code: error.code, message: error.message }));
      call.on('close', (end) => w.seen.close.push(end));
      return { ok: true as const, mode: String(call.mode) };
    } catch (error) {
      const { name, code, message } = error as { name: string; code: string; message: string };
      return { ok: false as const, name, code, message };
    }
  }, target);
}

/** Waits until the page has no open peer connection, data channel, socket or microphone track. */
export async function expectNothingOpen(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const leaks = (window as unknown as PageWindow).__rtc.leaks();
      return leaks.peerConnections + leaks.dataChannels + leaks.sockets + leaks.tracks === 0;
    },
    undefined,
    { timeout: 5000 },
  );
}

/** The page's globals the tests use. */
export interface PageWindow {
  relay: typeof import('../../src/browser/index.js');
  call: import('../../src/browser/index.js').RealtimeCall;
  seen: {
    event: { type: string }[];
    app: unknown[];
    error: { code: string; message: string }[];
    close: unknown[];
  };
  __rtc: {
    channels: RTCDataChannel[];
    sockets: WebSocket[];
    leaks(): {
      peerConnections: number;
      dataChannels: number;
      sockets: number;
      tracks: number;
      created: Record<string, number>;
    };
  };
}

import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/**
 * A page for the browser tests: `/app.html` loads the browser module (transpiled on the fly from
 * `src/`, so tests never need a build) and puts it on `window.relay`. The relay endpoint can be
 * attached to the same server, so page and socket share an origin, as in an app.
 */
export async function startPageServer(): Promise<{ server: Server; origin: string; close(): Promise<void> }> {
  const cache = new Map<string, string>();
  const server = createServer((request, response) => {
    void (async () => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      if (path === '/app.html') {
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end(
          '<!doctype html><title>relay test</title><script type="module">' +
            "import * as relay from '/m/browser/index.js'; window.relay = relay;</script>",
        );
        return;
      }
      const module = /^\/m\/([\w/-]+)\.js$/.exec(path)?.[1];
      if (module && !module.includes('..')) {
        let code = cache.get(module);
        if (code === undefined) {
          const source = await readFile(`${SRC}${module}.ts`, 'utf8');
          code = ts.transpileModule(source, {
            compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
          }).outputText;
          cache.set(module, code);
        }
        response.writeHead(200, { 'content-type': 'text/javascript' });
        response.end(code);
        return;
      }
      response.writeHead(404);
      response.end();
    })().catch((error: unknown) => {
      response.writeHead(500);
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Runs in every page before its scripts: records each peer connection, data channel, WebSocket and
 * microphone track, so a test can check that a call left nothing open.
 */
export const INSTRUMENT_PAGE = `(() => {
  const rtc = { pcs: [], channels: [], sockets: [], tracks: [] };
  window.__rtc = rtc;
  const PC = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends PC {
    constructor(...args) { super(...args); rtc.pcs.push(this); }
    createDataChannel(...args) { const channel = super.createDataChannel(...args); rtc.channels.push(channel); return channel; }
  };
  const WS = window.WebSocket;
  window.WebSocket = class extends WS {
    constructor(...args) { super(...args); rtc.sockets.push(this); }
  };
  const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    const stream = await getUserMedia(constraints);
    rtc.tracks.push(...stream.getTracks());
    return stream;
  };
  rtc.leaks = () => ({
    peerConnections: rtc.pcs.filter((pc) => pc.connectionState !== 'closed').length,
    dataChannels: rtc.channels.filter((channel) => channel.readyState !== 'closed').length,
    sockets: rtc.sockets.filter((socket) => socket.readyState !== WebSocket.CLOSED).length,
    tracks: rtc.tracks.filter((track) => track.readyState !== 'ended').length,
    created: { peerConnections: rtc.pcs.length, sockets: rtc.sockets.length, tracks: rtc.tracks.length },
  });
})();`;

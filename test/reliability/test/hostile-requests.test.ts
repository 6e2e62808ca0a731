import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Canary, median, openCanary } from '../src/canary.js';
import { type Child, startChild } from '../src/child.js';
import { recordFigure, scale } from '../src/figures.js';
import { httpText, rawRequest, UPGRADE_HEADERS } from '../src/raw-http.js';
import { openRelayPage, type RelayPage } from '../src/relay-browser.js';

/*
 * Issue 10, points 1 and 2: one unauthenticated request must never take a process down. Each shape
 * that once did, then a fuzz of methods, targets (every odd byte and percent sequence) and headers,
 * against local-realtime (with --require-auth) and an app with the relay endpoint attached, each in
 * its own process. After each: the process lives and a canary session still works.
 */

const KEY = 'sk-reliability';
let local: Child;
let app: Child;
let canary: Canary;
let page: RelayPage;
let pageToken: string;
let baseline: number;

beforeAll(async () => {
  [local, app] = await Promise.all([startChild('local-server.ts'), startChild('relay-app.ts')]);
  canary = await openCanary(String(local.info.url), KEY);
  const turns: number[] = [];
  for (let i = 0; i < 5; i++) turns.push(await canary.turn());
  baseline = median(turns);
  pageToken = (await app.request<{ token: string }>('newCall', 'relay')).token;
  page = await openRelayPage(String(app.info.relayUrl), pageToken, String(app.info.origin));
  await page.next('bootstrap');
});

afterAll(async () => {
  await canary?.close();
  page?.socket.close();
  await Promise.all([local?.stop(), app?.stop()]);
});

/** The local server lives and its canary session completes a turn; the app lives and its call too. */
async function bothServing(): Promise<number> {
  expect(local.alive()).toBe(true);
  expect(app.alive()).toBe(true);
  const latency = await canary.turn();
  expect(await rawRequest(Number(local.info.port), httpText('GET', '/healthz'))).toBe(200);
  expect(await rawRequest(Number(app.info.port), httpText('GET', '/'))).toBe(200);
  await app.request('appMessage', { token: pageToken, payload: 'still here' });
  expect(await page.next('app')).toMatchObject({ payload: 'still here' });
  return latency;
}

describe('the request shapes that used to end the process', () => {
  it.each([
    ['POST /v1/realtime/calls/%E0%A4%A/hangup', httpText('POST', '/v1/realtime/calls/%E0%A4%A/hangup'), 400],
    ['GET //[', httpText('GET', '//['), 404],
    ['an upgrade to //[/v1/realtime', httpText('GET', '//[/v1/realtime', UPGRADE_HEADERS), 404],
    ['GET * (no URL at all)', httpText('GET', '*'), 400],
  ])('local-realtime: %s gets %i and every other session goes on', async (_name, request, status) => {
    expect(await rawRequest(Number(local.info.port), request)).toBe(status);
    await bothServing();
  });

  it.each([
    ['an upgrade to //[', httpText('GET', '//[', UPGRADE_HEADERS)],
    ['an upgrade to //[/switchboard/relay', httpText('GET', '//[/switchboard/relay', UPGRADE_HEADERS)],
  ])('the relay endpoint: %s leaves the app and its live call untouched', async (_name, request) => {
    const outcome = await rawRequest(Number(app.info.port), request, 2000);
    // The app has only the relay's upgrade handler, so the relay answers strays itself.
    expect(outcome).toBe(404);
    await bothServing();
  });
});

/** Bytes that break parsers: every control byte, high bytes, and URL syntax. */
const oddPiece = fc.oneof(
  fc.constantFrom(
    '/',
    '//',
    '[',
    ']',
    '%',
    '%E0%A4%A',
    '%00',
    '%ZZ',
    '%C0%AF',
    '%%',
    '..',
    '?',
    '#',
    '*',
    '\\',
    '@',
    ':',
  ),
  fc.constantFrom(
    'v1',
    'realtime',
    'calls',
    'hangup',
    'client_secrets',
    'sessions',
    'switchboard',
    'relay',
    'rtc_x',
  ),
  fc.integer({ min: 0, max: 255 }).map((byte) => String.fromCharCode(byte)),
  fc.string({ maxLength: 6 }),
);
const target = fc.oneof(
  fc.array(oddPiece, { maxLength: 12 }).map((pieces) => `/${pieces.join('')}`),
  fc.array(oddPiece, { maxLength: 8 }).map((pieces) => pieces.join('')),
  fc.constantFrom('http://[/v1/realtime', 'http://x', '//[', '*', ''),
);
const header = fc.tuple(
  fc.constantFrom(
    'Content-Type',
    'Content-Length',
    'Authorization',
    'Origin',
    'Sec-WebSocket-Protocol',
    'OpenAI-Beta',
    'X-Junk',
  ),
  fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.constantFrom(
      'application/sdp',
      'multipart/form-data; boundary=x',
      'Bearer sk-reliability',
      '0',
      '-1',
      '99999999999',
    ),
  ),
);
const request = fc.record({
  method: fc.oneof(
    fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH'),
    fc.string({ maxLength: 8 }),
  ),
  target,
  upgrade: fc.boolean(),
  headers: fc.array(header, { maxLength: 5 }),
  body: fc.string({ maxLength: 200 }),
});

type GeneratedRequest = typeof request extends fc.Arbitrary<infer T> ? T : never;

function render(generated: GeneratedRequest): Buffer {
  const lines = [`${generated.method} ${generated.target} HTTP/1.1`, 'Host: 127.0.0.1'];
  if (generated.upgrade)
    for (const [name, value] of Object.entries(UPGRADE_HEADERS)) lines.push(`${name}: ${value}`);
  for (const [name, value] of generated.headers) lines.push(`${name}: ${value}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${generated.body}`, 'latin1');
}

describe('request fuzz', () => {
  it.each([
    ['local-realtime', () => Number(local.info.port)],
    ['the app with the relay endpoint', () => Number(app.info.port)],
  ])('%s survives generated requests, and the canaries keep working', async (name, port) => {
    const batch = 20;
    const runs = scale(15, 250);
    const outcomes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: batch, maxLength: batch }), async (requests) => {
        const results = await Promise.all(
          requests.map((generated) => rawRequest(port(), render(generated), 500)),
        );
        for (const result of results) outcomes.set(String(result), (outcomes.get(String(result)) ?? 0) + 1);
        return local.alive() && app.alive();
      }),
      { numRuns: runs, seed: Number(process.env.FUZZ_SEED ?? 10) },
    );
    const latency = await bothServing();
    const sent = runs * batch;
    recordFigure('request fuzz', `${name}: requests sent`, sent);
    recordFigure('request fuzz', `${name}: crashes`, 0);
    recordFigure('request fuzz', `${name}: answers by status`, JSON.stringify(Object.fromEntries(outcomes)));
    recordFigure(
      'request fuzz',
      `${name}: canary turn after (baseline ${baseline.toFixed(1)} ms)`,
      latency,
      'ms',
    );
  });
});

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRecording } from '@switchboard/core';
import { DEMO_SCRIPT } from '@switchboard/example-triage-swarm/src/conversation.js';
import { encodeWav, silence } from '@switchboard/local-realtime';
import { launchChromium, type TestBrowser } from '@switchboard/test-chromium';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startVoiceServer, type VoiceServer } from '../src/server.js';

let server: VoiceServer;
let browser: TestBrowser;
let context: BrowserContext;
let recordings: string;

beforeAll(async () => {
  server = await startVoiceServer({ local: { audio: { pace: 'fast', voice: 'tone' } } });
  recordings = mkdtempSync(join(tmpdir(), 'browser-voice-calls-'));
  // Each call is recorded here (read when a call starts).
  process.env.SWITCHBOARD_RECORD = recordings;
  // A quiet microphone: the demo script drives the turns, so no stray noise should start one.
  browser = await launchChromium({
    audioFile: (dir) => {
      const quiet = join(dir, 'quiet.wav');
      writeFileSync(quiet, encodeWav(silence(1000, 48_000), 48_000));
      return quiet;
    },
    loopAudio: true,
  });
  context = browser.context;
});

// A call a failed test left open must not be counted by the next one.
afterEach(async () => {
  await Promise.all([...server.calls.values()].map((call) => call.close()));
  await Promise.all(context.pages().map((page) => page.close()));
});

afterAll(async () => {
  delete process.env.SWITCHBOARD_RECORD;
  await browser?.close();
  await server?.close();
  if (recordings) rmSync(recordings, { recursive: true, force: true });
});

/** Starts a call in `mode` from a fresh page, plays the demo script, and reads the transcript panel. */
async function playDemo(mode: 'sideband' | 'relay') {
  const page = await context.newPage();
  await page.goto(server.url);
  await page.selectOption('#mode', mode);
  await page.click('#start');
  await page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('In a call'));
  expect(server.calls.size).toBe(1);

  await page.click('#script');
  await page.waitForSelector('#transcript li[data-kind="note"]', { timeout: 45_000 });
  const entries = await page.$$eval('#transcript li', (items) =>
    items.map((item) => ({ kind: item.getAttribute('data-kind'), text: item.textContent ?? '' })),
  );
  return { page, entries };
}

/** Hangs up from the page and waits until the server has let the call go. */
async function hangUp(page: Page) {
  await page.click('#hangup');
  await page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('Call ended'));
  await expect.poll(() => server.calls.size).toBe(0);
  await page.close();
}

// A whole demo call takes about 2 s on a quiet machine; the budget leaves room for a loaded one.
describe('browser-voice demo', { timeout: 60_000 }, () => {
  it('runs the triage swarm over a WebRTC call and shows tool calls and handoffs live', async () => {
    const { page, entries } = await playDemo('sideband');
    const kinds = entries.map((entry) => entry.kind);
    expect(kinds).not.toContain('error');
    expect(kinds.filter((kind) => kind === 'user')).toHaveLength(DEMO_SCRIPT.length);
    expect(entries.some((entry) => entry.kind === 'tool' && entry.text.includes('lookup_invoice'))).toBe(
      true,
    );
    expect(entries.some((entry) => entry.kind === 'handoff' && entry.text.includes('Triage → Billing'))).toBe(
      true,
    );
    expect(entries.some((entry) => entry.kind === 'approval' && entry.text.includes('issue_refund'))).toBe(
      true,
    );
    // The caller barged in on the refund, which finished anyway; the slow outage check got a filler.
    expect(entries.some((entry) => entry.kind === 'barge_in' && entry.text.includes('issue_refund'))).toBe(
      true,
    );
    expect(
      entries.some((entry) => entry.kind === 'tool' && entry.text.includes('finished despite the barge-in')),
    ).toBe(true);
    expect(entries.some((entry) => entry.kind === 'filler')).toBe(true);
    if (process.env.BROWSER_VOICE_SCREENSHOT)
      await page.screenshot({ path: process.env.BROWSER_VOICE_SCREENSHOT, fullPage: true });

    await hangUp(page);

    // SWITCHBOARD_RECORD: the call's events as sent on the wire (the agents made to speak).
    const [name] = readdirSync(recordings);
    expect(name).toMatch(/^browser-.*\.jsonl$/);
    const file = join(recordings, name ?? '');
    // The file is closed with the call; its last writes may still be on their way.
    const read = () => {
      try {
        return parseRecording(readFileSync(file, 'utf8'));
      } catch {
        return undefined;
      }
    };
    await expect.poll(read).toBeDefined();
    const recorded = read() ?? [];
    const sent = recorded.flatMap((entry) => (entry.direction === 'client' ? [entry.event] : []));
    expect(sent[0]).toMatchObject({ type: 'session.update', session: { output_modalities: ['audio'] } });
    expect(
      sent.some(
        (event) =>
          event.type === 'conversation.item.create' &&
          event.item.type === 'function_call_output' &&
          event.item.output.includes('"transferred_to":"Billing"'),
      ),
    ).toBe(true);
    expect(recorded.filter((entry) => entry.direction === 'server').length).toBeGreaterThan(50);
  });

  it('refuses issue_refund in relay mode, where the browser relays the model’s events and could forge the call', async () => {
    const { page, entries } = await playDemo('relay');
    // The rest of the demo runs: lookups and handoffs need no trust.
    expect(entries.some((entry) => entry.kind === 'tool' && entry.text.includes('lookup_invoice'))).toBe(
      true,
    );
    // issue_refund is model-only: refused before its approval is even asked, and the panel says why.
    expect(entries.some((entry) => entry.kind === 'approval' && entry.text.includes('issue_refund'))).toBe(
      false,
    );
    // (The caller asks about the refund again after it, and the model tries once more: refused too.)
    const refusals = entries.filter((entry) => entry.kind === 'error');
    expect(refusals.length).toBeGreaterThan(0);
    for (const refusal of refusals)
      expect(refusal.text).toContain('UntrustedCallError: Error: "issue_refund" was not run');

    await hangUp(page);
  });
});

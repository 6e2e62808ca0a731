import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RecordedEntry } from '@switchboard/core';
import { launchChromium, type TestBrowser } from '@switchboard/test-chromium';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderInspector } from '../../src/index.js';
import { hostileRecording, PAYLOAD, phoneCallFixture, recordDemoCall } from '../helpers.js';

/** The screenshot the READMEs show; rewritten only when asked, so CI never changes tracked files. */
const SCREENSHOT = fileURLToPath(new URL('../../inspector.png', import.meta.url));
const UPDATE_SCREENSHOT = process.env.SWITCHBOARD_UPDATE_SCREENSHOT === '1';

let browser: TestBrowser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** Writes the page for `entries` to disk and opens it from there; collects errors and requests. */
async function openInspector(name: string, entries: readonly RecordedEntry[], title = `${name}.jsonl`) {
  const file = join(browser.dir, `${name}.html`);
  writeFileSync(file, renderInspector(entries, { title }));
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1400, height: 900 });
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(pathToFileURL(file).href);
  return { page, problems, requests, url: pathToFileURL(file).href };
}

const texts = (page: Page, selector: string) => page.locator(selector).allTextContents();
const visibleRows = (page: Page) =>
  page.$$eval('#event-list tr.event:not([hidden])', (rows) =>
    rows.map((row) => ({
      client: row.classList.contains('client'),
      type: row.dataset.type,
      text: row.textContent ?? '',
    })),
  );

describe('the session inspector in Chromium, opened from disk', () => {
  it('shows a recorded triage call: turns, tool bars, handoffs, latency; filters the events; a mark opens its event', async () => {
    const { page, problems, requests, url } = await openInspector('triage', await recordDemoCall());

    expect(await texts(page, '#lane-caller .turn')).toEqual([
      'Hi, I think I was charged twice on invoice INV-1001.',
      'Please refund the duplicate charge on invoice INV-1001.',
      'Thanks. Also, my internet is down since this morning.',
      'Can you open a ticket for my internet so a technician calls me?',
      "That's all, thank you!",
    ]);
    expect(await texts(page, '#lane-tools .bar.tool')).toEqual([
      'transfer_to_billing',
      'lookup_invoice',
      'issue_refund',
      'transfer_to_triage',
      'transfer_to_tech_support',
      'check_outage',
      'create_ticket',
    ]);
    expect(await page.locator('#lane-tools .bar.tool.handoff').count()).toBe(3);
    expect(await texts(page, '#lane-handoffs .handoff')).toEqual([
      'Triage → Billing',
      'Billing → Triage',
      'Triage → Tech Support',
    ]);
    expect(await texts(page, '#lane-agents .agent')).toEqual(['Triage', 'Billing', 'Triage', 'Tech Support']);
    const latencies = await texts(page, '#lane-latency .latency');
    expect(latencies).toHaveLength(5);
    // A live recording: on a loaded machine an answer can take a second or more (then `1.02 s`).
    for (const latency of latencies) expect(latency).toMatch(/^(\d+ ms|\d+\.\d+ s)$/);
    expect(await page.locator('#lane-agent-audio .bar').count()).toBeGreaterThanOrEqual(5);
    expect(await page.textContent('#stat-handoffs dd')).toBe('3');
    expect(await page.locator('#turns tbody tr').count()).toBe(5);
    expect(await page.locator('#transcript .line.user').count()).toBe(5);

    // Filters: direction, then type, then text (type and text together).
    const all = await page.locator('#event-list tr.event').count();
    await page.selectOption('#filter-direction', 'client');
    const client = await visibleRows(page);
    expect(client.length).toBeGreaterThan(0);
    expect(client.every((row) => row.client)).toBe(true);
    expect(await page.textContent('#filter-count')).toBe(`${client.length} of ${all} rows`);
    await page.selectOption('#filter-direction', '');
    await page.selectOption('#filter-type', 'response.done');
    const done = await visibleRows(page);
    expect(done.map((row) => row.type)).toEqual(Array(done.length).fill('response.done'));
    expect(done.length).toBe(await page.locator('#lane-responses .response').count());
    await page.selectOption('#filter-type', 'conversation.item.create');
    await page.fill('#filter-text', 'refunded');
    expect((await visibleRows(page)).map((row) => row.text)).toEqual([
      expect.stringContaining('{"invoiceId":"INV-1001","refunded":49,"currency":"EUR"}'),
    ]);

    // A tool bar jumps to its event (clearing the filters that hide it) and shows it.
    await page.locator('#lane-tools .bar.tool', { hasText: 'lookup_invoice' }).click();
    const detail = page.locator('#event-list tr.detail pre');
    await detail.waitFor();
    const event = JSON.parse((await detail.textContent()) ?? '{}') as {
      type?: string;
      item?: { name?: string };
    };
    expect(event).toMatchObject({ type: 'response.output_item.added', item: { name: 'lookup_invoice' } });
    expect(await page.inputValue('#filter-text')).toBe('');

    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);
  });

  it('keeps untrusted text as text: a transcript with </script><script> runs nothing', async () => {
    const { page, problems } = await openInspector('hostile', hostileRecording(), PAYLOAD);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(2);
    expect(await texts(page, '#lane-caller .turn')).toEqual([PAYLOAD]);
    expect(await page.textContent('#transcript')).toContain(PAYLOAD);
    expect(await page.title()).toBe(`Call inspector · ${PAYLOAD}`);
    expect(problems).toEqual([]);
  });

  it('shows a real-time phone call: speech from VAD, audio both ways, zoom; writes the README screenshot', async () => {
    const { page, problems, requests, url } = await openInspector('phone-call', phoneCallFixture());
    expect(await page.locator('#lane-caller .bar.speech').count()).toBe(3);
    expect(await page.locator('#lane-caller-audio .bar.audio.in').count()).toBeGreaterThanOrEqual(1);
    expect(await texts(page, '#lane-agent-audio .bar.audio.out')).toEqual([
      expect.stringMatching(/^9\.\d\d s of audio/),
      expect.stringMatching(/^6\.\d\d s of audio/),
      expect.stringMatching(/^2\.\d\d s of audio/),
    ]);
    expect(await texts(page, '#lane-handoffs .handoff')).toEqual(['Triage → Billing', 'Billing → Human']);

    const path = UPDATE_SCREENSHOT ? SCREENSHOT : join(browser.dir, 'inspector.png');
    await page.screenshot({ path, clip: { x: 0, y: 0, width: 1400, height: 820 } });
    expect(statSync(path).size).toBeGreaterThan(20_000);

    const width = await page.$eval('#lanes', (lanes) => lanes.getBoundingClientRect().width);
    await page.locator('#zoom').fill('10');
    expect(await page.$eval('#lanes', (lanes) => lanes.getBoundingClientRect().width)).toBeCloseTo(
      width * 10,
      -1,
    );
    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);
  });
});

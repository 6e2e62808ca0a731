import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, type TestBrowser } from '@switchboard/test-chromium';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const DIST = fileURLToPath(new URL('../.vitepress/dist/', import.meta.url));
const PACKAGES = fileURLToPath(new URL('../../packages/', import.meta.url));

/** Every import path a published package offers (`@switchboard/core/testing` …), from its `exports`. */
function importPaths(): string[] {
  return readdirSync(PACKAGES).flatMap((dir) => {
    const manifest = JSON.parse(readFileSync(join(PACKAGES, dir, 'package.json'), 'utf8')) as {
      name: string;
      private?: boolean;
      exports?: Record<string, unknown>;
    };
    if (manifest.private) return [];
    return Object.keys(manifest.exports ?? {})
      .filter((subpath) => subpath !== './package.json')
      .map((subpath) => `${manifest.name}${subpath.slice(1)}`);
  });
}
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** Serves the built site as a static host would: `/concepts` and `/concepts.html` are the same page. */
function serveSite(): Promise<Server> {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://site').pathname));
    const candidates = [path, `${path}.html`, join(path, 'index.html')].map((file) => join(DIST, file));
    const file = candidates.find(
      (candidate) => candidate.startsWith(DIST) && existsSync(candidate) && extname(candidate),
    );
    response.writeHead(file ? 200 : 404, {
      'content-type': TYPES[extname(file ?? '.html')] ?? 'application/octet-stream',
    });
    response.end(file ? readFileSync(file) : 'not found');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

let server: Server;
let browser: TestBrowser;
let page: Page;
let base: string;
const failedRequests: string[] = [];

beforeAll(async () => {
  if (!existsSync(join(DIST, 'index.html')))
    throw new Error(`no built site in ${DIST}: run \`pnpm docs:build\` first`);
  server = await serveSite();
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on('response', (response) => {
    if (response.status() >= 400) failedRequests.push(`${response.status()} ${response.url()}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe('the built docs site in Chromium', () => {
  it('opens the home page with its hero and the way into the guide', async () => {
    await page.goto(`${base}/`);
    await expect(page.locator('.VPHero .name').textContent()).resolves.toContain('Switchboard');
    await page.getByRole('link', { name: 'Get started' }).first().click();
    await page.waitForURL(/getting-started/);
    // The router changes the URL before it renders the new page: wait for the page's own h1.
    await page.locator('.vp-doc h1').first().waitFor();
    await expect(page.locator('.vp-doc h1').first().textContent()).resolves.toContain('Getting started');
  });

  it('opens an API page generated from the TSDoc, with the sidebar of every package', async () => {
    await page.goto(`${base}/api/core`);
    await expect(page.locator('h1').first().textContent()).resolves.toContain('@switchboard/core');
    await expect(page.locator('#createtransport').count()).resolves.toBe(1);
    await expect(page.locator('.VPDoc').textContent()).resolves.toContain(
      'Makes the transport a config names',
    );
    const sidebar = await page.locator('.VPSidebar').textContent();
    const paths = importPaths();
    expect(paths).toContain('@switchboard/local-realtime/transport');
    for (const path of paths) expect(sidebar, path).toContain(path);
  });

  it('renders every Mermaid sequence diagram and shows the benchmark chart', async () => {
    const diagrams =
      readFileSync(fileURLToPath(new URL('../concepts.md', import.meta.url)), 'utf8').split('```mermaid')
        .length - 1;
    await page.goto(`${base}/concepts`);
    await page.locator('.mermaid svg').first().waitFor({ timeout: 30_000 });
    await expect(page.locator('.mermaid svg').first().textContent()).resolves.toContain('response.create');
    // Each diagram rendered: none is missing, none is Mermaid's syntax-error picture.
    await expect.poll(() => page.locator('.mermaid svg').count(), { timeout: 30_000 }).toBe(diagrams);
    const texts = await page.locator('.mermaid svg').allTextContents();
    expect(texts.filter((text) => /syntax error/i.test(text))).toEqual([]);
    await page.goto(`${base}/benchmarks`);
    const chart = page.locator('img[alt^="Round trips"]');
    await expect(
      chart.evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth)),
    ).resolves.toBeGreaterThan(0);
  });

  it('loaded every asset it asked for', () => {
    expect(failedRequests).toEqual([]);
  });
});

import { afterAll, beforeAll } from 'vitest';
import { launchChromium, type TestBrowser } from './chromium.js';
import { startStack } from './stack.js';

/** What a browser test file works with: one Chromium and one server stack, shared by its tests. */
export interface BrowserFixture {
  readonly browser: TestBrowser;
  readonly stack: Awaited<ReturnType<typeof startStack>>;
}

/**
 * Launches Chromium and starts the stack before the file's tests, and closes both after them.
 * Read `browser` and `stack` inside tests: they exist once `beforeAll` has run.
 */
export function useBrowserFixture(
  options: { chromium?: Parameters<typeof launchChromium>[0]; stack?: Parameters<typeof startStack>[0] } = {},
): BrowserFixture {
  const fixture = {} as { browser: TestBrowser; stack: Awaited<ReturnType<typeof startStack>> };
  beforeAll(async () => {
    [fixture.browser, fixture.stack] = await Promise.all([
      launchChromium(options.chromium),
      startStack(options.stack),
    ]);
  });
  afterAll(async () => {
    await fixture.browser?.close();
    await fixture.stack?.close();
  });
  return fixture;
}

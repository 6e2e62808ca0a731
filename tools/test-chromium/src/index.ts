import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** Debian's Chromium; CI installs it from .ci/apt-packages. Playwright never downloads a browser here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Thrown before any test runs when there is no browser: says what to install, in one sentence. */
export class ChromiumMissingError extends Error {
  override readonly name = 'ChromiumMissingError';
  constructor(readonly path: string) {
    super(
      `Chromium not found at ${path}. The browser tests need it: install it first (Debian/Ubuntu: sudo apt-get install chromium), or set CHROMIUM_PATH to a Chromium or Chrome binary.`,
    );
  }
}

/** A headless Chromium with a fake microphone, in a fresh profile that is removed on close. */
export interface TestBrowser {
  readonly context: BrowserContext;
  /** The profile folder (also a place for the fake microphone's WAV files). */
  readonly dir: string;
  close(): Promise<void>;
}

/**
 * Launches Chromium the way the browser tests need it: fake media devices with the permission
 * prompt answered yes, no network chatter of its own. `audioFile` replaces the fake microphone's
 * beeps with a WAV file, played once (`loopAudio`: over and over).
 */
export async function launchChromium(
  options: { audioFile?: (dir: string) => string; loopAudio?: boolean } = {},
): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM)) throw new ChromiumMissingError(CHROMIUM);
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-chromium-'));
  const audio = options.audioFile?.(dir);
  const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      '--autoplay-policy=no-user-gesture-required',
      ...(audio ? [`--use-file-for-fake-audio-capture=${audio}${options.loopAudio ? '' : '%noloop'}`] : []),
    ],
  });
  return {
    context,
    dir,
    close: async () => {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

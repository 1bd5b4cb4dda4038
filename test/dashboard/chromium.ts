import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Flags for a quiet, headless, sandbox-less Chromium that talks to nothing but the test's loopback server. */
export const CHROMIUM_ARGS = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]);

/** A headless Chromium with a fresh profile; `close()` removes the profile. */
export interface Chromium {
  readonly context: BrowserContext;
  /** A new tab (its own sessionStorage) that records uncaught errors and console errors. */
  newPage(): Promise<{ page: Page; problems: string[] }>;
  close(): Promise<void>;
}

export async function launchChromium(executablePath: string, viewport = { width: 1200, height: 800 }): Promise<Chromium> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'parsec-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS],
      viewport,
      deviceScaleFactor: 1,
      colorScheme: 'light',
      locale: 'en-US',
      timezoneId: 'UTC',
    });
  } catch (err) {
    await rm(userDataDir, { recursive: true, force: true });
    throw err;
  }
  for (const page of context.pages()) await page.close();
  return {
    context,
    async newPage() {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
      page.on('console', (msg) => {
        if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`console ${msg.type()}: ${msg.text()}`);
      });
      return { page, problems };
    },
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

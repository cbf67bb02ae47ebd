/**
 * Headless Debian Chromium for the dashboard tests (playwright-core drives it). A test calls
 * {@link withChromium}; when the browser is not installed the test is skipped with a message.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's chromium; `CHROMIUM_PATH` overrides it (e.g. to check the skip path). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Runs `fn` with a fresh headless browser context; false (and a message) when there is none. */
export async function withChromium(
  what: string,
  fn: (ctx: BrowserContext) => Promise<void>,
): Promise<boolean> {
  if (!existsSync(CHROMIUM)) {
    console.log(`${what} skipped: ${CHROMIUM} is not installed`);
    return false;
  }
  const profile = mkdtempSync(join(tmpdir(), 'dashboard-chromium-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 1000 },
    timeout: 30_000,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    await fn(ctx);
    return true;
  } finally {
    await ctx.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * Headless Debian Chromium for the dashboard tests (playwright-core drives it). A test registered
 * with {@link browserTest} calls {@link withChromium}; when the browser is not installed the test
 * is skipped (counted as skipped), and under CI=true the run fails naming it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { test } from 'uvu';
import { pathPrerequisite, requirePrereq } from '@scaleio-framework/testkit';

/** Debian's chromium; `CHROMIUM_PATH` overrides it (e.g. to check the skip path). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Registers a test that needs Chromium (skipped without it; CI fails). */
export const browserTest = requirePrereq(
  test,
  pathPrerequisite(CHROMIUM, 'install the Debian package chromium (or set CHROMIUM_PATH)'),
);

/** Runs `fn` with a fresh headless browser context (register the test with {@link browserTest}). */
export async function withChromium(fn: (ctx: BrowserContext) => Promise<void>): Promise<void> {
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
  } finally {
    await ctx.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** The loopback URL of `server`, with `path`. */
export const urlOf = (server: Server, path = '/'): string =>
  `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;

/**
 * The dashboard `server` serves, polling every 250 ms, in the context's first page (15 s default
 * timeout), and the errors the page reports: uncaught ones, and with `consoleErrors` the
 * console's errors too.
 */
export async function openDashboard(
  ctx: BrowserContext,
  server: Server,
  consoleErrors = false,
): Promise<{ page: Page; errors: string[] }> {
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  if (consoleErrors)
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
  await page.goto(urlOf(server, '/?poll=250'));
  return { page, errors };
}

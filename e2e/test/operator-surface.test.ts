// The operator surface after a real deploy, through the demo as a user runs it (`demo --healing`):
// the dashboard in headless Chromium shows the MDM cluster as the gateway reports it
// (ClusteredNormal, three members with roles and zones), the configured thresholds, and the
// pool's 1,000 GiB total with spare and usable shown apart; after a healing round every
// scaleio_* metric family has at least one sample, and the scrape passes promtool.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chromium } from 'playwright-core';
import {
  childEnv,
  pathPrerequisite,
  programPrerequisite,
  requirePrereq,
  startProcess,
  type RunningProcess,
} from '@scaleio-framework/testkit';
import { repoRoot } from '../src/scheduler.js';

const DEMO = join(repoRoot, 'e2e/dist/bin/demo.js');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const RUNNING = /look at (http:\/\/\S+?)\/ and /;
/** Tests that need Chromium or promtool: skipped without them (counted), failing under CI=true. */
const browserTest = requirePrereq(
  test,
  pathPrerequisite(CHROMIUM, 'install the Debian package chromium (or set CHROMIUM_PATH)'),
);
const promtoolTest = requirePrereq(
  test,
  programPrerequisite('promtool', "install the Debian package 'prometheus'"),
);

interface Status {
  readonly system?: { readonly mdmCluster: { readonly state: string } } | null;
  readonly pools?: readonly {
    readonly thresholds: { readonly triggerPercent: number; readonly clearPercent: number };
    readonly capacity: { readonly maxKb: number; readonly spareKb: number } | null;
  }[];
  readonly healing?: { readonly pools?: readonly { readonly decision: string | null }[] };
}
const status = async (url: string): Promise<Status> =>
  (await (await fetch(`${url}/api/v1/status`)).json()) as Status;

let demo: RunningProcess | undefined;
let url = '';

test.before(async () => {
  demo = await startProcess({
    command: process.execPath,
    args: [DEMO, '--healing'],
    env: childEnv(),
    name: 'demo',
    ready: RUNNING,
    readyTimeoutMs: 240_000,
    stopGraceMs: 15_000,
  });
  url = demo.readyMatch?.[1] ?? '';
  // the MDM cluster read from the gateway, and one healing round that decided for the pool
  const until = Date.now() + 60_000;
  for (;;) {
    const s = await status(url);
    if (s.system && (s.healing?.pools ?? []).some((p) => p.decision !== null)) break;
    if (Date.now() > until) throw new Error(`no system or healing decision: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
});

test.after(async () => {
  const code = await demo?.stop();
  assert.equal(code?.signal ?? null, null, 'the demo stops by itself on SIGTERM');
});

browserTest(
  'after a demo deploy the dashboard shows ClusteredNormal, three members, thresholds, 1,000 GiB',
  async () => {
    const s = await status(url);
    const pool = s.pools?.[0];
    assert.ok(pool?.capacity, 'the pool was sampled');
    assert.ok(pool.thresholds.triggerPercent > 0, 'thresholds are configured');
    const profile = mkdtempSync(join(tmpdir(), 'e2e-chromium-'));
    const ctx = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    try {
      const page = ctx.pages()[0] ?? (await ctx.newPage());
      page.setDefaultTimeout(15_000);
      await page.goto(`${url}/?poll=500`);
      await page.waitForSelector('[data-testid=mdm-member]');
      const text = (sel: string) => page.textContent(sel);
      assert.is(await text('[data-testid=mdm-state]'), 'ClusteredNormal');
      const members = await page.$$eval('[data-testid=mdm-member]', (rows) =>
        rows.map((r) => [r.getAttribute('data-role'), r.querySelectorAll('td')[2]?.textContent]),
      );
      assert.equal(
        members.map(([role]) => role),
        ['primary', 'secondary', 'tiebreaker'],
      );
      for (const [, zone] of members) assert.match(zone ?? '', /^us-east-1[abc]$/);
      assert.is(await text('[data-testid=healing-mode]'), 'healing on');
      const th = page.locator('[data-testid=thresholds]');
      assert.is(await th.getAttribute('data-trigger'), String(pool.thresholds.triggerPercent));
      assert.is(await th.getAttribute('data-clear'), String(pool.thresholds.clearPercent));
      assert.is(await text('[data-testid=capacity-total]'), '1,000 GiB');
      const spare = (await text('[data-testid=capacity-spare]')) ?? '';
      const usable = (await text('[data-testid=capacity-usable]')) ?? '';
      assert.match(spare, /^\d[\d,.]* GiB$/);
      assert.match(usable, /^\d[\d,.]* GiB$/);
      assert.is.not(usable, '1,000 GiB', 'usable is total minus spare');
      await page.screenshot({
        path: join(repoRoot, 'artifacts', 'dashboard-e2e.png'),
        fullPage: true,
      });
    } finally {
      await ctx.close();
      rmSync(profile, { recursive: true, force: true });
    }
  },
);

test('after a deploy and a healing round every scaleio_* family has a sample', async () => {
  const body = await (await fetch(`${url}/metrics`)).text();
  const families = [...body.matchAll(/^# TYPE (scaleio_\S+) (\S+)$/gm)].map((m) => m[1] ?? '');
  assert.ok(families.length >= 17, `families: ${families.join(', ')}`);
  const empty = families.filter(
    (f) => !new RegExp(`^${f}(_bucket|_count|_sum)?[{ ]`, 'm').test(body),
  );
  assert.equal(empty, [], 'families without a sample');
  for (const series of [
    /^scaleio_framework_leader 1$/m,
    /^scaleio_mesos_subscribed 1$/m,
    /^scaleio_framework_build_info\{version="\d+\.\d+\.\d+",revision="[^"]+"\} 1$/m,
    /^scaleio_mdm_cluster_state\{mode="ThreeNodes",state="ClusteredNormal"\} 1$/m,
    /^scaleio_step_duration_seconds_count\{step="sds",outcome="finished"\} [1-9]/m,
    /^scaleio_ec2_call_seconds_count\{operation="DescribeVolumes",outcome="ok"\} [1-9]/m,
    /^scaleio_healing_decision\{/m,
    /^process_cpu_seconds_total /m,
  ])
    assert.match(body, series);
});

promtoolTest(
  'after a deploy and a healing round the scrape passes promtool check metrics',
  async () => {
    const body = await (await fetch(`${url}/metrics`)).text();
    const promtool = spawnSync('promtool', ['check', 'metrics'], { input: body, encoding: 'utf8' });
    assert.ok(promtool.error === undefined, `promtool did not run: ${String(promtool.error)}`);
    assert.ok(promtool.status === 0 || promtool.status === 3, promtool.stdout + promtool.stderr);
    assert.equal(
      `${promtool.stdout}${promtool.stderr}`.split('\n').filter((l) => l.startsWith('scaleio_')),
      [],
    );
  },
);

test.run();

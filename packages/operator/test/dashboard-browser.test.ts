import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { emptyDeployState, type AgentId } from '@scaleio-framework/orchestrator';
import { Secret } from '../src/secret.js';
import { browserTest, openDashboard, urlOf, withChromium } from './browser.js';
import { createCapacityHistory } from '../src/history.js';
import { createMetrics } from '../src/metrics.js';
import { startHttpServer } from '../src/server.js';
import { statusView } from '../src/status.js';
import {
  advance,
  demoFacts,
  demoInputs,
  demoSamples,
  demoState,
  demoTime,
  sampleAt,
  SECRETS,
} from './http-fixture.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const SCREENSHOT = join(repoRoot, 'artifacts', 'dashboard.png');

browserTest(
  'the dashboard shows nodes, MDM cluster, a pool chart and events, and updates live',
  async () => {
    let state = demoState();
    const samples = demoSamples();
    let inputs = demoInputs(samples);
    let minute = 30;
    const history = createCapacityHistory();
    for (const latest of samples) history.record([{ ...inputs.pools[0]!, latest }]);
    const metrics = createMetrics();
    const server = await startHttpServer(
      {
        health: () => ({ ok: true, leader: true, subscribed: true }),
        status: () => statusView(state, demoFacts, demoTime(minute), inputs),
        metrics: () => metrics.render(),
        history: () => history.view(),
        executorFile: undefined,
        operatorToken: new Secret(SECRETS.token),
        actions: {},
      },
      '127.0.0.1',
      0,
    );
    await withChromium(async (ctx) => {
      const { page, errors } = await openDashboard(ctx, server, true);
      await page.waitForSelector('[data-testid=node]');
      const hosts = await page.$$eval('[data-testid=node]', (rows) =>
        rows.map((r) => `${r.getAttribute('data-host')}:${r.getAttribute('data-phase')}`),
      );
      assert.equal(hosts, [
        'node-0.example:storage-objects',
        'node-1.example:sds',
        'node-2.example:lia-gateway',
        'node-3.example:sds',
        'node-4.example:prerequisites',
      ]);
      assert.is(await page.textContent('[data-testid=mdm-mode]'), 'ThreeNodes');
      assert.is(await page.textContent('[data-testid=mdm-state]'), 'ClusteredNormal');
      assert.is(await page.locator('[data-testid=mdm-state] .pill.ok').count(), 1);
      assert.is(await page.textContent('[data-testid=healing-mode]'), 'healing on');
      assert.is(await page.textContent('[data-testid=framework-id]'), 'fw-2026-0001');
      const chart = page.locator('svg[data-testid=chart]');
      assert.is(await chart.getAttribute('data-points'), String(samples.length));
      const points = (await page.getAttribute('[data-testid=series]', 'points')) ?? '';
      assert.is(points.trim().split(/\s+/).length, samples.length);
      assert.is(await page.locator('[data-threshold]').count(), 2);
      assert.is(await page.locator('svg [data-testid=expansion]').count(), 1);
      assert.is(await page.locator('[data-testid=event]').count(), 3);
      assert.match((await page.textContent('[data-testid=percent-full]')) ?? '', '65.6%');
      await page.screenshot({ path: join(tmpdir(), 'dashboard-first.png') });

      // the state changes: node-4 moves on, two more samples, a new event
      state = advance(state, 'agent-4' as AgentId, 2);
      minute = 32;
      const more = [sampleAt(31, 66, 0.5), sampleAt(32, 67, 0.5)];
      for (const latest of more) history.record([{ ...inputs.pools[0]!, latest }]);
      inputs = {
        ...inputs,
        pools: [{ ...inputs.pools[0]!, latest: more[1] }],
        events: [
          ...inputs.events,
          { atMs: demoTime(32), level: 'warn', kind: 'sample', message: 'pool rising' },
        ],
      };
      await page.locator(`svg[data-testid=chart][data-points="${samples.length + 2}"]`).waitFor();
      await page.waitForSelector(
        '[data-testid=node][data-host="node-4.example"]:not([data-phase="prerequisites"])',
      );
      assert.is(await page.locator('[data-testid=event]').count(), 4);
      const text = (await page.content()) + (await page.innerText('body'));
      for (const v of Object.values(SECRETS)) assert.not.ok(text.includes(v), `leaked ${v}`);
      assert.equal(errors, []);
      // a scheduler that knows nothing yet: every panel says so, nothing breaks
      const bare = await startHttpServer(
        {
          health: () => ({ ok: true, leader: false, subscribed: false }),
          status: () => statusView(emptyDeployState(), { ...demoFacts, frameworkId: undefined }, 0),
          metrics: () => metrics.render(),
          executorFile: undefined,
          operatorToken: new Secret(''),
          actions: {},
        },
        '127.0.0.1',
        0,
      );
      try {
        const empty = await ctx.newPage();
        empty.on('pageerror', (e) => errors.push(e.message));
        await empty.goto(urlOf(bare));
        await empty.waitForSelector('body[data-updates]');
        const text = await empty.innerText('main');
        for (const want of [
          'No nodes yet',
          'not reachable yet',
          'No storage pools yet',
          'No expansions',
        ])
          assert.ok(text.includes(want), `empty page shows '${want}'`);
        assert.is(await empty.textContent('[data-testid=framework-id]'), '(not registered)');
        await empty.close();
      } finally {
        bare.close();
      }
      assert.equal(errors, []);
      mkdirSync(dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      assert.ok(existsSync(SCREENSHOT));
    }).finally(() => server.close());
  },
);

test.run();

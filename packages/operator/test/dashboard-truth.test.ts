/**
 * The dashboard tells what the status API tells, fed through the same read models: the MDM
 * cluster as the gateway spells its state (`ClusteredNormal`) with members, roles and zones;
 * healing off shown as off; pools against the configured thresholds (not red at 0 %); total,
 * spare and usable capacity each labelled; per-node plan progress; the history of actions.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { figuresFromKb, type PoolStat } from '@scaleio-framework/healing';
import { createReadModels } from '../src/read-models.js';
import { notStarted, operatorApi, type LiveScheduler } from '../src/operator-api.js';
import { Secret } from '../src/secret.js';
import { startHttpServer } from '../src/server.js';
import { browserTest, openDashboard, withChromium } from './browser.js';
import { demoInputs, demoState, demoTime } from './http-fixture.js';

const GIB_KB = 2 ** 20;
const stat: PoolStat = {
  pool: {
    key: 'default/default',
    id: 'sp1',
    name: 'default',
    protectionDomain: 'default',
    protectionDomainId: 'pd1',
  },
  figures: figuresFromKb({
    capacityInUseInKb: 0,
    maxCapacityInKb: 1000 * GIB_KB,
    spareCapacityInKb: 100 * GIB_KB,
  }),
  nodes: [],
};

browserTest(
  'after a deploy: ClusteredNormal with three members, healing off, thresholds, capacity labelled',
  async () => {
    const models = createReadModels({
      healing: { enabled: false, thresholds: { triggerPercent: 80, clearPercent: 70 } },
    });
    const live: LiveScheduler = {
      ...notStarted(),
      leader: true,
      subscribed: true,
      core: { state: demoState, suppressed: () => false, retryNode: () => Promise.resolve(false) },
      client: { frameworkId: () => ({ value: 'fw-1' }), leader: () => 'http://m:5050' },
    };
    models.observeDeploy(demoState());
    models.observeSystem(demoInputs().system);
    models.observePoolStats([stat], demoTime(29));
    models.events.record({
      atMs: demoTime(28),
      level: 'info',
      kind: 'retry-node',
      message: 'operator retried agent-3',
      node: 'node-3.example',
    });
    const server = await startHttpServer(
      operatorApi(live, {
        models,
        secrets: [],
        operatorToken: new Secret(''),
        startedAt: demoTime(0),
        now: () => demoTime(30),
        executorFile: undefined,
      }),
      '127.0.0.1',
      0,
    );
    await withChromium(async (ctx) => {
      const { page, errors } = await openDashboard(ctx, server);
      await page.waitForSelector('[data-testid=mdm-member]');
      const text = (sel: string) => page.textContent(sel);
      // MDM cluster: the gateway's spelling, green; three members with roles and zones
      assert.is(await text('[data-testid=mdm-state]'), 'ClusteredNormal');
      assert.is(await page.locator('[data-testid=mdm-state] .pill.ok').count(), 1);
      const members = await page.$$eval('[data-testid=mdm-member]', (rows) =>
        rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)),
      );
      assert.equal(members, [
        ['mdm1', 'primary', 'zone-a', '10.0.0.10', 'Normal'],
        ['mdm2', 'secondary', 'zone-b', '10.0.0.11', 'Normal'],
        ['tb1', 'tiebreaker', 'zone-c', '10.0.0.12', 'Normal'],
      ]);
      // healing as configured: off, not a green "on"
      assert.is(await text('[data-testid=healing-mode]'), 'healing off');
      assert.is(await page.locator('[data-testid=healing-mode].ok').count(), 0);
      // the configured thresholds, on the panel and in the chart; 0 % is not red
      const th = page.locator('[data-testid=thresholds]');
      assert.equal(
        [await th.getAttribute('data-trigger'), await th.getAttribute('data-clear')],
        ['80', '70'],
      );
      assert.match((await th.textContent()) ?? '', '80%');
      assert.equal(
        await page.$$eval('[data-threshold]', (ls) =>
          ls.map((l) => l.getAttribute('data-threshold')),
        ),
        ['trigger', 'clear'],
      );
      assert.is(await text('[data-testid=percent-full]'), '0%');
      assert.not.match(
        (await page.getAttribute('[data-testid=percent-full]', 'style')) ?? '',
        'd64545',
      );
      // capacity: total, spare and usable each labelled
      assert.is(await text('[data-testid=capacity-total]'), '1,000 GiB');
      assert.is(await text('[data-testid=capacity-spare]'), '100 GiB');
      assert.is(await text('[data-testid=capacity-usable]'), '900 GiB');
      const labels = await page.$$eval('.capacity dt', (ds) => ds.map((d) => d.textContent));
      assert.equal(labels.slice(0, 3), [
        'Total (raw)',
        'Spare (rebuild reserve)',
        'Usable (total - spare)',
      ]);
      // the chart over time, plan progress per node, the history of actions
      assert.is(await page.getAttribute('svg[data-testid=chart]', 'data-points'), '1');
      assert.is(await page.locator('[data-testid=node]').count(), 5);
      assert.match(
        (await page.innerText('[data-testid=node][data-host="node-0.example"]')) ?? '',
        /6\/\d+/,
      );
      assert.match((await page.innerText('#events')) ?? '', 'operator retried agent-3');
      assert.equal(errors, []);
    }).finally(() => server.close());
  },
);

test.run();

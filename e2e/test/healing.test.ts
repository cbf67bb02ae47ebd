// A deployed cluster whose pool is being written at a steady rate grows by itself: EBS volumes
// created and attached in ec2-sim, devices added in scaleio-sim, the pool back under the clear
// threshold — all through the real scheduler and executor binaries.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SimCluster } from '../src/cluster.js';
import { deployed, waitFor, withClusterRun, type SchedulerRun } from '../src/deploy.js';
import { assertWireValid } from '../src/wire.js';

const TIMEOUT = 240_000;

/** The scheduler with healing on: one encrypted 400 GiB gp3 volume once the pool is 30 % full. */
const startHealing = (run: SchedulerRun, c: SimCluster) => {
  const policyFile = join(run.dir, 'healing.yaml');
  writeFileSync(
    policyFile,
    [
      'policy:',
      '  triggerPercent: 30',
      '  clearPercent: 25',
      '  consecutiveSamples: 1',
      '  timeToFullMinutes: 0',
      '  cooldownMinutes: 0',
      '  step: { unit: gib, value: 400 }',
      '  minStepGiB: 100',
      '  minVolumeGiB: 100',
      '  maxVolumeGiB: 400',
      '  maxNodesPerExpansion: 1',
      '  maxTotalGiB: 400',
      'volume: { volumeType: gp3, encrypted: true }',
      '',
    ].join('\n'),
  );
  return run.start(
    [
      '--healing-enabled',
      '--healing-config',
      policyFile,
      '--healing-interval',
      '1',
      '--ec2-endpoint',
      c.ec2.url,
      '--aws-region',
      'us-east-1',
    ],
    { AWS_ACCESS_KEY_ID: 'AKIDE2ETEST', AWS_SECRET_ACCESS_KEY: 'e2e-secret-key-never-shown' },
  );
};

test('a filling pool grows before it fills; percent full goes back under the clear threshold', () =>
  withClusterRun(
    { agents: 5 },
    async ({ c, sched }) => {
      await waitFor(sched.url, deployed, TIMEOUT);
      const pool = c.scaleio.state().storagePools[0];
      assert.ok(pool);
      const before = pool.capacity.maxCapacityInKb;
      const pct = () => {
        const p = c.scaleio.state().storagePools[0]?.capacity;
        return p ? (100 * p.capacityInUseInKb) / (p.maxCapacityInKb - p.spareCapacityInKb) : 0;
      };
      // Fill to just over the trigger, then stop writing.
      const w = c.scaleio.addWrites({ storagePoolId: pool.id, bytesPerSecond: 40 * 2 ** 30 });
      assert.is(w._tag, 'Right');
      const until = Date.now() + TIMEOUT;
      while (pct() < 32 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      c.scaleio.addWrites({ storagePoolId: pool.id, bytesPerSecond: 0 });
      const peak = pct();
      assert.ok(peak >= 30 && peak < 100, `peak ${peak}`);
      // The pool grows by itself.
      const grown = Date.now() + TIMEOUT;
      while (
        (c.scaleio.state().storagePools[0]?.capacity.maxCapacityInKb ?? 0) <= before &&
        Date.now() < grown
      )
        await new Promise((r) => setTimeout(r, 250));
      const after = c.scaleio.state();
      assert.ok((after.storagePools[0]?.capacity.maxCapacityInKb ?? 0) > before, 'the pool grew');
      assert.is(after.devices.length, 11, 'one new device');
      const volumes = c.ec2.volumes().filter((v) => v.sizeGiB === 400);
      assert.is(volumes.length, 1, 'exactly one EBS volume');
      assert.is(volumes[0]?.attachment?.state, 'attached');
      assert.ok(volumes[0]?.encrypted, 'encrypted');
      assert.is(volumes[0]?.volumeType, 'gp3');
      assert.ok(pct() < 25, `percent full back under the clear threshold: ${pct()}`);
      // The status shows the expansion; no secret anywhere in it.
      const statusText = await (await fetch(`${sched.url}/api/v1/status`)).text();
      assert.not.match(statusText, 'e2e-secret-key-never-shown');
      assert.not.match(statusText, c.password);
      const status = JSON.parse(statusText) as { ledger?: { total: number } };
      assert.ok((status.ledger?.total ?? 0) >= 1, 'the ledger has the expansion');
      assert.not.match(sched.lines().join('\n'), 'e2e-secret-key-never-shown');
      assertWireValid(c.wire);
    },
    startHealing,
  ));

test.run();

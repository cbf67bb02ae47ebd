// A deployed cluster whose pool is being written at a steady rate grows by itself: cloud volumes
// created and attached in the cloud's simulator (EBS in ec2-sim, persistent disks in gce-sim),
// devices added in scaleio-sim, the pool back under the clear threshold — all through the real
// scheduler and executor binaries, once per cloud.
import { realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SimCluster } from '../src/cluster.js';
import { clouds, type Cloud } from '../src/clouds.js';
import { deployed, waitFor, withClusterRun, type SchedulerRun } from '../src/deploy.js';
import { clusterTag } from '../src/healing.js';
import { assertWireValid } from '../src/wire.js';

const TIMEOUT = 240_000;

/** The scheduler with healing on: one encrypted 400 GiB volume once the pool is 30 % full. */
const startHealing = (cloud: Cloud) => (run: SchedulerRun, c: SimCluster) => {
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
      `volume: { volumeType: ${cloud.volumeType}, encrypted: true }`,
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
      ...cloud.args(c),
    ],
    cloud.env(c),
  );
};

for (const cloud of clouds)
  test(`${cloud.name}: a filling pool grows before it fills; percent full goes back under the clear threshold`, () =>
    withClusterRun(
      { agents: 5, cloud: cloud.cluster },
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
        const volumes = cloud.volumes(c).filter((v) => v.sizeGiB === 400);
        assert.is(volumes.length, 1, `exactly one ${cloud.name} volume`);
        assert.ok(volumes[0]?.attached, 'attached');
        assert.ok(volumes[0]?.tags[clusterTag], 'owned: the cluster label');
        assert.is(volumes[0]?.volumeType, cloud.volumeType);
        // The device ScaleIO was given is the one the cloud's stable in-guest name points to.
        if (cloud.name === 'gce') {
          const v = volumes[0];
          const host = c.nodes.hostFor(`node${(v?.node ?? '').replace('sds-', '')}`);
          assert.is(host._tag, 'Right', `the node of ${v?.node ?? '?'}`);
          const link = `dev/disk/by-id/google-${(v?.id ?? '').split('/').at(-1) ?? ''}`;
          const target = host._tag === 'Right' ? realpathSync(join(host.right.root, link)) : '';
          assert.ok(
            target.endsWith(after.devices.at(-1)?.path ?? '?'),
            `${link} -> ${target}, the device ScaleIO got: ${after.devices.at(-1)?.path ?? '?'}`,
          );
        }
        assert.ok(pct() < 25, `percent full back under the clear threshold: ${pct()}`);
        // The status shows the expansion; no secret anywhere in it.
        const statusText = await (await fetch(`${sched.url}/api/v1/status`)).text();
        assert.not.match(statusText, cloud.secret);
        assert.not.match(statusText, c.password);
        const status = JSON.parse(statusText) as { ledger?: { total: number } };
        assert.ok((status.ledger?.total ?? 0) >= 1, 'the ledger has the expansion');
        assert.not.match(sched.lines().join('\n'), cloud.secret);
        assertWireValid(c.wire);
      },
      startHealing(cloud),
    ));

test.run();

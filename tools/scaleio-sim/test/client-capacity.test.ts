/**
 * Acceptance: statistics through the client against the simulator, and a
 * pool that fills as writes are simulated, with the client's percent-full
 * reading matching the simulator's model at every sample.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Either } from 'fp-ts/lib/Either.js';
import {
  allocatableKbOf,
  CAPACITY_PROPERTIES,
  createClient,
  createProtectionDomain,
  createSds,
  createStoragePool,
  createVolume,
  percentFull,
  poolCapacity,
  queryMultiStatistics,
  querySelectedStatistics,
  querySystemStatistics,
  spareCapacityKb,
  statisticsOf,
  type ScaleIOClient,
  type StoragePoolId,
} from '@scaleio-framework/scaleio';
import { manualClock, startScaleioSim, type ScaleioSim } from '../src/index.js';

const ok = <E, A>(r: Either<E, A>, what: string): A => {
  if (r._tag === 'Left') throw new Error(`${what}: ${JSON.stringify(r.left)}`);
  return r.right;
};

const GIB_KB = 1024 * 1024;
const DEVICE_KB = 100 * GIB_KB; // bootstrap devices are 100 GiB
const HOSTS = ['10.0.0.11', '10.0.0.12', '10.0.0.13'] as const;

/** PD + pool (spare 10 %) + 3 SDSs each with /dev/sdb and /dev/sdc in the pool. */
const buildPool = async (c: ScaleIOClient): Promise<StoragePoolId> => {
  const pd = ok(await c.run(createProtectionDomain({ name: 'pd1' })), 'pd');
  const pool = ok(
    await c.run(createStoragePool({ name: 'sp1', protectionDomainId: pd, sparePercentage: 10 })),
    'pool',
  );
  for (const [i, ip] of HOSTS.entries())
    ok(
      await c.run(
        createSds({
          name: `sds${i}`,
          protectionDomainId: pd,
          ips: [{ ip, role: 'all' }],
          devices: [
            { path: '/dev/sdb', storagePoolId: pool, name: 'sdb' },
            { path: '/dev/sdc', storagePoolId: pool, name: 'sdc' },
          ],
        }),
      ),
      'sds',
    );
  return pool;
};

const modelOf = (sim: ScaleioSim, pool: string) => {
  const p = sim.state().storagePools.find((x) => x.id === pool);
  assert.ok(p !== undefined, 'pool in the model');
  return p.capacity;
};

const session = async (
  f: (sim: ScaleioSim, c: ScaleIOClient, clock: ReturnType<typeof manualClock>) => Promise<void>,
) => {
  const clock = manualClock();
  const sim = await startScaleioSim({ bootstrap: true, clock: clock.now });
  try {
    const c = ok(
      createClient({ baseUrl: sim.url, ...sim.credentials, now: clock.now, timeoutMs: 10_000 }),
      'client',
    );
    await f(sim, c, clock);
  } finally {
    await sim.stop();
  }
};

test('pool statistics: one object, selected for many, System, and multi-type', () =>
  session(async (sim, c) => {
    const pool = await buildPool(c);
    ok(
      await c.run(createVolume({ name: 'thin1', storagePoolId: pool, sizeInKb: 64 * GIB_KB })),
      'thin',
    );
    ok(
      await c.run(
        createVolume({
          name: 'thick1',
          storagePoolId: pool,
          sizeInKb: 8 * GIB_KB,
          volumeType: 'ThickProvisioned',
        }),
      ),
      'thick',
    );

    const max = 6 * DEVICE_KB;
    const spare = spareCapacityKb(max, 10);
    const all = ok(await c.run(statisticsOf('StoragePool', pool)), 'statistics');
    assert.is(all.maxCapacityInKb, max);
    assert.is(all.spareCapacityInKb, spare);
    assert.is(all.thickCapacityInUseInKb, 2 * 8 * GIB_KB);
    assert.is(all.thinCapacityAllocatedInKb, 2 * 64 * GIB_KB);
    assert.is(
      all.capacityInUseInKb,
      2 * 8 * GIB_KB,
      'thick is in use at once; thin not until written',
    );
    assert.is(all.numOfDevices, 6);
    assert.is(all.numOfVolumes, 2);
    assert.is(
      all.capacityAvailableForVolumeAllocationInKb,
      allocatableKbOf(max, spare, 2 * 8 * GIB_KB, 2 * 64 * GIB_KB),
    );

    const byAll = ok(
      await c.run(querySelectedStatistics('StoragePool', 'all', CAPACITY_PROPERTIES)),
      'selected all',
    );
    const byId = ok(
      await c.run(querySelectedStatistics('StoragePool', { ids: [pool] }, CAPACITY_PROPERTIES)),
      'selected ids',
    );
    assert.equal(Object.keys(byAll), [pool]);
    assert.equal(byId[pool], byAll[pool]);
    const cap = ok(poolCapacity(byId[pool]!), 'capacity');
    const model = modelOf(sim, pool);
    assert.is(cap.percentFull, model.percentFull);
    assert.is(cap.allocatableKb, model.capacityAvailableForVolumeAllocationInKb);
    assert.is(cap.usableKb, (max - spare) / 2);
    assert.is(cap.provisionedKb, 72 * GIB_KB);

    const sys = ok(await c.run(querySystemStatistics(['maxCapacityInKb', 'numOfSds'])), 'system');
    assert.is(sys.maxCapacityInKb, max);
    assert.is(sys.numOfSds, 3);

    const multi = ok(
      await c.run(
        queryMultiStatistics([
          { type: 'System', selection: 'all', properties: ['numOfStoragePools'] },
          {
            type: 'StoragePool',
            selection: 'all',
            properties: ['capacityInUseInKb', 'maxCapacityInKb', 'spareCapacityInKb'],
          },
        ]),
      ),
      'multi',
    );
    assert.is(multi.system?.numOfStoragePools, 1);
    assert.is(ok(percentFull(multi.byType.StoragePool![pool]!), 'pct'), model.percentFull);
  }));

test('a pool fills when writes are simulated, and percent full tracks the model', () =>
  session(async (sim, c, clock) => {
    const pool = await buildPool(c);
    ok(
      await c.run(createVolume({ name: 'big', storagePoolId: pool, sizeInKb: 248 * GIB_KB })),
      'volume',
    );
    const max = 6 * DEVICE_KB;
    const spare = spareCapacityKb(max, 10);
    const sample = async () => {
      const s = ok(
        await c.run(querySelectedStatistics('StoragePool', { ids: [pool] }, CAPACITY_PROPERTIES)),
        'sample',
      );
      return ok(percentFull(s[pool]!), 'percent');
    };

    assert.is(await sample(), 0);
    ok(sim.addWrites({ storagePoolId: pool, bytes: 50 * 1024 ** 3 }), 'write 50 GiB');
    const afterBurst = await sample();
    assert.is(
      afterBurst,
      (100 * 2 * 50 * GIB_KB) / (max - spare),
      'two copies of 50 GiB over max - spare',
    );
    assert.is(afterBurst, modelOf(sim, pool).percentFull);

    // 1 GiB/s of simulated time: percent full rises with the clock, then the pool is full.
    ok(sim.addWrites({ storagePoolId: pool, bytesPerSecond: 1024 ** 3 }), 'rate');
    let last = afterBurst;
    for (let i = 0; i < 4; i++) {
      clock.advance(30_000);
      const p = await sample();
      assert.ok(p > last, `sample ${i}: ${p} > ${last}`);
      assert.is(p, modelOf(sim, pool).percentFull);
      last = p;
    }
    assert.ok(last > 60, `(50 + 120) GiB x 2 copies of 540 GiB raw usable: ${last}`);
    clock.advance(10 * 60_000); // the client renews its idle token by itself on the shared clock
    const full = await sample();
    assert.is(full, 100);
    assert.is(full, modelOf(sim, pool).percentFull);
  }));

test.run();

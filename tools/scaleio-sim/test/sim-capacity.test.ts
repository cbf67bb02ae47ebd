import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { manualClock, poolCapacity, startScaleioSim, spareKb } from '../src/index.js';
import { buildPool } from './helpers/topology.js';
import { idOf } from './helpers/http.js';

const GiB = 1024 ** 3;

test('spare rounds down to whole MiB (both real R2_6 pools)', () => {
  assert.is(spareKb(311424000, 10), 31141888);
  assert.is(spareKb(332390400, 10), 33239040);
});

test('reproduces the real R2_6 pool: 3 x 103 808 000 KiB devices, 2 x 16 GiB thin volumes', async () => {
  const sim = await startScaleioSim();
  try {
    const { s, poolId } = await buildPool(sim, 103808000 * 1024);
    for (const name of ['volume1-16', 'volume2-16'])
      idOf(
        await s.post('/api/types/Volume/instances', {
          storagePoolId: poolId,
          name,
          volumeSizeInKb: String(16 * 1024 * 1024),
          volumeType: 'ThinProvisioned',
        }),
      );
    assert.equal(
      sim.addWrites({ storagePoolId: poolId, bytes: (49360896 / 2) * 1024 })._tag,
      'Right',
    );
    const r = await s.get(`/api/instances/StoragePool::${poolId}/relationships/Statistics`);
    const st = r.body as Record<string, number>;
    assert.is(st['maxCapacityInKb'], 311424000);
    assert.is(st['capacityLimitInKb'], 311424000);
    assert.is(st['spareCapacityInKb'], 31141888);
    assert.is(st['thinCapacityAllocatedInKb'], 67108864);
    assert.is(st['thinCapacityInUseInKb'], 49360896);
    assert.is(st['capacityInUseInKb'], 49360896);
    assert.is(st['capacityAvailableForVolumeAllocationInKb'], 100663296);
    assert.is(
      st['maxCapacityInKb'],
      st['spareCapacityInKb']! + st['capacityInUseInKb']! + st['unusedCapacityInKb']!,
    );
    assert.is(st['primaryVacInKb'], 33554432);
    assert.is(st['numOfThinBaseVolumes'], 2);
  } finally {
    await sim.stop();
  }
});

test('thick volumes reserve two copies at once; sizes round up to 8 GiB', async () => {
  const sim = await startScaleioSim();
  try {
    const { s, poolId } = await buildPool(sim, 100 * GiB, 10);
    const before = (await s.get(`/api/instances/StoragePool::${poolId}/relationships/Statistics`))
      .body as Record<string, number>;
    const id = idOf(
      await s.post('/api/types/Volume/instances', {
        storagePoolId: poolId,
        volumeSizeInKb: 1,
        volumeType: 'ThickProvisioned',
      }),
    );
    const vol = (await s.get(`/api/instances/Volume::${id}`)).body as Record<string, unknown>;
    assert.is(vol['sizeInKb'], 8 * 1024 * 1024);
    const after = (await s.get(`/api/instances/StoragePool::${poolId}/relationships/Statistics`))
      .body as Record<string, number>;
    assert.is(after['thickCapacityInUseInKb'], 2 * 8 * 1024 * 1024);
    assert.is(after['capacityInUseInKb'], 2 * 8 * 1024 * 1024);
    assert.is(
      before['capacityAvailableForVolumeAllocationInKb']! -
        after['capacityAvailableForVolumeAllocationInKb']!,
      8 * 1024 * 1024,
    );
  } finally {
    await sim.stop();
  }
});

test('a pool fills at a write rate on the injected clock; percent full from statistics matches the model', async () => {
  const clock = manualClock();
  const sim = await startScaleioSim({ clock: clock.now });
  try {
    const { s, poolId } = await buildPool(sim, 100 * GiB, 10);
    idOf(
      await s.post('/api/types/Volume/instances', {
        storagePoolId: poolId,
        name: 'v',
        volumeSizeInKb: 64 * 1024 * 1024,
        volumeType: 'ThinProvisioned',
      }),
    );
    const pct = async (): Promise<number> => {
      const r = await s.post('/api/types/StoragePool/instances/action/querySelectedStatistics', {
        ids: [poolId],
        properties: ['capacityInUseInKb', 'maxCapacityInKb', 'spareCapacityInKb'],
      });
      const st = (r.body as Record<string, Record<string, number>>)[poolId]!;
      return (100 * st['capacityInUseInKb']!) / (st['maxCapacityInKb']! - st['spareCapacityInKb']!);
    };
    assert.is(await pct(), 0);
    // usable raw = 300 GiB - 30 GiB spare = 270 GiB; net room 135 GiB. 1 GiB/s net -> 2 GiB/s raw.
    sim.addWrites({ storagePoolId: poolId, bytesPerSecond: GiB });
    clock.advance(27_000);
    const p1 = await pct();
    assert.ok(Math.abs(p1 - 20) < 1e-9, `expected 20 %, got ${p1}`);
    const pool = sim.model.pools.get(poolId)!;
    assert.ok(Math.abs(poolCapacity(sim.model, pool).percentFull - p1) < 1e-9);
    clock.advance(200_000); // well past full (135 s), within the 10-minute idle limit
    assert.is(await pct(), 100);
    const st = sim.state().storagePools.find((p) => p.id === poolId)!;
    assert.is(st.capacity.unusedCapacityInKb, 0);
    assert.is(st.capacity.percentFull, 100);
  } finally {
    await sim.stop();
  }
});

test('creating beyond the allocatable capacity fails with the MDM codes', async () => {
  const sim = await startScaleioSim();
  try {
    const { s, poolId } = await buildPool(sim, 100 * GiB, 10);
    // net usable 135 GiB -> 128 GiB allocatable
    const big = await s.post('/api/types/Volume/instances', {
      storagePoolId: poolId,
      volumeSizeInKb: 136 * 1024 * 1024,
      volumeType: 'ThinProvisioned',
    });
    assert.is(big.status, 500);
    assert.equal(big.body, {
      message: 'Requested volume size exceeds the volume allocation limit',
      httpStatusCode: 500,
      errorCode: 300,
    });
    const thick = await s.post('/api/types/Volume/instances', {
      storagePoolId: poolId,
      volumeSizeInKb: 136 * 1024 * 1024,
    });
    assert.is((thick.body as { errorCode: number }).errorCode, 166);
    idOf(
      await s.post('/api/types/Volume/instances', {
        storagePoolId: poolId,
        volumeSizeInKb: 128 * 1024 * 1024,
      }),
    );
  } finally {
    await sim.stop();
  }
});

test('adding devices grows a full pool; removing them is refused while the data needs the room', async () => {
  const sim = await startScaleioSim();
  try {
    const { s, poolId, sdsIds } = await buildPool(sim, 100 * GiB, 10);
    sim.addWrites({ storagePoolId: poolId, bytes: 200 * GiB });
    const stats = async (): Promise<Record<string, number>> =>
      (await s.get(`/api/instances/StoragePool::${poolId}/relationships/Statistics`))
        .body as Record<string, number>;
    const full = await stats();
    assert.is(
      full['capacityInUseInKb'],
      full['maxCapacityInKb']! - full['spareCapacityInKb']!,
      'writes stop at full',
    );
    const ips = ['10.1.0.1', '10.1.0.2', '10.1.0.3'];
    const added: string[] = [];
    for (const [i, sds] of sdsIds.entries()) {
      sim.upsertNode({
        ip: ips[i]!,
        devices: [
          { path: '/dev/sdb', sizeBytes: 100 * GiB },
          { path: '/dev/xvdf', sizeBytes: 50 * GiB },
        ],
      });
      added.push(
        idOf(
          await s.post('/api/types/Device/instances', {
            deviceCurrentPathname: '/dev/xvdf',
            sdsId: sds,
            storagePoolId: poolId,
          }),
        ),
      );
    }
    const grown = await stats();
    assert.is(grown['maxCapacityInKb'], 450 * 1024 * 1024);
    assert.is(grown['spareCapacityInKb'], 45 * 1024 * 1024);
    assert.is(grown['capacityInUseInKb'], full['capacityInUseInKb']);
    const pct = (x: Record<string, number>): number =>
      (100 * x['capacityInUseInKb']!) / (x['maxCapacityInKb']! - x['spareCapacityInKb']!);
    assert.is(pct(full), 100);
    assert.ok(Math.abs(pct(grown) - (270 / 405) * 100) < 1e-9);
    // 195 GiB net = 390 GiB raw in use; without one 50 GiB device only 360 GiB would be usable
    sim.addWrites({ storagePoolId: poolId, bytes: 60 * GiB });
    const refused = await s.post(`/api/instances/Device::${added[0]}/action/removeDevice`);
    assert.is((refused.body as { errorCode: number }).errorCode, 904);
    assert.is(sim.model.devices.size, 6);
  } finally {
    await sim.stop();
  }
});

test.run();

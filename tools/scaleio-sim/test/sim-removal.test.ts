/**
 * Device removal takes time: the device stays listed (`RemovePending`) while its data migrates to
 * the pool's other devices, the pool reports the capacity still moving, then the device is gone and
 * the pool rebalances; a removal whose data has nowhere to go is refused (904), an SDS's last
 * device too (136); the SDS's use of the device is told to listeners (the guest's hold).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { manualClock, startScaleioSim, type DeviceUse } from '../src/index.js';
import { buildPool } from './helpers/topology.js';
import { idOf } from './helpers/http.js';

const GiB = 1024 ** 3;

/** A second 100 GiB disk on the first host, added to the pool over REST; its device id. */
const secondDevice = async (
  sim: Awaited<ReturnType<typeof startScaleioSim>>,
  s: Awaited<ReturnType<typeof buildPool>>['s'],
  poolId: string,
): Promise<string> => {
  sim.upsertNode({
    ip: '10.1.0.1',
    sdsService: 'running',
    devices: [
      { path: '/dev/sdb', sizeBytes: 100 * GiB },
      { path: '/dev/sdc', sizeBytes: 100 * GiB },
    ],
  });
  const sds1 = [...sim.model.sdss.values()].find((x) => x.ipList[0]?.ip === '10.1.0.1');
  return idOf(
    await s.post('/api/types/Device/instances', {
      deviceCurrentPathname: '/dev/sdc',
      sdsId: sds1?.id,
      storagePoolId: poolId,
    }),
  );
};

test('a removal migrates the device’s share of the data over time, then the pool rebalances', async () => {
  const clock = manualClock();
  const sim = await startScaleioSim({ clock: clock.now });
  const uses: DeviceUse[] = [];
  sim.onDeviceUse((u) => uses.push(u));
  try {
    const { s, poolId } = await buildPool(sim, 100 * GiB, 10);
    const added = await secondDevice(sim, s, poolId);
    assert.equal(uses.at(-1), { ip: '10.1.0.1', path: '/dev/sdc', inUse: true });
    // 80 GiB raw in use over 4 devices: the new one holds 20 GiB.
    sim.addWrites({ storagePoolId: poolId, bytes: 40 * GiB });
    sim.setMigrationRate(1024 * 1024); // 1 GiB/s
    await s.post(`/api/instances/Device::${added}/action/removeDevice`, {});
    const stats = async () =>
      (await s.get(`/api/instances/StoragePool::${poolId}/relationships/Statistics`))
        .body as Record<string, number>;
    const dev = async () =>
      (await s.get(`/api/instances/Device::${added}`)).body as Record<string, unknown>;
    assert.is((await dev())['deviceState'], 'RemovePending');
    assert.is((await stats())['movingCapacityInKb'], 20 * 1024 * 1024);
    clock.advance(10_000);
    assert.is((await stats())['normRebuildCapacityInKb'], 10 * 1024 * 1024);
    assert.is(uses.length, 1, 'still used while migrating');
    clock.advance(10_000);
    const gone = await s.get(`/api/instances/Device::${added}`);
    assert.is(gone.status, 500);
    assert.equal(uses.at(-1), { ip: '10.1.0.1', path: '/dev/sdc', inUse: false });
    const after = await stats();
    assert.is(after['normRebuildCapacityInKb'], 0);
    assert.ok((after['rebalanceCapacityInKb'] ?? 0) > 0, 'the pool rebalances');
    assert.is(after['numOfDevices'], 3);
    assert.is(after['capacityInUseInKb'], 80 * 1024 * 1024, 'no data lost');
    clock.advance(60_000);
    assert.is((await stats())['movingCapacityInKb'], 0);
  } finally {
    await sim.stop();
  }
});

test('refused: data with nowhere to go (904), an SDS’s last device (136)', async () => {
  const sim = await startScaleioSim();
  try {
    const { s, poolId, deviceIds } = await buildPool(sim, 100 * GiB, 10);
    const r136 = await s.post(`/api/instances/Device::${deviceIds[0]}/action/removeDevice`, {});
    assert.is((r136.body as { errorCode: number }).errorCode, 136);
    const added = await secondDevice(sim, s, poolId);
    // 300 GiB raw in use: the other 300 GiB (270 usable) could not hold it.
    sim.addWrites({ storagePoolId: poolId, bytes: 150 * GiB });
    const r904 = await s.post(`/api/instances/Device::${added}/action/removeDevice`, {});
    assert.is((r904.body as { errorCode: number }).errorCode, 904);
    assert.is(sim.model.devices.has(added), true);
  } finally {
    await sim.stop();
  }
});

test.run();

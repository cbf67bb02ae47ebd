/**
 * A lost SDS (issue 19): its data is degraded at once and rebuilt over time (a duration
 * proportional to the data, at the rebuild rate), then the pool is healthy again; `removeSds` is
 * refused while a rebuild runs and when a pool with volumes would keep fewer than three SDSs (144)
 * or fault sets (287); accepted after, the SDS and its devices gone.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { manualClock, startScaleioSim } from '../src/index.js';
import { idOf, type Res } from './helpers/http.js';
import { buildPool } from './helpers/topology.js';

const GiB = 1024 ** 3;
const MiB = 1024;

type Sim = Awaited<ReturnType<typeof startScaleioSim>>;
type S = Awaited<ReturnType<typeof buildPool>>['s'];

/** A fourth host and SDS in the pool; its id. */
const fourth = async (sim: Sim, s: S, pdId: string, poolId: string, faultSetId?: string) => {
  sim.upsertNode({
    ip: '10.1.0.4',
    sdsService: 'running',
    devices: [{ path: '/dev/sdb', sizeBytes: 100 * GiB }],
  });
  return idOf(
    await s.post('/api/types/Sds/instances', {
      protectionDomainId: pdId,
      name: 'sds4',
      sdsIpList: [{ SdsIp: { ip: '10.1.0.4', role: 'all' } }],
      deviceInfoList: [{ devicePath: '/dev/sdb', storagePoolId: poolId }],
      ...(faultSetId === undefined ? {} : { faultSetId }),
    }),
  );
};

const stats = async (s: S, poolId: string) =>
  (await s.get(`/api/instances/StoragePool::${poolId}/relationships/Statistics`)).body as Record<
    string,
    number
  >;
const removeSds = (s: S, id: string): Promise<Res> =>
  s.post(`/api/instances/Sds::${id}/action/removeSds`, {});
const rc = (r: Res) => (r.body as { errorCode?: number }).errorCode;

test('a lost SDS: degraded at once, rebuilt over time, then removable; nothing else removed', async () => {
  const clock = manualClock();
  const sim = await startScaleioSim({ clock: clock.now });
  try {
    const { s, pdId, poolId } = await buildPool(sim, 100 * GiB, 10);
    const lostId = await fourth(sim, s, pdId, poolId);
    idOf(
      await s.post('/api/types/Volume/instances', {
        storagePoolId: poolId,
        volumeSizeInKb: String(64 * 1024 * 1024),
        volumeType: 'ThinProvisioned',
        name: 'v1',
      }),
    );
    // 40 GiB net = 80 GiB raw over four equal devices: the lost one holds 20 GiB.
    sim.addWrites({ storagePoolId: poolId, bytes: 40 * GiB });
    sim.setRebuildRate(1024 * MiB); // 1 GiB/s: 20 s
    assert.is((await stats(s, poolId))['degradedHealthyCapacityInKb'], 0);
    sim.upsertNode({ ip: '10.1.0.4', sdsService: 'stopped' });
    const at0 = await stats(s, poolId);
    assert.is(at0['degradedHealthyCapacityInKb'], 20 * 1024 * MiB);
    assert.is(at0['activeNormRebuildCapacityInKb'], 20 * 1024 * MiB);
    // Refused while it rebuilds; nothing changed.
    const early = await removeSds(s, lostId);
    assert.is(early.status, 500);
    assert.match(early.text, /rebuilding/);
    assert.ok(sim.model.sdss.has(lostId));
    clock.advance(5_000);
    assert.is((await stats(s, poolId))['degradedHealthyCapacityInKb'], 15 * 1024 * MiB);
    clock.advance(14_000);
    assert.is((await stats(s, poolId))['degradedHealthyCapacityInKb'], 1024 * MiB);
    clock.advance(1_000);
    const healthy = await stats(s, poolId);
    assert.is(healthy['degradedHealthyCapacityInKb'], 0);
    assert.is(healthy['normRebuildCapacityInKb'], 0);
    const [rec] = sim.state().rebuilds;
    assert.is(rec?.sdsId, lostId);
    assert.is((rec?.finishedMs ?? 0) - (rec?.startedMs ?? 0), 20_000);
    // Healthy again without the SDS: now it goes, its device with it, nothing else.
    const devicesBefore = [...sim.model.devices.values()].map((d) => d.id);
    const lostDevices = devicesBefore.filter((id) => sim.model.devices.get(id)?.sdsId === lostId);
    const ok = await removeSds(s, lostId);
    assert.is(ok.status, 200, ok.text);
    assert.not.ok(sim.model.sdss.has(lostId));
    assert.is(sim.model.sdss.size, 3);
    assert.equal(
      [...sim.model.devices.keys()].sort(),
      devicesBefore.filter((id) => !lostDevices.includes(id)).sort(),
    );
    const removed = sim.state().components.history.find((h) => h.event === 'sds removed');
    assert.is(removed?.ip, '10.1.0.4');
    assert.is(removed?.degradedKb, 0);
    assert.ok((removed?.atMs ?? 0) >= (rec?.finishedMs ?? Infinity));
    // Removing it again: not found (78), as for any unknown SDS.
    assert.is(rc(await removeSds(s, lostId)), 78);
  } finally {
    await sim.stop();
  }
});

test('a pool with volumes keeps three SDSs (144) or three fault sets (287); without volumes it may shrink', async () => {
  const clock = manualClock();
  const sim = await startScaleioSim({ clock: clock.now });
  try {
    const { s, poolId, sdsIds } = await buildPool(sim, 100 * GiB, 10);
    const vol = idOf(
      await s.post('/api/types/Volume/instances', {
        storagePoolId: poolId,
        volumeSizeInKb: String(8 * 1024 * 1024),
        name: 'v1',
      }),
    );
    sim.setRebuildRate(1024 * 1024 * MiB);
    sim.upsertNode({ ip: '10.1.0.3', sdsService: 'stopped' });
    clock.advance(1_000); // rebuilt
    const r = await removeSds(s, sdsIds[2] ?? '');
    assert.is(rc(r), 144, r.text);
    assert.is(sim.model.sdss.size, 3);
    assert.is(
      (await s.post(`/api/instances/Volume::${vol}/action/removeVolume`, { removeMode: 'ONLY_ME' }))
        .status,
      200,
    );
    assert.is((await removeSds(s, sdsIds[2] ?? '')).status, 200);
  } finally {
    await sim.stop();
  }
  const sim2 = await startScaleioSim();
  try {
    sim2.createMdm({ primaryMdmIp: '10.1.0.1' });
    const s = (await buildPool(sim2, 100 * GiB, 10)).s;
    // Fault sets a, b, c with one SDS each plus a fourth SDS in c: losing one of a/b leaves 2.
    const pdId = idOf(await s.post('/api/types/ProtectionDomain/instances', { name: 'pd2' }));
    const poolId = idOf(
      await s.post('/api/types/StoragePool/instances', { name: 'sp2', protectionDomainId: pdId }),
    );
    const fs: string[] = [];
    for (const name of ['a', 'b', 'c'])
      fs.push(
        idOf(await s.post('/api/types/FaultSet/instances', { name, protectionDomainId: pdId })),
      );
    const ids: string[] = [];
    for (const [i, ip] of ['10.2.0.1', '10.2.0.2', '10.2.0.3', '10.2.0.4'].entries()) {
      sim2.upsertNode({
        ip,
        sdsService: 'running',
        devices: [{ path: '/dev/sdb', sizeBytes: 100 * GiB }],
      });
      ids.push(
        idOf(
          await s.post('/api/types/Sds/instances', {
            protectionDomainId: pdId,
            name: `fs-sds${i}`,
            faultSetId: fs[Math.min(i, 2)],
            sdsIpList: [{ SdsIp: { ip, role: 'all' } }],
            deviceInfoList: [{ devicePath: '/dev/sdb', storagePoolId: poolId }],
          }),
        ),
      );
    }
    await s.post('/api/types/Volume/instances', {
      storagePoolId: poolId,
      volumeSizeInKb: String(8 * 1024 * 1024),
    });
    assert.is(rc(await removeSds(s, ids[0] ?? '')), 287);
    // The fourth shares fault set c with the third: three fault sets remain without it.
    assert.is((await removeSds(s, ids[3] ?? '')).status, 200);
  } finally {
    await sim2.stop();
  }
});

test('an SDS back before the end: its rebuild is cancelled, the pool healthy', async () => {
  const clock = manualClock();
  const sim = await startScaleioSim({ clock: clock.now });
  try {
    const { s, poolId } = await buildPool(sim, 100 * GiB, 10);
    sim.addWrites({ storagePoolId: poolId, bytes: 30 * GiB });
    sim.setRebuildRate(1024 * MiB);
    sim.upsertNode({ ip: '10.1.0.2', sdsService: 'stopped' });
    clock.advance(3_000);
    assert.is((await stats(s, poolId))['degradedHealthyCapacityInKb'], 17 * 1024 * MiB);
    sim.upsertNode({ ip: '10.1.0.2', sdsService: 'running' });
    assert.is((await stats(s, poolId))['degradedHealthyCapacityInKb'], 0);
    const [rec] = sim.state().rebuilds;
    assert.ok(rec?.cancelled === true && rec.finishedMs === null);
  } finally {
    await sim.stop();
  }
});

test.run();

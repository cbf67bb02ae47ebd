import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startScaleioSim } from '../src/index.js';
import { idOf } from './helpers/http.js';
import { buildPool } from './helpers/topology.js';

const GiB = 1024 ** 3;
const code = (r: { body: unknown }): number => (r.body as { errorCode: number }).errorCode;

test('objects: ids are 16 hex, links point at relationships that answer, queryIdByKey returns a bare string', async () => {
  const sim = await startScaleioSim();
  try {
    const { s, pdId, poolId, sdsIds } = await buildPool(sim, 100 * GiB);
    for (const id of [pdId, poolId, ...sdsIds]) assert.match(id, /^[0-9a-f]{16}$/);
    const pool = (await s.get(`/api/instances/StoragePool::${poolId}`)).body as {
      links: { rel: string; href: string }[];
    };
    for (const l of pool.links) assert.is((await s.get(l.href)).status, 200, l.href);
    const devs = (await s.get(`/api/instances/StoragePool::${poolId}/relationships/Device`))
      .body as unknown[];
    assert.is(devs.length, 3);
    const q = await s.post('/api/types/StoragePool/instances/action/queryIdByKey', {
      name: 'sp1',
      protectionDomainName: 'pd1',
    });
    assert.is(q.text, JSON.stringify(poolId));
    const nf = await s.post('/api/types/Volume/instances/action/queryIdByKey', { name: 'nope' });
    assert.equal(
      [nf.status, nf.body],
      [500, { message: 'Not found', httpStatusCode: 500, errorCode: 3 }],
    );
    const bad = await s.get('/api/instances/Volume::xyz');
    assert.is(bad.status, 400);
    assert.match((bad.body as { message: string }).message, /must be a hexadecimal number/);
    const gone = await s.get(`/api/instances/Volume::${'a'.repeat(16)}`);
    assert.equal(gone.body, {
      message: 'Could not find the volume',
      httpStatusCode: 500,
      errorCode: 79,
    });
    const pds = (
      await s.get(`/api/instances/System::${sim.model.system.id}/relationships/ProtectionDomain`)
    ).body as unknown[];
    assert.is(pds.length, 1);
  } finally {
    await sim.stop();
  }
});

test('validation: missing parameters and bad enums give the real 400 bodies; strings and numbers both accepted', async () => {
  const sim = await startScaleioSim();
  try {
    const { s, poolId } = await buildPool(sim, 100 * GiB);
    const r = await s.post('/api/types/Volume/instances', { storagePoolId: poolId });
    assert.equal(
      [r.status, r.body],
      [
        400,
        {
          message:
            'Request message is not valid: The following parameter(s) must be part of the request body: volumeSizeInKb.',
          httpStatusCode: 400,
          errorCode: 0,
        },
      ],
    );
    const v = idOf(
      await s.post('/api/types/Volume/instances', {
        storagePoolId: poolId,
        volumeSizeInKb: 8388608,
        name: 'a',
      }),
    );
    idOf(
      await s.post('/api/types/Volume/instances', {
        storagePoolId: poolId,
        volumeSizeInKb: '8388608',
        name: 'b',
      }),
    );
    assert.is(
      code(
        await s.post('/api/types/Volume/instances', {
          storagePoolId: poolId,
          volumeSizeInKb: '1',
          name: 'a',
        }),
      ),
      99,
    );
    const mode = await s.post(`/api/instances/Volume::${v}/action/removeVolume`, {
      removeMode: 'Uknown',
    });
    assert.equal(mode.body, {
      message:
        'removeMode should get one of the following values: ONLY_ME, INCLUDING_DESCENDANTS, DESCENDANTS_ONLY, WHOLE_VTREE, but its value is Uknown.',
      httpStatusCode: 400,
      errorCode: 0,
    });
    const notJson = await s.post('/api/types/Volume/instances', '{');
    assert.is(notJson.status, 400);
  } finally {
    await sim.stop();
  }
});

test('volumes: map, multi-map rule, unmap, resize only up in 8 GB blocks, mapped cannot be removed', async () => {
  const sim = await startScaleioSim();
  try {
    const { s, poolId } = await buildPool(sim, 100 * GiB);
    const a = sim.registerSdc({ ip: '10.5.0.1', guid: '11111111-1111-1111-1111-111111111111' });
    const b = sim.registerSdc({ ip: '10.5.0.2', guid: '22222222-2222-2222-2222-222222222222' });
    if (a._tag !== 'Right' || b._tag !== 'Right') throw new Error('sdc');
    const v = idOf(
      await s.post('/api/types/Volume/instances', {
        storagePoolId: poolId,
        volumeSizeInKb: 8388608,
        name: 'v',
        volumeType: 'ThinProvisioned',
      }),
    );
    const act = (name: string, body: unknown) =>
      s.post(`/api/instances/Volume::${v}/action/${name}`, body);
    const m1 = await act('addMappedSdc', { sdcId: a.right.id });
    assert.equal([m1.status, m1.text], [200, '']);
    assert.is(code(await act('addMappedSdc', { sdcId: a.right.id })), 81);
    assert.is(code(await act('addMappedSdc', { sdcId: b.right.id })), 297);
    assert.is(
      (await act('addMappedSdc', { sdcId: b.right.id, allowMultipleMappings: 'TRUE' })).status,
      200,
    );
    const vol = (await s.get(`/api/instances/Volume::${v}`)).body as {
      mappedSdcInfo: { sdcId: string; sdcIp: string }[];
    };
    assert.equal(
      vol.mappedSdcInfo.map((x) => x.sdcIp),
      ['10.5.0.1', '10.5.0.2'],
    );
    const sdcVols = (await s.get(`/api/instances/Sdc::${a.right.id}/relationships/Volume`))
      .body as unknown[];
    assert.is(sdcVols.length, 1);
    assert.is(code(await act('removeVolume', { removeMode: 'ONLY_ME' })), 104);
    assert.is(code(await s.post(`/api/instances/Sdc::${a.right.id}/action/removeSdc`, {})), 180);
    assert.is((await act('removeMappedSdc', { sdcId: a.right.id })).status, 200);
    assert.is(code(await act('removeMappedSdc', { sdcId: a.right.id })), 84);
    assert.is((await act('removeMappedSdc', { allSdcs: '' })).status, 200);
    assert.is(code(await act('setVolumeSize', { sizeInGB: '12' })), 225);
    assert.is((await act('setVolumeSize', { sizeInGB: '16' })).status, 200);
    assert.is(code(await act('setVolumeSize', { sizeInGB: '8' })), 133);
    assert.is(
      ((await s.get(`/api/instances/Volume::${v}`)).body as { sizeInKb: number }).sizeInKb,
      16 * 1024 * 1024,
    );
    assert.is((await act('removeVolume', { removeMode: 'ONLY_ME' })).status, 200);
    assert.is(code(await s.get(`/api/instances/Volume::${v}`)), 79);
    assert.is(sim.model.volumes.size, 0);
  } finally {
    await sim.stop();
  }
});

test('referential rules: fewer than 3 SDSs, fault sets, removal order, last device', async () => {
  const sim = await startScaleioSim();
  try {
    const { s, pdId, poolId, sdsIds, deviceIds } = await buildPool(sim, 100 * GiB);
    assert.is(
      code(
        await s.post(`/api/instances/ProtectionDomain::${pdId}/action/removeProtectionDomain`, {}),
      ),
      176,
    );
    assert.is(
      code(await s.post(`/api/instances/StoragePool::${poolId}/action/removeStoragePool`, {})),
      172,
    );
    assert.is(
      code(await s.post(`/api/instances/Device::${deviceIds[0]}/action/removeDevice`)),
      136,
    );
    assert.is(
      code(
        await s.post('/api/types/StoragePool/instances', { name: 'sp1', protectionDomainId: pdId }),
      ),
      173,
    );
    assert.is(
      code(
        await s.post('/api/types/StoragePool/instances', {
          name: 'x',
          protectionDomainId: pdId,
          sparePercentage: '100',
        }),
      ),
      316,
    );
    // a second pool with devices on only two SDSs cannot hold volumes
    sim.upsertNode({
      ip: '10.1.0.1',
      devices: [
        { path: '/dev/sdb', sizeBytes: 100 * GiB },
        { path: '/dev/sdc', sizeBytes: 100 * GiB },
      ],
    });
    sim.upsertNode({
      ip: '10.1.0.2',
      devices: [
        { path: '/dev/sdb', sizeBytes: 100 * GiB },
        { path: '/dev/sdc', sizeBytes: 100 * GiB },
      ],
    });
    const sp2 = idOf(
      await s.post('/api/types/StoragePool/instances', { name: 'sp2', protectionDomainId: pdId }),
    );
    for (const sds of sdsIds.slice(0, 2))
      idOf(
        await s.post('/api/types/Device/instances', {
          deviceCurrentPathname: '/dev/sdc',
          sdsId: sds,
          storagePoolId: sp2,
        }),
      );
    assert.is(
      code(
        await s.post('/api/types/Volume/instances', {
          storagePoolId: sp2,
          volumeSizeInKb: 8388608,
        }),
      ),
      144,
    );
    // fault sets: SDSs in fault sets count per fault set
    const fs = idOf(
      await s.post('/api/types/FaultSet/instances', { protectionDomainId: pdId, name: 'rack1' }),
    );
    assert.is(
      code(
        await s.post('/api/types/FaultSet/instances', { protectionDomainId: pdId, name: 'rack1' }),
      ),
      266,
    );
    const sp3 = idOf(
      await s.post('/api/types/StoragePool/instances', { name: 'sp3', protectionDomainId: pdId }),
    );
    for (const ip of ['10.6.0.1', '10.6.0.2', '10.6.0.3']) {
      sim.upsertNode({
        ip,
        sdsService: 'running',
        devices: [{ path: '/dev/sdb', sizeBytes: 100 * GiB }],
      });
      idOf(
        await s.post('/api/types/Sds/instances', {
          protectionDomainId: pdId,
          faultSetId: fs,
          sdsIpList: [{ ip, role: 'all' }],
          deviceInfoList: [{ devicePath: '/dev/sdb', storagePoolId: sp3 }],
        }),
      );
    }
    assert.is(
      code(
        await s.post('/api/types/Volume/instances', {
          storagePoolId: sp3,
          volumeSizeInKb: 8388608,
        }),
      ),
      287,
    );
    assert.is(code(await s.post(`/api/instances/FaultSet::${fs}/action/removeFaultSet`, {})), 268);
    assert.is(
      code(
        await s.post('/api/types/Sds/instances', {
          protectionDomainId: pdId,
          sdsIpList: [{ ip: '10.6.0.1', role: 'all' }],
        }),
      ),
      93,
    );
    const fsSds = (await s.get(`/api/instances/FaultSet::${fs}/relationships/Sds`))
      .body as unknown[];
    assert.is(fsSds.length, 3);
  } finally {
    await sim.stop();
  }
});

test('the aggregate document and queryBySelectedIds follow changes', async () => {
  const sim = await startScaleioSim();
  try {
    const { s, poolId, sdsIds } = await buildPool(sim, 100 * GiB);
    const before = (await s.get('/api/instances')).body as Record<string, unknown>;
    const v = idOf(
      await s.post('/api/types/Volume/instances', {
        storagePoolId: poolId,
        volumeSizeInKb: 8388608,
        name: 'agg',
      }),
    );
    const after = (await s.get('/api/instances')).body as Record<string, unknown>;
    assert.is((after['volumeList'] as unknown[]).length, 1);
    assert.is((after['vTreeList'] as unknown[]).length, 1);
    assert.is((after['sdsList'] as unknown[]).length, 3);
    assert.ok((after['lastVolumeVersion'] as number) > (before['lastVolumeVersion'] as number));
    const sel = await s.post('/api/types/Sds/instances/action/queryBySelectedIds', {
      ids: [sdsIds[1]],
    });
    assert.equal(
      (sel.body as { id: string }[]).map((x) => x.id),
      [sdsIds[1]],
    );
    const bad = await s.post('/api/types/StoragePool/instances/action/querySelectedStatistics', {
      ids: [poolId],
      properties: ['noSuchThing'],
    });
    assert.is(bad.status, 400);
    const pdId = sim.model.pools.get(poolId)!.pdId;
    const off = await s.post(
      `/api/instances/ProtectionDomain::${pdId}/action/inactivateProtectionDomain`,
      {
        forceShutdown: 'FALSE',
      },
    );
    assert.is(off.status, 200);
    const pd = (await s.get(`/api/instances/ProtectionDomain::${pdId}`)).body as Record<
      string,
      unknown
    >;
    assert.is(pd['protectionDomainState'], 'Inactive');
    const pdStats = await s.get(
      `/api/instances/ProtectionDomain::${sim.model.pools.get(poolId)!.pdId}/relationships/Statistics`,
    );
    assert.is((pdStats.body as Record<string, number>)['numOfSds'], 3);
    const sysStats = await s.post('/api/types/System/instances/action/querySelectedStatistics', {
      properties: ['numOfVolumes', 'maxCapacityInKb'],
    });
    assert.equal(sysStats.body, { numOfVolumes: 1, maxCapacityInKb: 300 * 1024 * 1024 });
    assert.is(v.length, 16);
  } finally {
    await sim.stop();
  }
});

test.run();

/**
 * Acceptance: the @scaleio-framework/scaleio client against the simulated
 * gateway over loopback HTTP. The whole create flow, lookups, volume
 * lifecycle, the MDM cluster and the error union's gateway codes.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Either } from 'fp-ts/lib/Either.js';
import {
  addDevice,
  createClient,
  createFaultSet,
  createProtectionDomain,
  createSds,
  createStoragePool,
  createVolume,
  findById,
  findByName,
  listObjects,
  listRelated,
  mapVolume,
  removeDevice,
  removeVolume,
  resizeVolume,
  unmapVolume,
  type ScaleIOClient,
  type ScaleIOError,
  type SdcId,
} from '@scaleio-framework/scaleio';
import { startScaleioSim, type ScaleioSim } from '../src/index.js';

const ok = <E, A>(r: Either<E, A>, what: string): A => {
  if (r._tag === 'Left') throw new Error(`${what}: ${JSON.stringify(r.left)}`);
  return r.right;
};
const failsWith = <A>(
  r: Either<ScaleIOError, A>,
  tag: ScaleIOError['_tag'],
  what: string,
): ScaleIOError => {
  assert.ok(r._tag === 'Left', `${what} should fail with ${tag}`);
  assert.is(r.left._tag, tag, `${what}: ${JSON.stringify(r.left)}`);
  return r.left;
};

const clientOf = (sim: ScaleioSim): ScaleIOClient =>
  ok(createClient({ baseUrl: sim.url, ...sim.credentials, timeoutMs: 10_000 }), 'createClient');

const withSim = async (f: (sim: ScaleioSim, c: ScaleIOClient) => Promise<void>): Promise<void> => {
  const sim = await startScaleioSim({ bootstrap: true });
  try {
    await f(sim, clientOf(sim));
  } finally {
    await sim.stop();
  }
};

const HOSTS = ['10.0.0.11', '10.0.0.12', '10.0.0.13'] as const;

test('connect, version and the MDM cluster of a bootstrapped system', () =>
  withSim(async (_sim, c) => {
    const v = ok(await c.connect(), 'connect');
    assert.ok(v.major >= 1 && v.major <= 3);
    const cluster = ok(await c.mdmCluster(), 'mdmCluster');
    assert.is(cluster.clusterMode, 'ThreeNodes');
    assert.equal(cluster.master?.ips, ['10.0.0.11']);
    assert.is(cluster.slaves?.length, 1);
    assert.is(cluster.tieBreakers?.length, 1);
    const systems = ok(await c.run(listObjects('System')), 'systems');
    assert.is(systems.length, 1);
    ok(await c.logout(), 'logout');
    assert.not.ok(c.hasToken());
  }));

test('full create flow: PD, pool, 3 SDSs with devices, extra device, volume lifecycle', () =>
  withSim(async (sim, c) => {
    const pd = ok(await c.run(createProtectionDomain({ name: 'pd1' })), 'create pd');
    failsWith(await c.run(createProtectionDomain({ name: 'pd1' })), 'NameInUse', 'duplicate pd');
    const pool = ok(
      await c.run(createStoragePool({ name: 'sp1', protectionDomainId: pd, sparePercentage: 10 })),
      'create pool',
    );
    const sdsIds = [];
    for (const [i, ip] of HOSTS.entries()) {
      sdsIds.push(
        ok(
          await c.run(
            createSds({
              name: `sds${i + 1}`,
              protectionDomainId: pd,
              ips: [{ ip, role: 'all' }],
              devices: [{ path: '/dev/sdb', storagePoolId: pool, name: 'sdb' }],
            }),
          ),
          `create sds ${ip}`,
        ),
      );
    }
    failsWith(
      await c.run(
        createSds({
          name: 'sds1',
          protectionDomainId: pd,
          ips: [{ ip: '10.0.0.99', role: 'all' }],
        }),
      ),
      'NameInUse',
      'duplicate sds name',
    );
    const extra = [];
    for (const sds of sdsIds) {
      extra.push(
        ok(
          await c.run(
            addDevice({ path: '/dev/sdc', sdsId: sds, storagePoolId: pool, name: 'sdc' }),
          ),
          'add device',
        ),
      );
    }
    /** Adds a device to the first SDS. */
    const first = sdsIds[0]!;
    const addToFirst = (path: string, name: string) =>
      c.run(addDevice({ path, sdsId: first, storagePoolId: pool, name }));
    failsWith(await addToFirst('/dev/sdc', 'other'), 'AlreadyExists', 'same device path twice');
    const gib100 = 100 * 1024 ** 3;
    ok(
      sim.upsertNode({
        ip: HOSTS[0],
        devices: ['/dev/sdb', '/dev/sdc', '/dev/sdd'].map((path) => ({ path, sizeBytes: gib100 })),
      }),
      'third disk',
    );
    failsWith(await addToFirst('/dev/sdd', 'sdc'), 'NameInUse', 'same device name twice');

    // Lookups by id and by (scoped) name agree with what was created.
    assert.is(ok(await c.run(findByName('ProtectionDomain', 'pd1')), 'pd by name').id, pd);
    const sp = ok(
      await c.run(findByName('StoragePool', 'sp1', { type: 'ProtectionDomain', id: pd })),
      'pool by name',
    );
    assert.is(sp.id, pool);
    assert.is(sp.sparePercentage, 10);
    const sds2 = ok(await c.run(findById('Sds', sdsIds[1]!)), 'sds by id');
    assert.equal(sds2.ipList, [{ ip: '10.0.0.12', role: 'all' }]);
    const devices = ok(await c.run(listRelated('StoragePool', pool, 'Device')), 'pool devices');
    assert.is(devices.length, 6);
    assert.equal([...new Set(devices.map((d) => d.deviceCurrentPathName))].sort(), [
      '/dev/sdb',
      '/dev/sdc',
    ]);
    failsWith(await c.run(findByName('Volume', 'nope')), 'NotFound', 'missing volume by name');

    // Volume lifecycle.
    const sdc = ok(
      sim.registerSdc({ ip: '10.0.0.50', guid: 'a1b2c3d4-0000-4000-8000-000000000001' }),
      'register sdc',
    );
    const sdcs = ok(await c.run(listObjects('Sdc')), 'sdcs');
    const sdcId = sdcs.find((s) => s.id === sdc.id)?.id as SdcId;
    assert.ok(sdcId !== undefined);
    const vol = ok(
      await c.run(createVolume({ name: 'vol1', storagePoolId: pool, sizeInKb: 10 * 1024 * 1024 })),
      'create volume',
    );
    failsWith(
      await c.run(createVolume({ name: 'vol1', storagePoolId: pool, sizeInKb: 1 })),
      'NameInUse',
      'dup volume',
    );
    let v = ok(await c.run(findById('Volume', vol)), 'volume');
    assert.is(v.sizeInKb, 16 * 1024 * 1024, 'rounded up to 8 GiB steps');
    assert.is(v.volumeType, 'ThinProvisioned');
    assert.is(v.mappedSdcInfo ?? null, null);

    ok(await c.run(mapVolume(vol, sdcId)), 'map');
    failsWith(await c.run(mapVolume(vol, sdcId)), 'AlreadyMapped', 'map twice');
    failsWith(await c.run(removeVolume(vol)), 'Mapped', 'remove while mapped');
    v = ok(await c.run(findById('Volume', vol)), 'volume mapped');
    assert.equal(
      v.mappedSdcInfo?.map((m) => m.sdcId),
      [sdcId],
    );

    ok(await c.run(resizeVolume(vol, 20)), 'resize');
    assert.is(ok(await c.run(findById('Volume', vol)), 'resized').sizeInKb, 24 * 1024 * 1024);
    failsWith(await c.run(resizeVolume(vol, 8)), 'InvalidRequest', 'shrink');

    ok(await c.run(unmapVolume(vol, sdcId)), 'unmap');
    failsWith(await c.run(unmapVolume(vol, sdcId)), 'NotMapped', 'unmap twice');
    ok(await c.run(removeVolume(vol)), 'remove');
    failsWith(await c.run(findById('Volume', vol)), 'NotFound', 'removed volume');

    ok(await c.run(removeDevice(extra[0]!)), 'remove device');
    failsWith(await c.run(findById('Device', extra[0]!)), 'NotFound', 'removed device');
    assert.is(ok(await c.run(listRelated('StoragePool', pool, 'Device')), 'devices').length, 5);
  }));

test('a pool on fewer than 3 SDSs, or 3 fault sets, refuses volumes', () =>
  withSim(async (sim, c) => {
    for (const ip of ['10.0.0.21', '10.0.0.22', '10.0.0.23'])
      ok(
        sim.upsertNode({
          ip,
          sdsService: 'running',
          devices: [{ path: '/dev/sdb', sizeBytes: 100 * 1024 ** 3 }],
        }),
        'node',
      );
    const pd = ok(await c.run(createProtectionDomain({ name: 'pd-small' })), 'pd');
    const pool = ok(await c.run(createStoragePool({ name: 'sp', protectionDomainId: pd })), 'pool');
    for (const ip of HOSTS.slice(0, 2))
      ok(
        await c.run(
          createSds({
            name: `s-${ip}`,
            protectionDomainId: pd,
            ips: [{ ip, role: 'all' }],
            devices: [{ path: '/dev/sdb', storagePoolId: pool }],
          }),
        ),
        'sds',
      );
    failsWith(
      await c.run(createVolume({ name: 'v', storagePoolId: pool, sizeInKb: 1 })),
      'NotEnoughSds',
      'two SDSs',
    );

    const pdf = ok(await c.run(createProtectionDomain({ name: 'pd-fs' })), 'pd fs');
    const fpool = ok(
      await c.run(createStoragePool({ name: 'sp', protectionDomainId: pdf })),
      'fs pool',
    );
    const fsA = ok(
      await c.run(createFaultSet({ name: 'rack-a', protectionDomainId: pdf })),
      'fs a',
    );
    const fsB = ok(
      await c.run(createFaultSet({ name: 'rack-b', protectionDomainId: pdf })),
      'fs b',
    );
    failsWith(
      await c.run(createFaultSet({ name: 'rack-a', protectionDomainId: pdf })),
      'NameInUse',
      'dup fault set',
    );
    const placement = [
      ['10.0.0.21', fsA],
      ['10.0.0.22', fsA],
      ['10.0.0.23', fsB],
    ] as const;
    for (const [ip, fs] of placement)
      ok(
        await c.run(
          createSds({
            name: `f-${ip}`,
            protectionDomainId: pdf,
            ips: [{ ip, role: 'all' }],
            faultSetId: fs,
            devices: [{ path: '/dev/sdb', storagePoolId: fpool }],
          }),
        ),
        'fs sds',
      );
    const inA = ok(await c.run(listRelated('FaultSet', fsA, 'Sds')), 'sds of rack-a');
    assert.is(inA.length, 2);
    assert.ok(inA.every((s) => s.faultSetId === fsA));
    failsWith(
      await c.run(createVolume({ name: 'v2', storagePoolId: fpool, sizeInKb: 1 })),
      'NotEnoughFaultSets',
      'three SDSs in two fault sets',
    );
  }));

test.run();

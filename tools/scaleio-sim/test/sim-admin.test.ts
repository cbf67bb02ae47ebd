import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startScaleioSim, type SimState } from '../src/index.js';
import { call, idOf, session } from './helpers/http.js';

const post = (sim: { adminUrl: string }, path: string, body: unknown) =>
  call(sim.adminUrl, `/sim/admin/${path}`, { body });
const state = async (sim: { adminUrl: string }): Promise<SimState> =>
  (await call(sim.adminUrl, '/sim/state')).body as SimState;

test('MDM cluster: create, standbys, 3-node then 5-node mode, rename; the System shows it', async () => {
  const sim = await startScaleioSim();
  try {
    const s = await session(sim.url);
    assert.equal((await s.get('/api/types/System/instances')).body, {
      message: 'Communication error',
      httpStatusCode: 500,
      errorCode: 69,
    });
    assert.is(
      (await post(sim, 'mdm/create', { primaryMdmIp: '10.0.0.1', clusterName: 'c1' })).status,
      200,
    );
    assert.is(
      (await post(sim, 'mdm/create', { primaryMdmIp: '10.0.0.1', clusterName: 'c1' })).status,
      200,
      'same create is a no-op',
    );
    const again = await post(sim, 'mdm/create', { primaryMdmIp: '10.0.0.9' });
    assert.equal([again.status, again.body], [409, { message: 'the MDM cluster already exists' }]);
    assert.is(
      (await post(sim, 'mdm/switch-mode', { mode: '3_node' })).status,
      400,
      'no standbys yet',
    );
    for (const [ip, role] of [
      ['10.0.0.2', 'Manager'],
      ['10.0.0.3', 'TieBreaker'],
      ['10.0.0.4', 'Manager'],
      ['10.0.0.5', 'TieBreaker'],
    ])
      assert.is((await post(sim, 'mdm/add-standby', { ip, role })).status, 200);
    assert.is(
      (await post(sim, 'mdm/add-standby', { ip: '10.0.0.2', role: 'TieBreaker' })).status,
      409,
    );
    assert.is(
      (
        await post(sim, 'mdm/switch-mode', {
          mode: '3_node',
          addSecondaryIps: ['10.0.0.2'],
          addTiebreakerIps: ['10.0.0.3'],
        })
      ).status,
      200,
    );
    let st = await state(sim);
    assert.is(st.mdmCluster?.mode, 'ThreeNodes');
    assert.equal(
      st.mdmCluster?.standbys.map((n) => n.ips[0]),
      ['10.0.0.4', '10.0.0.5'],
    );
    assert.is((await post(sim, 'mdm/switch-mode', { mode: '5_node' })).status, 200);
    assert.is((await post(sim, 'mdm/rename', { name: 'prod' })).status, 200);
    st = await state(sim);
    assert.is(st.system.name, 'prod');
    const sys = (
      (await s.get('/api/types/System/instances')).body as Record<string, unknown>[]
    )[0]!;
    const mdm = sys['mdmCluster'] as Record<string, unknown>;
    assert.is(sys['name'], 'prod');
    assert.is(mdm['clusterMode'], 'FiveNodes');
    assert.is(mdm['clusterState'], 'ClusteredNormal');
    assert.is((mdm['slaves'] as unknown[]).length, 2);
    assert.is((mdm['tieBreakers'] as unknown[]).length, 2);
    assert.match(String(mdm['id']), /^\d+$/);
    const q = await s.post('/api/instances/System/queryMdmCluster', {});
    assert.is((q.body as Record<string, unknown>)['clusterMode'], 'FiveNodes');
  } finally {
    await sim.stop();
  }
});

test('the 3.x REST MDM verbs drive the same model', async () => {
  const sim = await startScaleioSim();
  try {
    sim.createMdm({ primaryMdmIp: '10.0.0.1' });
    const s = await session(sim.url);
    const m2 = idOf(
      await s.post('/api/instances/System/action/addStandbyMdm', {
        ips: ['10.0.0.2'],
        role: 'Manager',
      }),
    );
    const tb = idOf(
      await s.post('/api/instances/System/action/addStandbyMdm', {
        ips: ['10.0.0.3'],
        role: 'TieBreaker',
      }),
    );
    const sw = await s.post('/api/instances/System/action/switchClusterMode', {
      mode: 'ThreeNodes',
      addSlaveMdmIdList: [m2],
      addTBIdList: [tb],
    });
    assert.is(sw.status, 200);
    assert.is(sim.model.mdm?.mode, 'ThreeNodes');
  } finally {
    await sim.stop();
  }
});

test('admin bodies are validated: 400 with a message; unknown route 404', async () => {
  const sim = await startScaleioSim();
  try {
    const r = await post(sim, 'mdm/add-standby', { ip: '10.0.0.2', role: 'Boss' });
    assert.is(r.status, 400);
    assert.match((r.body as { message: string }).message, /invalid body/);
    assert.is(
      (await post(sim, 'node', { ip: '1.1.1.1', devices: [{ path: '/dev/sdb', sizeBytes: -1 }] }))
        .status,
      400,
    );
    assert.is((await call(sim.adminUrl, '/sim/admin/nope', { body: {} })).status, 404);
    assert.is((await call(sim.adminUrl, '/sim/admin/node', { body: '{oops' })).status, 400);
    assert.is(
      (await post(sim, 'writes', { storagePoolId: 'ffff000000000000', bytes: 1 })).status,
      404,
    );
    assert.is(
      (await post(sim, 'mdm/add-standby', { ip: '10.0.0.2', role: 'Manager' })).status,
      409,
      'no cluster yet',
    );
  } finally {
    await sim.stop();
  }
});

test('an SDS is online only while its node runs the SDS service; devices take the node size', async () => {
  const sim = await startScaleioSim();
  try {
    sim.createMdm({ primaryMdmIp: '10.0.0.1' });
    await post(sim, 'node', {
      ip: '10.2.0.1',
      hostname: 'a',
      sdsService: 'stopped',
      devices: [{ path: '/dev/xvdf', sizeBytes: 50 * 1024 ** 3 }],
    });
    const s = await session(sim.url);
    const pd = idOf(await s.post('/api/types/ProtectionDomain/instances', { name: 'pd' }));
    const sp = idOf(
      await s.post('/api/types/StoragePool/instances', { name: 'sp', protectionDomainId: pd }),
    );
    const sds = idOf(
      await s.post('/api/types/Sds/instances', {
        protectionDomainId: pd,
        sdsIpList: [{ ip: '10.2.0.1', role: 'all' }],
      }),
    );
    const get = async () =>
      (await s.get(`/api/instances/Sds::${sds}`)).body as Record<string, unknown>;
    assert.equal(
      [(await get())['mdmConnectionState'], (await get())['membershipState']],
      ['Disconnected', 'Decoupled'],
    );
    assert.is((await get())['name'], 'SDS_[10.2.0.1]');
    await post(sim, 'node', { ip: '10.2.0.1', sdsService: 'running' });
    assert.equal(
      [(await get())['mdmConnectionState'], (await get())['membershipState']],
      ['Connected', 'Joined'],
    );
    assert.is((await state(sim)).nodes[0]?.devices.length, 1, 'devices kept when not given');
    const missing = await s.post('/api/types/Device/instances', {
      deviceCurrentPathname: '/dev/nope',
      sdsId: sds,
      storagePoolId: sp,
    });
    assert.is((missing.body as { errorCode: number }).errorCode, 283);
    const dev = idOf(
      await s.post('/api/types/Device/instances', {
        deviceCurrentPathname: '/dev/xvdf',
        sdsId: sds,
        storagePoolId: sp,
        name: 'xvdf',
      }),
    );
    const d = (await s.get(`/api/instances/Device::${dev}`)).body as Record<string, unknown>;
    assert.is(d['maxCapacityInKb'], 50 * 1024 * 1024);
    assert.is(d['deviceCurrentPathName'], '/dev/xvdf');
    const dup = await s.post('/api/types/Device/instances', {
      deviceCurrentPathname: '/dev/xvdf',
      sdsId: sds,
      storagePoolId: sp,
    });
    assert.is((dup.body as { errorCode: number }).errorCode, 673);
  } finally {
    await sim.stop();
  }
});

test('SDCs register themselves idempotently by GUID', async () => {
  const sim = await startScaleioSim({ bootstrap: true });
  try {
    const a = await post(sim, 'sdc', {
      ip: '10.3.0.1',
      guid: 'b71f01ae-ff7a-47c5-a303-583ffd416818',
    });
    const b = await post(sim, 'sdc', {
      ip: '10.3.0.2',
      guid: 'B71F01AE-FF7A-47C5-A303-583FFD416818',
      name: 'agent1',
    });
    assert.is((a.body as { id: string }).id, (b.body as { id: string }).id);
    const s = await session(sim.url);
    const list = (await s.get('/api/types/Sdc/instances')).body as Record<string, unknown>[];
    assert.is(list.length, 1);
    assert.equal(
      [list[0]!['sdcIp'], list[0]!['name'], list[0]!['sdcGuid']],
      ['10.3.0.2', 'agent1', 'B71F01AE-FF7A-47C5-A303-583FFD416818'],
    );
  } finally {
    await sim.stop();
  }
});

test('the admin API answers loopback callers only', async () => {
  const { networkInterfaces } = await import('node:os');
  const ext = Object.values(networkInterfaces())
    .flat()
    .find((i) => i !== undefined && i.family === 'IPv4' && !i.internal);
  if (ext === undefined) {
    console.log('sim-admin: no non-loopback interface, loopback-only check skipped');
    return;
  }
  const sim = await startScaleioSim();
  try {
    // the server binds 127.0.0.1 only, so a non-loopback caller cannot even connect
    let refused = false;
    await call(sim.adminUrl.replace('127.0.0.1', ext.address), '/sim/state').catch(() => {
      refused = true;
    });
    assert.ok(refused);
  } finally {
    await sim.stop();
  }
});

test.run();

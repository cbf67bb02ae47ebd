// Component versions, MDM ownership and SDS maintenance (issue 20, rolling upgrade): what the
// gateway reports per object, and the health record tests judge upgrades by.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { restVersion, startScaleioSim, type SimState } from '../src/index.js';
import { call } from './helpers/http.js';
import { buildPool } from './helpers/topology.js';

const post = (sim: { adminUrl: string }, path: string, body: unknown) =>
  call(sim.adminUrl, `/sim/admin/${path}`, { body });
const state = async (sim: { adminUrl: string }): Promise<SimState> =>
  (await call(sim.adminUrl, '/sim/state')).body as SimState;

test('restVersion: the object-level version the gateway reports for a package version', () => {
  assert.is(restVersion('2.0-10000.2072'), 'R2_0.10000.0');
  assert.is(restVersion('2.0-14000.231'), 'R2_0.14000.0'); // csi-powerflex get_sdc_instances.json
  assert.is(restVersion('2.0-13000.211.Ubuntu.16.04'), 'R2_0.13000.0');
});

const fiveNode = async (sim: { adminUrl: string }) => {
  await post(sim, 'mdm/create', { primaryMdmIp: '10.0.0.1' });
  for (const [ip, role] of [
    ['10.0.0.2', 'Manager'],
    ['10.0.0.3', 'Manager'],
    ['10.0.0.4', 'TieBreaker'],
    ['10.0.0.5', 'TieBreaker'],
  ])
    await post(sim, 'mdm/add-standby', { ip, role });
  await post(sim, 'mdm/switch-mode', { mode: '5_node' });
  for (const n of [1, 2, 3, 4, 5])
    await post(sim, 'component', {
      ip: `10.0.0.${n}`,
      component: 'mdm',
      version: '2.0-10000.2072',
      running: true,
    });
};

test('MDM versions and status per member; a stopped secondary degrades the cluster until it is back', async () => {
  const sim = await startScaleioSim();
  try {
    await fiveNode(sim);
    let st = await state(sim);
    assert.is(st.mdmCluster?.clusterState, 'ClusteredNormal');
    await post(sim, 'component', { ip: '10.0.0.2', component: 'mdm', running: false });
    st = await state(sim);
    assert.is(st.mdmCluster?.clusterState, 'ClusteredDegraded');
    await post(sim, 'component', {
      ip: '10.0.0.2',
      component: 'mdm',
      version: '2.0-13000.211',
      running: true,
    });
    st = await state(sim);
    assert.is(st.mdmCluster?.clusterState, 'ClusteredNormal');
    const sys = sim.model.mdm;
    assert.ok(sys);
    const { renderMdmCluster } = await import('../src/render/system.js');
    const r = renderMdmCluster(sim.model, sys) as {
      master: { versionInfo: string };
      slaves: { ips: string[]; versionInfo: string; status: string }[];
    };
    assert.is(r.master.versionInfo, 'R2_0.10000.0');
    assert.equal(
      r.slaves.map((n) => [n.ips[0], n.versionInfo, n.status]),
      [
        ['10.0.0.2', 'R2_0.13000.0', 'Normal'],
        ['10.0.0.3', 'R2_0.10000.0', 'Normal'],
      ],
    );
    assert.equal(st.components.history.map((h) => [h.event, h.clusterState]).slice(-2), [
      ['mdm stopped', 'ClusteredDegraded'],
      ['mdm started', 'ClusteredNormal'],
    ]);
  } finally {
    await sim.stop();
  }
});

test('ownership: switched only to a running secondary of a healthy cluster; a stopped master fails over', async () => {
  const sim = await startScaleioSim();
  try {
    await fiveNode(sim);
    const toTb = await post(sim, 'mdm/switch-ownership', { newMasterIp: '10.0.0.4' });
    assert.equal([toTb.status, toTb.body], [400, { message: 'no secondary MDM has IP 10.0.0.4' }]);
    await post(sim, 'component', { ip: '10.0.0.3', component: 'mdm', running: false });
    const degraded = await post(sim, 'mdm/switch-ownership', { newMasterIp: '10.0.0.2' });
    assert.is(degraded.status, 409, 'not while the cluster is degraded');
    await post(sim, 'component', { ip: '10.0.0.3', component: 'mdm', running: true });
    assert.is((await post(sim, 'mdm/switch-ownership', { newMasterIp: '10.0.0.2' })).status, 200);
    let st = await state(sim);
    assert.equal(st.mdmCluster?.master.ips, ['10.0.0.2']);
    assert.ok(st.mdmCluster?.slaves.some((n) => n.ips[0] === '10.0.0.1'));
    // The master stopping hands ownership to a running secondary: a failover, recorded as such.
    await post(sim, 'component', { ip: '10.0.0.2', component: 'mdm', running: false });
    st = await state(sim);
    assert.is(st.mdmCluster?.master.ips[0], '10.0.0.1');
    assert.equal(
      st.components.ownership.map((o) => [o.fromIp, o.toIp, o.reason]),
      [
        ['10.0.0.1', '10.0.0.2', 'switch'],
        ['10.0.0.2', '10.0.0.1', 'failover'],
      ],
    );
  } finally {
    await sim.stop();
  }
});

test('SDS: version and maintenance mode over REST; a stopped SDS degrades the pool unless in maintenance', async () => {
  const sim = await startScaleioSim();
  try {
    const topo = await buildPool(sim, 100 * 2 ** 30);
    sim.addWrites({ storagePoolId: topo.poolId, bytes: 30 * 2 ** 30 });
    await post(sim, 'component', { ip: '10.1.0.1', component: 'sds', version: '2.0-10000.2072' });
    const sds = (await topo.s.get(`/api/instances/Sds::${topo.sdsIds[0] ?? ''}`)).body as Record<
      string,
      unknown
    >;
    assert.is(sds['softwareVersionInfo'], 'R2_0.10000.0');
    assert.is(sds['maintenanceState'], 'NoMaintenance');
    const stats = async () =>
      (await topo.s.get(`/api/instances/StoragePool::${topo.poolId}/relationships/Statistics`))
        .body as Record<string, number>;
    // Down without maintenance: its share of the data has one copy left.
    await post(sim, 'node', { ip: '10.1.0.1', sdsService: 'stopped' });
    assert.ok((await stats())['degradedHealthyCapacityInKb']! > 0);
    const refused = await topo.s.post(
      `/api/instances/Sds::${topo.sdsIds[0] ?? ''}/action/enterMaintenanceMode`,
      {},
    );
    assert.is(refused.status, 400, 'a disconnected SDS cannot enter maintenance');
    await post(sim, 'node', { ip: '10.1.0.1', sdsService: 'running' });
    assert.is((await stats())['degradedHealthyCapacityInKb'], 0);
    const enter = await topo.s.post(
      `/api/instances/Sds::${topo.sdsIds[0] ?? ''}/action/enterMaintenanceMode`,
      {},
    );
    assert.is(enter.status, 200);
    const second = await topo.s.post(
      `/api/instances/Sds::${topo.sdsIds[1] ?? ''}/action/enterMaintenanceMode`,
      {},
    );
    assert.is(second.status, 400, 'one SDS of a protection domain at a time');
    await post(sim, 'node', { ip: '10.1.0.1', sdsService: 'stopped' });
    const s2 = await stats();
    assert.is(s2['degradedHealthyCapacityInKb'], 0);
    assert.ok(s2['inMaintenanceCapacityInKb']! > 0);
    await post(sim, 'node', { ip: '10.1.0.1', sdsService: 'running' });
    const exit = await topo.s.post(
      `/api/instances/Sds::${topo.sdsIds[0] ?? ''}/action/exitMaintenanceMode`,
      {},
    );
    assert.is(exit.status, 200);
    const st = await state(sim);
    assert.equal(st.components.maintenance, []);
    const events = st.components.history.map((h) => [h.event, h.degradedKb > 0]);
    assert.equal(events.slice(-4), [
      ['maintenance entered', false],
      ['sds stopped', false],
      ['sds started', false],
      ['maintenance exited', false],
    ]);
  } finally {
    await sim.stop();
  }
});

test.run();

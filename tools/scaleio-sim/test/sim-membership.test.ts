// MDM membership after a lost member (issue 19): degraded → standby added → replaced → normal,
// and the refusals the real MDM makes, through the admin API node-sim's scli uses.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startScaleioSim, type SimState } from '../src/index.js';
import { call } from './helpers/http.js';

const post = (sim: { adminUrl: string }, path: string, body: unknown) =>
  call(sim.adminUrl, `/sim/admin/${path}`, { body });
const state = async (sim: { adminUrl: string }): Promise<SimState> =>
  (await call(sim.adminUrl, '/sim/state')).body as SimState;
const mdm = (sim: { adminUrl: string }, ip: string, running: boolean) =>
  post(sim, 'component', { ip, component: 'mdm', running });

/** A 3-node cluster (master .1, slave .2, tie-breaker .3), every MDM running. */
const threeNode = async (sim: { adminUrl: string }) => {
  await post(sim, 'mdm/create', { primaryMdmIp: '10.0.0.1' });
  await post(sim, 'mdm/add-standby', { ip: '10.0.0.2', role: 'Manager' });
  await post(sim, 'mdm/add-standby', { ip: '10.0.0.3', role: 'TieBreaker' });
  await post(sim, 'mdm/switch-mode', { mode: '3_node' });
  for (const n of [1, 2, 3]) await mdm(sim, `10.0.0.${n}`, true);
};

test('a lost slave: degraded; a new standby swapped in with --allow_leave_failed; the old one removed; normal again', async () => {
  const sim = await startScaleioSim();
  try {
    await threeNode(sim);
    await mdm(sim, '10.0.0.2', false);
    assert.is((await state(sim)).mdmCluster?.clusterState, 'ClusteredDegraded');
    // A standby on a host whose MDM is down cannot be added (the MDM must reach it).
    await mdm(sim, '10.0.0.7', false);
    const refused = await post(sim, 'mdm/add-standby', { ip: '10.0.0.7', role: 'Manager' });
    assert.is(refused.status, 409);
    assert.match(JSON.stringify(refused.body), /could not connect/);
    // The replacement host: MDM installed and running, added as standby.
    await mdm(sim, '10.0.0.4', true);
    assert.is(
      (await post(sim, 'mdm/add-standby', { ip: '10.0.0.4', role: 'Manager' })).status,
      200,
    );
    // Without --allow_leave_failed the dead member cannot leave.
    const noLeave = await post(sim, 'mdm/replace', {
      addSlaveIps: ['10.0.0.4'],
      removeSlaveIps: ['10.0.0.2'],
    });
    assert.is(noLeave.status, 409);
    assert.match(JSON.stringify(noLeave.body), /--allow_leave_failed/);
    const ok = await post(sim, 'mdm/replace', {
      addSlaveIps: ['10.0.0.4'],
      removeSlaveIps: ['10.0.0.2'],
      allowLeaveFailed: true,
    });
    assert.is(ok.status, 200);
    let st = await state(sim);
    assert.is(st.mdmCluster?.clusterState, 'ClusteredNormal');
    assert.is(st.mdmCluster?.mode, 'ThreeNodes', 'the mode is kept');
    assert.equal(
      st.mdmCluster?.slaves.map((n) => n.ips[0]),
      ['10.0.0.4'],
    );
    assert.ok(
      st.mdmCluster?.standbys.some((n) => n.ips[0] === '10.0.0.2'),
      'the old one is a standby',
    );
    // A member is never removed as a standby; the old standby is.
    assert.is((await post(sim, 'mdm/remove-standby', { ip: '10.0.0.4' })).status, 400);
    assert.is((await post(sim, 'mdm/remove-standby', { ip: '10.0.0.2' })).status, 200);
    const again = await post(sim, 'mdm/remove-standby', { ip: '10.0.0.2' });
    assert.is(again.status, 404);
    assert.match(JSON.stringify(again.body), /The MDM could not be found/);
    st = await state(sim);
    assert.ok(!JSON.stringify(st.mdmCluster).includes('10.0.0.2'), 'gone from the cluster');
  } finally {
    await sim.stop();
  }
});

test('replacement refusals: the master, a changed member count, a non-standby, a standby of the other role, a dead standby, nothing named', async () => {
  const sim = await startScaleioSim();
  try {
    await threeNode(sim);
    await mdm(sim, '10.0.0.5', true);
    await post(sim, 'mdm/add-standby', { ip: '10.0.0.5', role: 'TieBreaker' });
    await mdm(sim, '10.0.0.6', true);
    await post(sim, 'mdm/add-standby', { ip: '10.0.0.6', role: 'Manager' });
    const cases: [string, Record<string, unknown>, number, RegExp][] = [
      [
        'the master',
        { addSlaveIps: ['10.0.0.6'], removeSlaveIps: ['10.0.0.1'] },
        400,
        /is the master/,
      ],
      ['more added than removed', { addSlaveIps: ['10.0.0.6'] }, 400, /keeps the cluster mode/],
      [
        'not a standby',
        { addSlaveIps: ['10.0.0.42'], removeSlaveIps: ['10.0.0.2'] },
        400,
        /no standby Manager/,
      ],
      [
        'a tie-breaker standby as a slave',
        { addSlaveIps: ['10.0.0.5'], removeSlaveIps: ['10.0.0.2'] },
        400,
        /no standby Manager/,
      ],
      [
        'removing a non-member',
        { addTbIps: ['10.0.0.5'], removeTbIps: ['10.0.0.2'] },
        400,
        /no tie-breaker of the cluster/,
      ],
      ['nothing named', {}, 400, /nothing to replace/],
    ];
    for (const [name, body, status, msg] of cases) {
      const r = await post(sim, 'mdm/replace', body);
      assert.is(r.status, status, name);
      assert.match(JSON.stringify(r.body), msg, name);
    }
    await mdm(sim, '10.0.0.6', false);
    const dead = await post(sim, 'mdm/replace', {
      addSlaveIps: ['10.0.0.6'],
      removeSlaveIps: ['10.0.0.2'],
    });
    assert.is(dead.status, 409, 'a standby whose MDM is down');
    // Nothing changed by any refusal.
    const st = await state(sim);
    assert.equal(
      st.mdmCluster?.slaves.map((n) => n.ips[0]),
      ['10.0.0.2'],
    );
    assert.equal(
      st.mdmCluster?.tieBreakers.map((n) => n.ips[0]),
      ['10.0.0.3'],
    );
    // A tie-breaker swap works the same way.
    const tb = await post(sim, 'mdm/replace', {
      addTbIps: ['10.0.0.5'],
      removeTbIps: ['10.0.0.3'],
    });
    assert.is(tb.status, 200);
    assert.equal(
      (await state(sim)).mdmCluster?.tieBreakers.map((n) => n.ips[0]),
      ['10.0.0.5'],
    );
  } finally {
    await sim.stop();
  }
});

test.run();

// Package upgrades (issue 20, rolling upgrade): `rpm -U` and `dpkg -i` of a newer ScaleIO build
// replace the package, restart its service (stopped, then started: watchers see both) and tell
// scaleio-sim the new version; `scli --switch_mdm_ownership` moves the MDM master.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fetchInto, installMdms, ok, run, withScaleio, type ScaleioNodes } from './helpers.js';

const OLD = '2.0-10000.2072';
const NEW = '2.0-13000.211'; // ScaleIO 2.0.1.3, a later real 2.0 build (node-sim's catalog)

test('rpm -U and dpkg -i of a newer SDS: the service restarts and scaleio-sim reports the new version', async () => {
  const nodes: ScaleioNodes = [
    { id: 'r', os: 'rhel-7' },
    { id: 'u', os: 'ubuntu-16.04' },
  ];
  await withScaleio(nodes, async ({ sio, sim }) => {
    const files = {
      r: (v: string) => `EMC-ScaleIO-sds-${v}.el7.x86_64.rpm`,
      u: (v: string) => `EMC-ScaleIO-sds-${v}.Ubuntu.16.04.x86_64.deb`,
    };
    const install = (id: 'r' | 'u', path: string) =>
      run(sim, id, id === 'r' ? ['rpm', '-Uvh', path] : ['dpkg', '-i', path]);
    for (const id of ['r', 'u'] as const) {
      await fetchInto(sim, id, files[id](OLD), '/tmp/old');
      await fetchInto(sim, id, files[id](NEW), '/tmp/new');
      assert.is((await install(id, '/tmp/old')).code, 0);
      const ip = ok(sim.node(id)).config.ip;
      assert.is(sio.state().components.hosts[ip]?.sds?.version?.startsWith(OLD), true);
      const up = await install(id, '/tmp/new');
      assert.is(up.code, 0, up.stderr);
      const st = sio.state();
      assert.is(st.components.hosts[ip]?.sds?.version?.startsWith(NEW), true, id);
      const svc = ok(ok(sim.node(id)).services())['sds'];
      assert.is(svc?.active, true);
      assert.is(svc?.restarts, 1, `${id}: the upgrade restarted the SDS`);
      // The restart was seen: stopped, then started, on this host, in that order.
      const mine = st.components.history.filter((h) => h.ip === ip).map((h) => h.event);
      assert.equal(mine.slice(-2), ['sds stopped', 'sds started'], id);
    }
    // rpm refuses a downgrade, as the real one does.
    const down = await run(sim, 'r', ['rpm', '-Uvh', '/tmp/old']);
    assert.is(down.code, 1);
    assert.match(down.stderr, /which is newer than/);
  });
});

test('scli --switch_mdm_ownership moves the master to a running secondary only', async () => {
  const nodes: ScaleioNodes = [
    { id: 'a', os: 'rhel-7' },
    { id: 'b', os: 'rhel-7' },
    { id: 'c', os: 'rhel-7' },
  ];
  await withScaleio(nodes, async ({ sio, sim, ip }) => {
    await installMdms(sim, `EMC-ScaleIO-mdm-${OLD}.el7.x86_64.rpm`, [
      ['a', '1'],
      ['b', '1'],
      ['c', '0'],
    ]);
    const scli = (argv: string[]) => run(sim, 'a', ['scli', ...argv]);
    assert.is(
      (await scli(['--create_mdm_cluster', '--master_mdm_ip', ip('a'), '--accept_license'])).code,
      0,
    );
    assert.is((await scli(['--login', '--username', 'admin', '--password', 'admin'])).code, 0);
    await scli(['--add_standby_mdm', '--new_mdm_ip', ip('b'), '--mdm_role', 'manager']);
    await scli(['--add_standby_mdm', '--new_mdm_ip', ip('c'), '--mdm_role', 'tb']);
    assert.is((await scli(['--switch_cluster_mode', '--cluster_mode', '3_node'])).code, 0);
    const toTb = await scli(['--switch_mdm_ownership', '--new_master_mdm_ip', ip('c')]);
    assert.is(toTb.code, 1);
    const ok2 = await scli(['--switch_mdm_ownership', '--new_master_mdm_ip', ip('b')]);
    assert.is(ok2.code, 0, ok2.stderr);
    assert.equal(sio.state().mdmCluster?.master.ips, [ip('b')]);
    assert.match(
      (await scli(['--query_cluster'])).stdout,
      new RegExp(`Master MDM:\\n.*\\n\\s+IPs: ${ip('b')}`),
    );
    assert.equal(
      sio.state().components.ownership.map((o) => o.reason),
      ['switch'],
    );
  });
});

test.run();

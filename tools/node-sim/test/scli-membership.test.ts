// `scli --replace_cluster_mdm` and `--remove_standby_mdm` (issue 19): a lost secondary replaced
// by a new host, the way ScaleIO's procedure does it, and judged from scaleio-sim's cluster.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { installMdms, run, withScaleio, type ScaleioNodes } from './helpers.js';

const MDM = 'EMC-ScaleIO-mdm-2.0-10000.2072.el7.x86_64.rpm';

test('a lost secondary: a new MDM host added as standby, swapped in with --allow_leave_failed, the old one removed', async () => {
  const nodes: ScaleioNodes = ['a', 'b', 'c', 'd'].map((id) => ({ id, os: 'rhel-7' as const }));
  await withScaleio(nodes, async ({ sio, sim, ip }) => {
    await installMdms(sim, MDM, [
      ['a', '1'],
      ['b', '1'],
      ['c', '0'],
      ['d', '1'],
    ]);
    const scli = (argv: string[]) => run(sim, 'a', ['scli', ...argv]);
    await scli(['--create_mdm_cluster', '--master_mdm_ip', ip('a'), '--accept_license']);
    await scli(['--login', '--username', 'admin', '--password', 'admin']);
    await scli(['--add_standby_mdm', '--new_mdm_ip', ip('b'), '--mdm_role', 'manager']);
    await scli(['--add_standby_mdm', '--new_mdm_ip', ip('c'), '--mdm_role', 'tb']);
    assert.is((await scli(['--switch_cluster_mode', '--cluster_mode', '3_node'])).code, 0);
    // Host b dies: its MDM stops.
    assert.is((await run(sim, 'b', ['systemctl', 'stop', 'mdm'])).code, 0);
    assert.is(sio.state().mdmCluster?.clusterState, 'ClusteredDegraded');
    const add = await scli([
      '--add_standby_mdm',
      '--new_mdm_ip',
      ip('d'),
      '--mdm_role',
      'manager',
      '--new_mdm_name',
      'mdm-d',
    ]);
    assert.is(add.code, 0, add.stderr);
    const unsure = await scli([
      '--replace_cluster_mdm',
      '--add_slave_mdm_name',
      'mdm-d',
      '--remove_slave_mdm_ip',
      ip('b'),
    ]);
    assert.is(unsure.code, 1);
    const noLeave = await scli([
      '--replace_cluster_mdm',
      '--add_slave_mdm_name',
      'mdm-d',
      '--remove_slave_mdm_ip',
      ip('b'),
      '--i_am_sure',
    ]);
    assert.is(noLeave.code, 1);
    assert.match(noLeave.stderr, /allow_leave_failed/);
    const rep = await scli([
      '--replace_cluster_mdm',
      '--add_slave_mdm_name',
      'mdm-d',
      '--remove_slave_mdm_ip',
      ip('b'),
      '--allow_leave_failed',
      '--i_am_sure',
    ]);
    assert.is(rep.code, 0, rep.stderr);
    assert.is(sio.state().mdmCluster?.clusterState, 'ClusteredNormal');
    assert.is(
      (await scli(['--remove_standby_mdm', '--remove_mdm_ip', ip('d')])).code,
      1,
      'a member',
    );
    const rm = await scli(['--remove_standby_mdm', '--remove_mdm_ip', ip('b')]);
    assert.is(rm.code, 0, rm.stderr);
    const c = sio.state().mdmCluster;
    assert.equal(
      c?.slaves.map((n) => n.ips[0]),
      [ip('d')],
    );
    assert.equal(c?.standbys, []);
    assert.is(c?.mode, 'ThreeNodes');
  });
});

test.run();

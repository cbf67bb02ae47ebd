import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sdcGuid } from '../src/index.js';
import { fetchInto, ok, run, withScaleio, type ScaleioNodes } from './helpers.js';

const V = '2.0-10000.2072';

test('scli changes scaleio-sim the way the real MDM would, and refuses what the real one refuses', async () => {
  const nodes: ScaleioNodes = [
    { id: 'a', os: 'rhel-7' },
    { id: 'b', os: 'rhel-7' },
    { id: 'c', os: 'ubuntu-20.04' },
  ];
  await withScaleio(nodes, async ({ sio, sim, ip }) => {
    /** `scli --add_standby_mdm` on node a for node `id`'s IP, with a role and maybe a name. */
    const addStandby = (id: string, role: string, name?: string) =>
      run(sim, 'a', [
        'scli',
        '--add_standby_mdm',
        '--new_mdm_ip',
        ip(id),
        '--mdm_role',
        role,
        ...(name === undefined ? [] : ['--new_mdm_name', name]),
      ]);
    await fetchInto(sim, 'a', `EMC-ScaleIO-mdm-${V}.el7.x86_64.rpm`, '/tmp/mdm.rpm');
    await fetchInto(sim, 'b', `EMC-ScaleIO-mdm-${V}.el7.x86_64.rpm`, '/tmp/mdm.rpm');
    await fetchInto(sim, 'c', `EMC-ScaleIO-mdm-${V}.Ubuntu.20.04.x86_64.deb`, '/tmp/mdm.deb');
    assert.is(
      (await run(sim, 'a', ['rpm', '-Uvh', '/tmp/mdm.rpm'], { env: { MDM_ROLE_IS_MANAGER: '1' } }))
        .code,
      0,
    );
    assert.is(
      (await run(sim, 'b', ['rpm', '-Uvh', '/tmp/mdm.rpm'], { env: { MDM_ROLE_IS_MANAGER: '0' } }))
        .code,
      0,
    );
    const none = await run(sim, 'a', ['scli', '--query_cluster']);
    assert.is(none.code, 1);
    assert.match(none.stderr, /not configured/);
    const tbMaster = await run(sim, 'b', [
      'scli',
      '--create_mdm_cluster',
      '--master_mdm_ip',
      ip('b'),
      '--accept_license',
    ]);
    assert.match(tbMaster.stderr, /tie-breaker and cannot be the master/);
    const noLicense = await run(sim, 'a', [
      'scli',
      '--create_mdm_cluster',
      '--master_mdm_ip',
      ip('a'),
    ]);
    assert.match(noLicense.stderr, /license must be accepted/);
    const created = await run(sim, 'a', [
      'scli',
      '--create_mdm_cluster',
      '--master_mdm_ip',
      ip('a'),
      '--master_mdm_management_ip',
      ip('a'),
      '--master_mdm_name',
      'mdm1',
      '--accept_license',
      '--approve_certificate',
    ]);
    assert.is(created.code, 0, created.stderr);
    assert.match(created.stdout, /^Successfully created the MDM Cluster/);
    assert.equal(sio.state().mdmCluster?.master.ips, [ip('a')]);
    // Not logged in, wrong password, then the default password as the real CLI takes it.
    assert.match(
      (await run(sim, 'a', ['scli', '--rename_system', '--new_name', 'x'])).stderr,
      /Not logged in/,
    );
    assert.match(
      (await run(sim, 'a', ['scli', '--login', '--username', 'admin', '--password', 'wrong']))
        .stderr,
      /Invalid username or password/,
    );
    // No password argument: the real scli asks on a terminal; there is none, so it is refused.
    const prompt = await run(sim, 'a', ['scli', '--login', '--username', 'admin'], {
      stdin: 'admin\n',
    });
    assert.is(prompt.code, 1);
    assert.match(prompt.stderr, /--password was not given/);
    assert.match(
      (await run(sim, 'a', ['scli', '--login', '--username', 'admin', '--password', 'admin']))
        .stdout,
      /^Logged in\./,
    );
    assert.is(
      (await run(sim, 'a', ['scli', '--set_password'], { stdin: 'admin\nN3w-Passw0rd\n' })).code,
      1,
      'set_password without --old_password/--new_password',
    );
    assert.match(
      (
        await run(sim, 'a', [
          'scli',
          '--set_password',
          '--old_password',
          'admin',
          '--new_password',
          'N3w-Passw0rd',
        ])
      ).stdout,
      /Password changed successfully/,
    );
    assert.match(
      (await run(sim, 'a', ['scli', '--login', '--username', 'admin', '--password', 'admin']))
        .stderr,
      /Invalid/,
    );
    assert.is(
      (
        await run(sim, 'a', [
          'scli',
          '--login',
          '--username',
          'admin',
          '--password',
          'N3w-Passw0rd',
        ])
      ).code,
      0,
    );
    // A manager standby must have been installed as a manager; c has no MDM at all.
    const wrongRole = await addStandby('b', 'manager', 'mdm2');
    assert.match(wrongRole.stderr, /installed as a tie-breaker, not a manager/);
    assert.match((await addStandby('c', 'manager')).stderr, /Failed to connect to MDM/);
    assert.is(
      (await run(sim, 'c', ['dpkg', '-i', '/tmp/mdm.deb'], { env: { MDM_ROLE_IS_MANAGER: '1' } }))
        .code,
      0,
    );
    assert.is((await addStandby('c', 'manager', 'mdm2')).code, 0);
    assert.is((await addStandby('b', 'tb', 'tb1')).code, 0);
    assert.match(
      (
        await run(sim, 'a', [
          'scli',
          '--switch_cluster_mode',
          '--cluster_mode',
          '3_node',
          '--add_slave_mdm_name',
          'nope',
          '--add_tb_name',
          'tb1',
        ])
      ).stderr,
      /Could not find an MDM named nope/,
    );
    const sw = await run(sim, 'a', [
      'scli',
      '--switch_cluster_mode',
      '--cluster_mode',
      '3_node',
      '--add_slave_mdm_name',
      'mdm2',
      '--add_tb_name',
      'tb1',
    ]);
    assert.is(sw.code, 0, sw.stderr);
    assert.is(
      (await run(sim, 'a', ['scli', '--rename_system', '--new_name', 'prod1'])).stdout,
      'Successfully renamed system to prod1\n',
    );
    const st = sio.state();
    assert.equal(
      [
        st.mdmCluster?.mode,
        st.system.name,
        st.mdmCluster?.slaves[0]?.ips,
        st.mdmCluster?.tieBreakers[0]?.ips,
      ],
      ['ThreeNodes', 'prod1', [ip('c')], [ip('b')]],
    );
    const q = await run(sim, 'a', ['scli', '--query_cluster']);
    assert.match(q.stdout, /Name: prod1, ID: \S+, Mode: 3_node/);
    assert.match(
      q.stdout,
      new RegExp(
        `Slave MDMs:\\n    Name: mdm2, ID: 0x\\S+\\n        IPs: ${ip('c').replace(/\./g, '\\.')},`,
      ),
    );
  });
});

test('SDS service state, SDC registration and attached volumes reach scaleio-sim', async () => {
  const nodes: ScaleioNodes = [{ id: 'd', os: 'ubuntu-18.04', instanceId: 'i-d' }];
  await withScaleio(nodes, async ({ sio, sim }) => {
    const cfg = ok(sim.node('d')).config;
    const node = () => sio.state().nodes.find((n) => n.ip === cfg.ip);
    await fetchInto(sim, 'd', `EMC-ScaleIO-sds-${V}.Ubuntu.18.04.x86_64.deb`, '/tmp/sds.deb');
    await fetchInto(sim, 'd', `EMC-ScaleIO-sdc-${V}.Ubuntu.18.04.x86_64.deb`, '/tmp/sdc.deb');
    assert.is((await run(sim, 'd', ['dpkg', '-i', '/tmp/sds.deb'])).code, 0);
    assert.equal(node(), {
      ip: cfg.ip,
      hostname: 'd',
      sdsService: 'running',
      devices: [
        { path: '/dev/xvdb', sizeBytes: 100 * 1024 ** 3 },
        { path: '/dev/xvdc', sizeBytes: 100 * 1024 ** 3 },
      ],
    });
    assert.is((await run(sim, 'd', ['systemctl', 'stop', 'sds'])).code, 0);
    assert.is(node()?.sdsService, 'stopped');
    assert.is((await run(sim, 'd', ['systemctl', 'start', 'sds'])).code, 0);
    assert.is(node()?.sdsService, 'running');
    ok(
      await sim.applyAttachment({
        instanceId: 'i-d',
        volumeId: 'vol-1',
        device: '/dev/sdf',
        sizeGiB: 16,
        state: 'attached',
      }),
    );
    assert.equal(node()?.devices.at(-1), { path: '/dev/xvdf', sizeBytes: 16 * 1024 ** 3 });
    // The SDC registers when scini starts with MDM addresses; without them it does not.
    const bare = await run(sim, 'd', ['dpkg', '-i', '/tmp/sdc.deb']);
    assert.is(bare.code, 0);
    assert.equal(sio.state().sdcs, []);
    const bad = await run(sim, 'd', ['dpkg', '-i', '/tmp/sdc.deb'], {
      env: { MDM_IP: 'not-an-ip' },
    });
    assert.match(bad.stderr, /MDM_IP must be/);
    const sdc = await run(sim, 'd', ['dpkg', '-i', '/tmp/sdc.deb'], {
      env: { MDM_IP: '10.0.0.11,10.0.0.12' },
    });
    assert.match(sdc.stdout, /Success configuring module/);
    assert.equal(
      sio.state().sdcs.map((s) => [s.ip, s.guid]),
      [[cfg.ip, sdcGuid(cfg)]],
    );
  });
});

test.run();

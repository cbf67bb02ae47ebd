// mesos-module-dvdi's isolator and dvdcli on a node, before and without a deployed ScaleIO: what
// the agent must have loaded, how the module reads a task's environment, what dvdcli needs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DVDI_MODULE, requestedVolumes, startNodeSim } from '../src/index.js';
import { fetchInto, ok, run } from './helpers.js';

test('the module reads DVDI_VOLUME_NAME[1-9] with their driver (default rexray), options and dvdcli', () => {
  assert.equal(
    requestedVolumes({
      DVDI_VOLUME_NAME: 'a',
      DVDI_VOLUME_OPTS: 'size=5,newfstype=xfs',
      DVDI_VOLUME_NAME2: 'b',
      DVDI_VOLUME_DRIVER2: 'other',
      DVDI_VOLUME_DVDCLI2: '/opt/dvdcli',
      DVDI_VOLUME_NAME3: 'a',
      DVDI_VOLUME_NAME10: 'ignored',
      PATH: '/bin',
    }),
    [
      { name: 'a', driver: 'rexray', options: 'size=5,newfstype=xfs', dvdcli: '/usr/bin/dvdcli' },
      { name: 'b', driver: 'other', options: '', dvdcli: '/opt/dvdcli' },
    ],
  );
});

test('an agent runs the isolator only after starting with it loaded; dvdcli needs REX-Ray running', async () => {
  const sim = ok(await startNodeSim({ nodes: [{ id: 'u', os: 'ubuntu-20.04' }] }));
  try {
    const node = ok(sim.node('u'));
    const iso = ok(sim.isolator('u'));
    const env = { DVDI_VOLUME_NAME: 'v1' };
    // The agent runs with its own isolators only: the variables are plain environment.
    assert.equal(await iso.prepare('c1', env), { _tag: 'Right', right: [] });
    assert.not.ok(ok(node.calls()).some((c) => c.tool === 'dvdcli'));
    // The module and its flags, then the agent restarted: the module is now loaded.
    await fetchInto(
      sim,
      'u',
      'libmesos_dvdi_isolator-1.0.1.so',
      '/usr/lib/libmesos_dvdi_isolator-1.0.1.so',
    );
    const modules = JSON.stringify({
      libraries: [
        { file: '/usr/lib/libmesos_dvdi_isolator-1.0.1.so', modules: [{ name: DVDI_MODULE }] },
      ],
    });
    await run(sim, 'u', ['systemctl', 'stop', 'mesos-slave']);
    mkdirSync(`${node.config.root}/etc/mesos-slave`, { recursive: true });
    writeFileSync(`${node.config.root}/usr/lib/dvdi-mod.json`, modules);
    writeFileSync(`${node.config.root}/etc/mesos-slave/modules`, 'file:///usr/lib/dvdi-mod.json\n');
    writeFileSync(`${node.config.root}/etc/mesos-slave/isolation`, `cgroups/cpu,${DVDI_MODULE}\n`);
    assert.is((await run(sim, 'u', ['systemctl', 'start', 'mesos-slave'])).code, 0);
    const noCli = await iso.prepare('c1', env);
    assert.equal(noCli, {
      _tag: 'Left',
      left: "prepare() failed: The DVDCLI binary doesn't exist at the specified path /usr/bin/dvdcli",
    });
    // dvdcli installed, REX-Ray not running: its plugin socket is not there.
    await fetchInto(sim, 'u', 'dvdcli_0.3.1-1_amd64.deb', '/tmp/dvdcli.deb');
    assert.is((await run(sim, 'u', ['dpkg', '-i', '/tmp/dvdcli.deb'])).code, 0);
    const r = await iso.prepare('c1', env);
    assert.is(r._tag, 'Left');
    if (r._tag === 'Left')
      assert.match(r.left, /dial unix \/run\/docker\/plugins\/rexray\.sock: connect: no such file/);
    const call = ok(node.calls()).find((c) => c.tool === 'dvdcli');
    assert.equal(call?.argv, ['dvdcli', 'mount', '--volumedriver=rexray', '--volumename=v1']);
    assert.is(call?.exitCode, 1);
    const usage = await run(sim, 'u', ['dvdcli', 'mount', '--volumename=x']);
    assert.is(usage.code, 1);
    assert.match(usage.stderr, /^Usage: dvdcli/);
  } finally {
    await sim.stop();
  }
});

test.run();

// The point of the deploy: a task that asks for an external volume the way mesos-module-dvdi
// documents it (DVDI_VOLUME_NAME / _DRIVER / _OPTS in its environment: emccode/mesos-module-dvdi
// README, "Example Marathon Call") gets a ScaleIO volume, created, mapped to its node's SDC and
// mounted, through the dvdcli, REX-Ray config and isolator module the deploy installed. A second
// task with the same volume on another node, after the first ended, sees the same volume.
//
// The agent's part (calling the module's prepare before the task and cleanup after it) is done
// here with node-sim's isolator of that node: mesos-sim does not run agent modules (yet).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { REXRAY_VOLUMES } from '@scaleio-framework/node-sim';
import { startSimCluster, type SimCluster } from '../src/cluster.js';
import { deployed, schedulerRun, waitFor } from '../src/deploy.js';

const MIX = ['centos-7', 'ubuntu-14.04', 'ubuntu-18.04', 'rhel-8', 'ubuntu-22.04'];
const TIMEOUT = 240_000;
const TASK_ENV = {
  DVDI_VOLUME_NAME: 'pgdata',
  DVDI_VOLUME_DRIVER: 'rexray',
  DVDI_VOLUME_OPTS: 'size=16,newfstype=xfs',
};

const nodeOf = (c: SimCluster, os: string) => {
  const host = c.hostnames.find((h) => c.osOf(h) === os) ?? '';
  const node = c.nodes.node(c.nodeIdOf(host));
  const iso = c.nodes.isolator(c.nodeIdOf(host));
  if (node._tag === 'Left' || iso._tag === 'Left') throw new Error(`no ${os} node`);
  return { host, node: node.right, isolator: iso.right };
};

/** scaleio-sim's volumes named `name`, with the IPs of the SDCs each is mapped to. */
const volumes = (c: SimCluster, name: string) => {
  const s = c.scaleio.state();
  return s.volumes
    .filter((v) => v.name === name)
    .map((v) => ({
      id: v.id,
      sdcIps: v.mappings.map((m) => s.sdcs.find((x) => x.id === m.sdcId)?.ip ?? '?'),
    }));
};

const sciniDevices = (n: ReturnType<typeof nodeOf>) => {
  const d = n.node.devices();
  return d._tag === 'Right' ? d.right.filter((x) => x.name.startsWith('scini')) : [];
};

test('a dvdi volume is created, mapped and mounted on Ubuntu 14.04, then the same one on CentOS 7', async () => {
  const t0 = Date.now();
  const c = await startSimCluster({ agents: 5, os: MIX });
  const run = schedulerRun(c);
  const sched = await run.start();
  try {
    await waitFor(sched.url, deployed, TIMEOUT);
    const trusty = nodeOf(c, 'ubuntu-14.04');
    const centos = nodeOf(c, 'centos-7');
    const mount = `${REXRAY_VOLUMES}/pgdata`;

    // The task on Ubuntu 14.04: the module runs dvdcli, REX-Ray creates and maps the volume.
    const first = await trusty.isolator.prepare('task-1', TASK_ENV);
    assert.equal(first, { _tag: 'Right', right: [`${mount}/data`] });
    const [vol] = volumes(c, 'pgdata');
    assert.equal(volumes(c, 'pgdata'), [{ id: vol?.id ?? '', sdcIps: [trusty.node.config.ip] }]);
    assert.equal(
      sciniDevices(trusty).map((d) => [d.fstype, d.mountpoint, d.scaleioVolume?.volumeId]),
      [['xfs', mount, vol?.id]],
    );
    const calls = trusty.node.calls();
    assert.ok(
      calls._tag === 'Right' &&
        calls.right.some(
          (x) =>
            x.argv.join(' ') ===
              'dvdcli mount --volumedriver=rexray --volumename=pgdata --volumeopts=size=16 --volumeopts=newfstype=xfs' &&
            x.exitCode === 0,
        ),
      'the module called dvdcli as it builds its command line',
    );
    // The task ends: unmounted and unmapped; the volume stays.
    assert.equal(await trusty.isolator.cleanup('task-1'), { _tag: 'Right', right: undefined });
    assert.equal(volumes(c, 'pgdata'), [{ id: vol?.id ?? '', sdcIps: [] }]);
    assert.equal(sciniDevices(trusty), []);

    // The same volume for a task on CentOS 7: mapped there, its xfs kept (no second format).
    const second = await centos.isolator.prepare('task-2', TASK_ENV);
    assert.equal(second, { _tag: 'Right', right: [`${mount}/data`] });
    assert.equal(volumes(c, 'pgdata'), [{ id: vol?.id ?? '', sdcIps: [centos.node.config.ip] }]);
    assert.equal(
      sciniDevices(centos).map((d) => [d.fstype, d.mountpoint, d.scaleioVolume?.volumeId]),
      [['xfs', mount, vol?.id]],
    );
    assert.equal(await centos.isolator.cleanup('task-2'), { _tag: 'Right', right: undefined });
    assert.equal(volumes(c, 'pgdata'), [{ id: vol?.id ?? '', sdcIps: [] }]);
    console.log(`volume-mount: ${Math.round((Date.now() - t0) / 1000)} s`);
  } finally {
    await sched.stop();
    await c.stop();
    run.cleanup();
  }
});

test.run();

// The rolling upgrade end to end (issue 20): a 5-node MDM cluster deployed at ScaleIO
// 2.0-10000.2072 on CentOS 7 and Ubuntu 20.04 agents; the scheduler restarted with
// `--scaleio-version 2.0-13000.211` (ScaleIO 2.0.1.3, a later real 2.0 build) upgrades every
// component node by node. A package failure injected on the third SDS node stops the plan there
// with the cluster healthy; the operator's resume finishes it. Judged from scaleio-sim's records.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startSimCluster } from '../src/cluster.js';
import { deployed, schedulerRun, waitFor } from '../src/deploy.js';
import { operatorAction } from '../src/healing.js';
import { healthVerdict, simVersions, waitForUpgrade } from '../src/upgrade.js';
import type { SchedulerProcess } from '../src/scheduler.js';

const OLD = '2.0-10000.2072';
const NEW = '2.0-13000.211';
const TOKEN = 'e2e-upgrade-operator-token';
const DEPLOY_TIMEOUT = 300_000;
const UPGRADE_TIMEOUT = 300_000;

test('rolling upgrade of a 5-node cluster: stopped by a failure on the third SDS node, healthy; resumed to the end, every component (gateway, LIA, MDM, SDS, SDC) on the new version, never degraded', async () => {
  const c = await startSimCluster({ agents: 5, os: ['centos-7', 'ubuntu-20.04'] });
  const run = schedulerRun(c);
  const env = { SCALEIO_OPERATOR_TOKEN: TOKEN };
  let sched: SchedulerProcess | undefined;
  try {
    sched = await run.start(['--mdm-count', '5'], env);
    await waitFor(sched.url, deployed, DEPLOY_TIMEOUT);
    const pool = c.scaleio.state().storagePools[0];
    assert.ok(pool, 'the pool exists');
    // Data in the pool: an SDS down outside maintenance mode would leave some of it degraded.
    c.scaleio.addWrites({ storagePoolId: pool.id, bytes: 200 * 2 ** 30 });
    const ips = Object.keys(simVersions(c.scaleio));
    assert.is(ips.length, 5);
    for (const ip of ips)
      for (const part of ['mdm', 'sds', 'sdc', 'lia'])
        assert.ok(simVersions(c.scaleio)[ip]?.[part]?.startsWith(OLD), `${ip} ${part} at ${OLD}`);

    // The third node of the SDS phase (plan order: hostnames sorted) fails its package install.
    const third = [...c.hostnames].sort()[2] ?? '';
    const node = c.nodes.node(c.nodeIdOf(third));
    assert.ok(node._tag === 'Right');
    const pm = c.osOf(third).startsWith('centos') ? 'rpm' : 'dpkg';
    const fault = node.right.failCommand({
      tool: pm,
      argsInclude: [`EMC-ScaleIO-sds-${NEW}`],
      times: 'always',
      stderr: `${pm}: injected failure on ${third} (node-sim)`,
    });
    assert.ok(fault._tag === 'Right');

    // A new version in the configuration: the restarted scheduler starts the upgrade plan.
    await sched.stop();
    const since = Date.now();
    sched = await run.start(['--mdm-count', '5', '--scaleio-version', NEW], env);
    const stopped = await waitForUpgrade(sched.url, (u) => u.state === 'stopped', UPGRADE_TIMEOUT);
    const failed = stopped.steps.filter((s) => s.status === 'failed');
    assert.equal(
      failed.map((s) => [s.id.split(':')[0], s.host]),
      [['sds', third]],
    );
    assert.match(failed[0]?.lastError ?? '', /injected failure/);
    const at = stopped.steps.findIndex((s) => s.status === 'failed');
    assert.ok(
      stopped.steps.slice(0, at).every((s) => s.status === 'done'),
      'all before it done',
    );
    assert.ok(
      stopped.steps.slice(at + 1).every((s) => s.status === 'pending'),
      'nothing after it ran',
    );
    // Stopped with the cluster healthy: normal, no SDS left in maintenance, the node still old.
    const mid = c.scaleio.state();
    assert.is(mid.mdmCluster?.clusterState, 'ClusteredNormal');
    assert.equal(mid.components.maintenance, []);
    assert.ok(mid.sdss.every((s) => s.online));
    const thirdIp = mid.nodes.find((n) => n.hostname === third)?.ip ?? '';
    assert.ok(simVersions(c.scaleio)[thirdIp]?.['sds']?.startsWith(OLD), 'its SDS not upgraded');

    // The node is fixed; the operator resumes: the plan continues from the failed step.
    assert.ok(node.right.clearFaults()._tag === 'Right');
    const resumed = await operatorAction(sched.url, TOKEN, 'upgrade-resume', {});
    assert.is(resumed.status, 200, JSON.stringify(resumed.body));
    const finished = await waitForUpgrade(
      sched.url,
      (u) => u.state === 'finished',
      UPGRADE_TIMEOUT,
    );
    assert.is(finished.done, finished.total);

    // scaleio-sim's records: every component on every host at the new version …
    for (const ip of ips)
      for (const part of ['mdm', 'sds', 'sdc', 'lia'])
        assert.ok(simVersions(c.scaleio)[ip]?.[part]?.startsWith(NEW), `${ip} ${part} at ${NEW}`);
    // … and node-sim's package records: the gateway package of every MDM node too.
    for (const host of c.hostnames) {
      const pk = c.nodes.node(c.nodeIdOf(host));
      assert.ok(pk._tag === 'Right');
      const all = pk.right.packages();
      assert.ok(all._tag === 'Right');
      const gw = Object.values(all.right).find((p) => /scaleio-gateway$/i.test(p.name));
      assert.ok(gw, `${host} has the gateway (5 MDM nodes)`);
      const v = gw.release === undefined ? gw.version : `${gw.version}-${gw.release}`;
      assert.ok(v.startsWith(NEW), `${host} gateway ${v}`);
    }
    const end = c.scaleio.state();
    assert.is(end.mdmCluster?.clusterState, 'ClusteredNormal');
    // … ownership moved once, on purpose, never by a failover …
    assert.equal(
      end.components.ownership.map((o) => o.reason),
      ['switch'],
    );
    // … the pool never degraded, and the cluster degraded only while one MDM restarted.
    const v = healthVerdict(c.scaleio, since);
    assert.equal(v.degradedData, [], 'no degraded capacity at any sample');
    assert.equal(v.strayDegraded, [], 'ClusteredNormal between steps');
    assert.ok(v.samples > 20, `health samples recorded: ${v.samples}`);
    // The gateway reports the new version on every object (what the product judged by).
    const wall = ((finished.finishedAtMs ?? 0) - finished.startedAtMs) / 1000;
    console.log(
      `upgrade: ${finished.total} steps on ${ips.length} nodes, ${wall.toFixed(1)} s from plan start to finish (includes the stop and the resume); per node ${(wall / ips.length).toFixed(1)} s`,
    );
  } finally {
    await sched?.stop();
    await c.stop();
    run.cleanup();
  }
});

test.run();

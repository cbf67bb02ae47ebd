// Agents run Mesos's cgroups/mem isolator: a step's container (the executor's, shared with its
// task) is OOM-killed when its tools pass the container's limit, the executor's memory plus the
// step's. Here the prerequisites step is given less memory than RHEL 8's yum (dnf) needs at its
// peak, though enough for apt-get: the RHEL 8 node fails with the memory reason, named in the
// status API, and the Ubuntu nodes deploy. Judged from mesos-sim's, node-sim's and scaleio-sim's
// records.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MEMORY_PEAKS } from '@scaleio-framework/node-sim';
import { startSimCluster, type SimCluster } from '../src/cluster.js';
import { schedulerRun, waitFor } from '../src/deploy.js';
import type { StatusDoc } from '../src/deploy-watch.js';

const TIMEOUT = 300_000;
/** Below dnf's peak beside the executor (256 MB by default), above apt-get's. */
const REPO_INSTALL_MB = 128;

const settled = (bad: string) => (s: StatusDoc) => {
  const nodes = s.nodes ?? [];
  return (
    nodes.length === 4 &&
    nodes.every((n) => (n.hostname === bad ? n.status === 'failed' : n.phase === 'done'))
  );
};

const nodeOf = (c: SimCluster, host: string) => {
  const n = c.nodes.node(c.nodeIdOf(host));
  if (n._tag === 'Left') throw new Error(`no node for ${host}`);
  return n.right;
};

test('a step given less memory than its tools need is OOM-killed; its node fails, named; the others deploy', async () => {
  assert.ok(REPO_INSTALL_MB + 256 < MEMORY_PEAKS.dnf.mb, 'dnf cannot fit');
  // The executor's own resident set peaks near 106 MB (measured under mesos-sim).
  assert.ok(REPO_INSTALL_MB + 256 > MEMORY_PEAKS.apt.mb + 110, 'apt-get fits beside the executor');
  const t0 = Date.now();
  const c = await startSimCluster({
    agents: 4,
    os: ['ubuntu-20.04', 'ubuntu-20.04', 'ubuntu-20.04', 'rhel-8'],
  });
  const bad = c.hostnames[3] ?? '';
  const run = schedulerRun(c);
  let sched: Awaited<ReturnType<typeof run.start>> | undefined;
  try {
    sched = await run.start([
      '--repo-install-mem-mb',
      String(REPO_INSTALL_MB),
      '--max-attempts',
      '2',
    ]);
    const status = await waitFor(sched.url, settled(bad), TIMEOUT);
    console.log(`memory-limits: settled in ${Math.round((Date.now() - t0) / 1000)} s`);
    // The status API names the step, the container's limit and the option.
    const failed = (status.nodes ?? []).find((n) => n.hostname === bad);
    assert.is(failed?.step, 'prereqs');
    assert.match(
      failed?.lastError ?? '',
      /^TASK_FAILED \(REASON_CONTAINER_LIMITATION_MEMORY\): step prereqs ran out of memory: Memory limit exceeded: Requested: 384MB Maximum Used: \d+KB\. .*raise repoInstallMemMb$/,
    );
    assert.not.match(JSON.stringify(status), c.password);
    // mesos-sim: each prerequisites task on the RHEL 8 agent ended with the memory limitation.
    const tasks = c.mesos
      .history()
      .tasks.filter((t) => t.hostname === bad && t.name.includes('prereqs'));
    assert.is(tasks.length, 2, 'two attempts');
    for (const t of tasks) {
      assert.is(t.agentState, 'TASK_FAILED');
      assert.ok(
        t.updates.some((u) => u.reason === 'REASON_CONTAINER_LIMITATION_MEMORY'),
        t.taskId,
      );
    }
    // node-sim: yum was killed before it installed anything; apt-get ran on the others.
    const rhel = nodeOf(c, bad);
    const calls = rhel.calls();
    const yum = calls._tag === 'Right' ? calls.right.filter((x) => x.tool === 'yum') : [];
    assert.ok(yum.length >= 2 && yum.every((x) => x.exitCode === 137), JSON.stringify(yum));
    const pkgs = rhel.packages();
    assert.not.ok(pkgs._tag === 'Right' && 'libaio' in pkgs.right, 'nothing installed');
    for (const host of c.hostnames.filter((h) => h !== bad)) {
      const p = nodeOf(c, host).packages();
      assert.ok(p._tag === 'Right' && 'libaio1' in p.right, host);
    }
    // scaleio-sim: a working system of the Ubuntu nodes, without the RHEL 8 one.
    const s = c.scaleio.state();
    assert.is(s.mdmCluster?.mode, 'ThreeNodes');
    assert.not.ok(
      s.sdcs.some((x) => x.ip === rhel.config.ip),
      'no SDC on the failed node',
    );
    assert.is(s.sdcs.length, 3);
  } finally {
    await sched?.stop();
    await c.stop();
    run.cleanup();
  }
});

test.run();

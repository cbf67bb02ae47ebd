// Failures during a deploy: the scheduler killed and restarted, a master failover, an agent
// restart. Each ends with the cluster deployed and nothing duplicated.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startSimCluster, type SimCluster } from '../src/cluster.js';
import { afterLaunches as waitLaunches, gatewayDuplicates } from '../src/checks.js';
import { duplicateLaunches } from '../src/mesos-truth.js';
import { assertWireValid } from '../src/wire.js';
import { deployed, schedulerRun, waitFor } from '../src/deploy.js';
import type { SchedulerProcess } from '../src/scheduler.js';

const TIMEOUT = 240_000;

const afterLaunches = (p: SchedulerProcess, n: number) => waitLaunches(p, n, TIMEOUT);

/** Nothing in the gateway twice: one SDS per node, two devices each, one PD, three fault sets. */
const assertNoDuplicates = (c: SimCluster) => {
  const s = c.scaleio.state();
  assert.is(s.sdss.length, 5);
  assert.is(new Set(s.sdss.map((x) => x.name)).size, 5);
  assert.is(s.devices.length, 10);
  assert.is(s.protectionDomains.length, 1);
  assert.is(s.faultSets.length, 3);
  assert.is(s.sdcs.length, 5);
  assert.equal(duplicateLaunches(c.mesos), [], 'no step ran twice on a node (mesos-sim history)');
  assert.equal(gatewayDuplicates(c), []);
  assertWireValid(c.wire);
};

test('the scheduler killed at a random point of the deploy and restarted finishes it with nothing duplicated', async () => {
  const c = await startSimCluster({ agents: 5 });
  const run = schedulerRun(c);
  const killAfter = 3 + Math.floor(Math.random() * 25);
  let second: SchedulerProcess | undefined;
  try {
    const first = await run.start();
    await afterLaunches(first, killAfter);
    await first.kill();
    second = await run.start();
    await waitFor(second.url, deployed, TIMEOUT);
    assertNoDuplicates(c);
    assert.ok(
      second.lines().some((l) => l.includes('"subscribed"')),
      'resubscribed with the stored framework id',
    );
    const ids = new Set(
      [...first.lines(), ...second.lines()].flatMap(
        (l) => /"frameworkId":"([^"]+)","msg":"subscribed"/.exec(l)?.[1] ?? [],
      ),
    );
    assert.is(ids.size, 1, `one framework id across restarts (killed after ${killAfter} launches)`);
  } finally {
    await second?.stop();
    await c.stop();
    run.cleanup();
  }
});

test('a master failover during the deploy: the scheduler follows the new leader and finishes', async () => {
  const c = await startSimCluster({ agents: 5, masters: 2 });
  const run = schedulerRun(c);
  const sched = await run.start();
  try {
    await afterLaunches(sched, 8);
    await c.mesos.failover(1, 500);
    await waitFor(sched.url, deployed, TIMEOUT);
    assertNoDuplicates(c);
    assert.ok(c.mesos.masters[1]?.isLeading());
  } finally {
    await sched.stop();
    await c.stop();
    run.cleanup();
  }
});

test('an agent restart during the deploy: its executor recovers and the deploy finishes', async () => {
  const c = await startSimCluster({ agents: 5 });
  const run = schedulerRun(c);
  const sched = await run.start();
  try {
    await afterLaunches(sched, 10);
    await c.mesos.agents[0]?.restart(300);
    await waitFor(sched.url, deployed, TIMEOUT);
    assertNoDuplicates(c);
  } finally {
    await sched.stop();
    await c.stop();
    run.cleanup();
  }
});

test.run();

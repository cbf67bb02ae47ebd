// Two schedulers sharing a real ZooKeeper (`--state-store zk`): one leads and deploys, the other
// waits; the leader is SIGKILLed mid-deploy and the standby takes over with the stored framework
// id and finishes, with nothing duplicated.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { requirePrereq } from '@scaleio-framework/testkit';
import { openZooKeeperSession, zooKeeperStore } from '@scaleio-framework/state';
import { startZooKeeper, zooKeeperPrerequisite } from '@scaleio-framework/zk-harness';
import { startSimCluster } from '../src/cluster.js';
import {
  afterLaunches,
  deployedOrFailed,
  gatewayDuplicates,
  launchedTasks,
  subscribedFrameworkIds,
} from '../src/checks.js';
import { duplicateLaunches } from '../src/mesos-truth.js';
import { assertWireValid } from '../src/wire.js';
import { schedulerRun, waitFor } from '../src/deploy.js';
import { readStatus } from '../src/deploy-watch.js';
import type { SchedulerProcess } from '../src/scheduler.js';

const TIMEOUT = 150_000;

interface Health {
  leader: boolean;
  subscribed: boolean;
}
const health = async (p: SchedulerProcess): Promise<Health | undefined> => {
  try {
    const r = await fetch(`${p.url}/health`);
    return r.ok ? ((await r.json()) as Health) : undefined;
  } catch {
    return undefined;
  }
};

/** The framework id the schedulers stored in ZooKeeper (`<path>/state/framework`), read directly. */
const storedFrameworkId = async (connectString: string, root: string): Promise<string> => {
  const session = await openZooKeeperSession({ connectString });
  if (session._tag === 'Left') throw new Error(JSON.stringify(session.left));
  try {
    const store = zooKeeperStore(session.right, { root: `${root}/state` });
    if (store._tag === 'Left') throw new Error(JSON.stringify(store.left));
    const doc = await store.right.get('framework');
    if (doc._tag === 'Left' || doc.right === null) throw new Error('no framework document');
    return (JSON.parse(doc.right.data) as { value: { frameworkId: string } }).value.frameworkId;
  } finally {
    session.right.close();
  }
};

/** Polls until `f` returns a value (throws after `ms`). */
const until = async <A>(f: () => Promise<A | undefined>, ms: number, what: string): Promise<A> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

/** Tests that need a ZooKeeper server (skipped without one; CI fails). */
const zkTest = requirePrereq(test, zooKeeperPrerequisite());
zkTest(
  'two schedulers on ZooKeeper: one leads, the standby takes over after a SIGKILL and finishes',
  async () => {
    const zk = await startZooKeeper();
    const c = await startSimCluster({ agents: 3 });
    const run = schedulerRun(c);
    const root = '/scaleio-e2e';
    const zkArgs = ['--state-store', 'zk', '--zk-url', `zk://${zk.connectString}${root}`];
    const started: SchedulerProcess[] = [];
    // Every framework id Mesos knows, sampled throughout.
    const seenIds = new Set<string>();
    const sample = () => {
      const st = c.mesos.state();
      for (const f of st.frameworks) seenIds.add(f.id);
      for (const id of st.removedFrameworks) seenIds.add(`removed:${id}`);
    };
    try {
      started.push(await run.start(zkArgs));
      started.push(await run.start(zkArgs));
      const [a, b] = started as [SchedulerProcess, SchedulerProcess];
      // Exactly one leads and subscribes; the other says standby in its health and status.
      const [leader, standby] = await until(
        async () => {
          const [ha, hb] = [await health(a), await health(b)];
          sample();
          if (ha?.leader && ha.subscribed && hb?.leader === false) return [a, b] as const;
          if (hb?.leader && hb.subscribed && ha?.leader === false) return [b, a] as const;
          return undefined;
        },
        60_000,
        'one leader and one standby',
      );
      const standbyStatus = (await (await fetch(`${standby.url}/api/v1/status`)).json()) as {
        framework?: { leader?: boolean };
        nodes?: unknown[];
      };
      assert.is(standbyStatus.framework?.leader, false, 'the standby says so in its status');
      assert.equal(standbyStatus.nodes, []);

      // The leader deploys; it is killed at a random point of the deploy.
      const killAfter = 3 + Math.floor(Math.random() * 15);
      await afterLaunches(leader, killAfter, TIMEOUT);
      assert.is(launchedTasks(standby.lines()).length, 0, 'the standby launched nothing');
      sample();
      const before = await readStatus(leader.url);
      assert.not.ok(before?.deploy?.complete, 'killed before the deploy completed');
      await leader.kill();
      const killedAt = Date.now();
      await until(
        async () => ((await health(standby))?.subscribed ? true : undefined),
        60_000,
        'the standby leading',
      );
      console.log(
        `  takeover after SIGKILL took ${Date.now() - killedAt} ms (ZooKeeper session expiry)`,
      );

      // The standby takes over (once ZooKeeper expires the dead leader's session) and finishes.
      await waitFor(standby.url, deployedOrFailed, TIMEOUT, async () => sample());
      sample();
      const h = await health(standby);
      assert.ok(h?.leader && h.subscribed, 'the former standby leads');

      // One framework id throughout: the one the first leader got and stored in ZooKeeper.
      const ids = [
        ...subscribedFrameworkIds(leader.lines()),
        ...subscribedFrameworkIds(standby.lines()),
      ];
      assert.is(new Set(ids).size, 1, `one framework id in the logs: ${ids.join(', ')}`);
      assert.ok(subscribedFrameworkIds(standby.lines()).length > 0, 'the standby subscribed');
      assert.equal([...seenIds], [ids[0]], 'Mesos saw one framework, never removed');
      assert.is(await storedFrameworkId(zk.connectString, root), ids[0], 'the stored id');

      // Nothing duplicated: no task launched twice across both, no gateway object twice.
      assert.equal(
        duplicateLaunches(c.mesos),
        [],
        `no step ran twice on a node, from mesos-sim's history (killed after ${killAfter})`,
      );
      assertWireValid(c.wire);
      assert.equal(gatewayDuplicates(c), []);
      const s = c.scaleio.state();
      assert.is(s.mdmCluster?.mode, 'ThreeNodes');
      assert.is(s.sdss.length, 3);
      assert.ok(s.sdss.every((x) => x.online));
      assert.is(s.devices.length, 6);
      assert.is(s.protectionDomains.length, 1);
      assert.is(s.storagePools.length, 1);
      assert.is(s.sdcs.length, 3);

      // A standby asked to stop withdraws from the election and exits 0 at once (its node would
      // otherwise stand first in line until its session expired).
      const early = await run.start(zkArgs);
      started.push(early);
      await until(
        async () => ((await health(early))?.leader === false ? true : undefined),
        30_000,
        'another standby waiting',
      );
      await early.stop();
      assert.is(early.proc.exitCode, 0, 'a stopped standby exits 0');
      assert.ok(
        early.lines().some((l) => l.includes('withdrawn from the election')),
        'it withdrew from the election',
      );

      // A graceful stop hands over at once (the leader withdraws its candidacy): a third instance
      // takes over the finished deploy with the same framework id and launches nothing.
      const third = await run.start(zkArgs);
      started.push(third);
      await until(
        async () => ((await health(third))?.leader === false ? true : undefined),
        30_000,
        'the third instance waiting',
      );
      const t0 = Date.now();
      await standby.stop();
      await until(
        async () => ((await health(third))?.subscribed ? true : undefined),
        60_000,
        'the third instance leading',
      );
      console.log(`  graceful handover took ${Date.now() - t0} ms`);
      await waitFor(third.url, deployedOrFailed, 30_000, async () => sample());
      assert.equal(subscribedFrameworkIds(third.lines()), [ids[0]]);
      assert.equal(launchedTasks(third.lines()), [], 'nothing launched for a finished deploy');
      assert.equal([...seenIds], [ids[0]]);
      assert.equal(gatewayDuplicates(c), []);
    } finally {
      for (const p of started) await p.stop();
      await c.stop();
      await zk.stop();
      run.cleanup();
    }
  },
);

test.run();

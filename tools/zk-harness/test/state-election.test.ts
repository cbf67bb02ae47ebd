// Leader election of @scaleio-framework/state against a real ZooKeeper server.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { requirePrereq } from '@scaleio-framework/testkit';
import { right } from 'fp-ts/lib/Either.js';
import {
  joinElection,
  openZooKeeperSession,
  type Election,
  type ZkSession,
} from '@scaleio-framework/state';
import { startZooKeeper, zooKeeperPrerequisite, type ZooKeeperServer } from '../src/index.js';

const session = async (zk: ZooKeeperServer, sessionTimeoutMs = 4000): Promise<ZkSession> => {
  const s = await openZooKeeperSession({ connectString: zk.connectString, sessionTimeoutMs });
  if (s._tag === 'Left') throw new Error(s.left._tag);
  return s.right;
};
const join = async (
  s: ZkSession,
  candidate: string,
  path = '/sio/c1/leader',
): Promise<Election> => {
  const e = await joinElection(s, { path, candidate });
  if (e._tag === 'Left') throw new Error(e.left._tag);
  return e.right;
};
/** Resolves with 'pending' unless `p` settled already (lets queued callbacks run first). */
const settled = async <A>(p: Promise<A>): Promise<A | 'pending'> =>
  Promise.race([p, new Promise<'pending'>((r) => setImmediate(() => r('pending')))]);

/** Tests that need a ZooKeeper server (skipped without one; CI fails). */
const zkTest = requirePrereq(test, zooKeeperPrerequisite());
zkTest(
  'election: the first candidate leads, the others wait; leadership passes in order',
  async () => {
    const zk = await startZooKeeper();
    const sessions: ZkSession[] = [];
    try {
      for (let i = 0; i < 3; i++) sessions.push(await session(zk));
      const [s1, s2, s3] = sessions as [ZkSession, ZkSession, ZkSession];
      const e1 = await join(s1, 'sched-1:8080');
      const e2 = await join(s2, 'sched-2:8080');
      const e3 = await join(s3, 'sched-3:8080');
      assert.equal(await e1.leading, right(undefined));
      assert.ok(e1.isLeader());
      assert.not.ok(e2.isLeader());
      assert.not.ok(e3.isLeader());
      assert.is(await settled(e2.leading), 'pending');
      assert.equal(await e3.currentLeader(), right('sched-1:8080'));

      await e1.withdraw();
      assert.is((await e1.ended)._tag, 'Closed');
      assert.not.ok(e1.isLeader());
      assert.equal(await e2.leading, right(undefined), 'the next in line takes over');
      assert.ok(e2.isLeader());
      assert.not.ok(e3.isLeader(), 'only the successor is woken');
      assert.equal(await e3.currentLeader(), right('sched-2:8080'));

      s2.close(); // a crashed leader: its session ends, its ephemeral node goes
      assert.is((await e2.ended)._tag, 'Unavailable');
      assert.equal(await e3.leading, right(undefined));
      assert.ok(e3.isLeader());
    } finally {
      for (const s of sessions) s.close();
      await zk.stop();
    }
  },
);

zkTest('election: a middle candidate leaving re-links the watch chain', async () => {
  const zk = await startZooKeeper();
  const sessions: ZkSession[] = [];
  try {
    for (let i = 0; i < 3; i++) sessions.push(await session(zk));
    const [s1, s2, s3] = sessions as [ZkSession, ZkSession, ZkSession];
    const e1 = await join(s1, 'a');
    const e2 = await join(s2, 'b');
    const e3 = await join(s3, 'c');
    await e2.withdraw();
    assert.ok(e1.isLeader());
    assert.is(await settled(e3.leading), 'pending', 'c now waits on a');
    await e1.withdraw();
    assert.equal(await e3.leading, right(undefined));
  } finally {
    for (const s of sessions) s.close();
    await zk.stop();
  }
});

zkTest('election: a leader that loses ZooKeeper steps down after the session timeout', async () => {
  const zk = await startZooKeeper();
  let stopped = false;
  const s = await session(zk, 2000);
  try {
    const e = await join(s, 'lonely');
    assert.equal(await e.leading, right(undefined));
    await zk.stop();
    stopped = true;
    const why = await e.ended;
    assert.is(why._tag, 'Unavailable');
    assert.not.ok(e.isLeader());
  } finally {
    s.close();
    if (!stopped) await zk.stop();
  }
});

test.run();

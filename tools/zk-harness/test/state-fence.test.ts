// Fenced writes of the ZooKeeper store against a real ZooKeeper: a leader writes only while its
// election node exists, so an ex-leader that has not noticed its loss cannot overwrite the new
// leader's state.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { requirePrereq } from '@scaleio-framework/testkit';
import { left, right } from 'fp-ts/lib/Either.js';
import {
  joinElection,
  zooKeeperStore,
  type StateStore,
  type ZkSession,
} from '@scaleio-framework/state';
import { assertCompareAndSet } from './cas-contract.js';
import { zooKeeperPrerequisite } from '../src/index.js';
import { sharedZooKeeper, storeAt } from './shared-zk.js';

const zk = sharedZooKeeper();
const session = zk.session;
const fenced = (s: ZkSession, fence: string, root = '/fence/state'): StateStore =>
  storeAt(s, root, fence);

/** Tests that need a ZooKeeper server (skipped without one; CI fails). */
const zkTest = requirePrereq(test, zooKeeperPrerequisite());
if (zkTest.available) test.before(zk.before);
if (zkTest.available) test.after(zk.after);

zkTest(
  'fenced writes: compare-and-set as usual while the fence node exists (version 0 included)',
  async () => {
    const a = await session();
    const el = await joinElection(a, { path: '/fence/leader', candidate: 'a' });
    if (el._tag === 'Left') throw new Error(el.left._tag);
    const s = fenced(a, el.right.node);
    await assertCompareAndSet(s, 'deploy', 2);
    await el.right.withdraw();
  },
);

zkTest('an ex-leader whose election node is gone cannot write; the new leader can', async () => {
  const [a, b, admin] = [await session(), await session(), await session()];
  const ea = await joinElection(a, { path: '/ex/leader', candidate: 'a' });
  const eb = await joinElection(b, { path: '/ex/leader', candidate: 'b' });
  if (ea._tag === 'Left' || eb._tag === 'Left') throw new Error('election');
  const sa = fenced(a, ea.right.node, '/ex/state');
  const sb = fenced(b, eb.right.node, '/ex/state');
  assert.equal(await sa.put('deploy', 'by a', null), right(0));
  // b is a candidate, not the leader: its own node exists, but that is not leadership — the
  // fence is the writer's own node, so b must only write once it leads.
  assert.ok(ea.right.isLeader());
  // a's node disappears behind its back (as when its session expired while it was paused).
  assert.equal(await admin.remove(ea.right.node, -1), right(undefined));
  const won = await eb.right.leading;
  assert.is(won._tag, 'Right');
  assert.equal(await sb.put('deploy', 'by b', 0), right(1));
  // a still has a live session and the version it last wrote; its write is refused.
  assert.equal(
    await sa.put('deploy', 'stale a', 1),
    left({ _tag: 'NotLeader', path: ea.right.node }),
  );
  assert.equal(await sa.put('other', 'x', null), left({ _tag: 'NotLeader', path: ea.right.node }));
  assert.equal(await sb.get('deploy'), right({ data: 'by b', version: 1 }));
  assert.equal(await sb.get('other'), right(null));
});

zkTest('a bad fence path is an InvalidArgument', async () => {
  const a = await session();
  const r = zooKeeperStore(a, { root: '/x', fence: 'relative' });
  assert.is(r._tag === 'Left' ? r.left._tag : 'Right', 'InvalidArgument');
});

test.run();

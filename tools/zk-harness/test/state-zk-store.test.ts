// The ZooKeeper store of @scaleio-framework/state against a real ZooKeeper server.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { requirePrereq } from '@scaleio-framework/testkit';
import * as t from 'io-ts';
import { left, right } from 'fp-ts/lib/Either.js';
import {
  document,
  openZooKeeperSession,
  zooKeeperStore,
  type StateStore,
  type ZkSession,
} from '@scaleio-framework/state';
import { assertCompareAndSet } from './cas-contract.js';
import { zooKeeperPrerequisite } from '../src/index.js';
import { sharedZooKeeper, storeAt } from './shared-zk.js';

const Counter = t.type({ n: t.number, by: t.array(t.string) });

const zk = sharedZooKeeper();
const session = zk.session;
const store = (s: ZkSession, root = '/sio/cluster-1'): StateStore => storeAt(s, root);

/** Tests that need a ZooKeeper server (skipped without one; CI fails). */
const zkTest = requirePrereq(test, zooKeeperPrerequisite());
if (zkTest.available) test.before(zk.before);
if (zkTest.available) test.after(zk.after);

zkTest('zk store: create, compare-and-set by znode version, conflicts', async () => {
  const s = store(await session());
  assert.equal(await s.get('plan'), right(null));
  await assertCompareAndSet(s, 'plan', 3);
  const other = store(await session());
  assert.equal(
    await other.get('plan'),
    right({ data: 'v1', version: 1 }),
    'another session sees it',
  );
  assert.equal(
    await store(await session(), '/sio/cluster-2').get('plan'),
    right(null),
    'roots are separate',
  );
});

zkTest('zk store: bad keys, bad roots and oversize values are errors, not crashes', async () => {
  const sess = await session();
  const s = store(sess);
  assert.is((await s.put('a/b', 'x', null))._tag, 'Left');
  assert.is((await s.put('big', 'x'.repeat(1_000_001), null))._tag, 'Left');
  assert.is(zooKeeperStore(sess, { root: 'relative' })._tag, 'Left');
  assert.is(zooKeeperStore(sess, { root: '/trailing/' })._tag, 'Left');
});

zkTest('zk store: two schedulers updating concurrently lose no update', async () => {
  const a = document(store(await session()), {
    key: 'counter',
    codec: Counter,
    schemaVersion: 1,
  });
  const b = document(store(await session()), {
    key: 'counter',
    codec: Counter,
    schemaVersion: 1,
  });
  const bump = (who: string) => (c: { n: number; by: string[] } | null) => ({
    n: (c?.n ?? 0) + 1,
    by: [...(c?.by ?? []), who],
  });
  const runs = await Promise.all([
    ...Array.from({ length: 15 }, () => a.update(bump('a'), 100)),
    ...Array.from({ length: 15 }, () => b.update(bump('b'), 100)),
  ]);
  assert.ok(
    runs.every((r) => r._tag === 'Right'),
    JSON.stringify(runs.find((r) => r._tag === 'Left')),
  );
  const final = await a.read();
  assert.ok(final._tag === 'Right' && final.right !== null);
  if (final._tag === 'Right' && final.right !== null) {
    assert.is(final.right.value.n, 30);
    assert.is(final.right.version, 29);
    assert.is(final.right.value.by.filter((w) => w === 'a').length, 15);
  }
});

zkTest('zk store: a closed store refuses; an unreachable server is Unavailable', async () => {
  const s = store(await session());
  await s.close();
  assert.equal(await s.get('plan'), left({ _tag: 'Closed' }));
  const none = await openZooKeeperSession({
    connectString: '127.0.0.1:1',
    connectTimeoutMs: 1500,
  });
  assert.is(none._tag === 'Left' && none.left._tag, 'Unavailable');
});

test.run();

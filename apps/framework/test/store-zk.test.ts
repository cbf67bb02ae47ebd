// The scheduler's ZooKeeper store against a real ZooKeeper: one instance leads, the other waits;
// an instance whose election node vanished behind its back has its writes refused and ends.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { requirePrereq } from '@scaleio-framework/testkit';
import { openZooKeeperSession } from '@scaleio-framework/state';
import { startZooKeeper, zooKeeperPrerequisite } from '@scaleio-framework/zk-harness';
import { realFs } from '@scaleio-framework/operator';
import { loadConfig, type Config } from '../src/config/load.js';
import { requiredEnv } from './support/required.js';
import { openStore } from '@scaleio-framework/scheduler';

const configFor = (connectString: string): Config => {
  const r = loadConfig({
    argv: ['--state-store', 'zk', '--zk-url', `zk://${connectString}/sf-test`],
    env: { SCALEIO_PASSWORD: 'Pw-test-1', ...requiredEnv },
    ...realFs,
  });
  if (r._tag !== 'ok') throw new Error(JSON.stringify(r));
  return r.config;
};

/** Tests that need a ZooKeeper server (skipped without one; CI fails). */
const zkTest = requirePrereq(test, zooKeeperPrerequisite());
zkTest(
  'zk: one leads; an ex-leader whose node is gone cannot write and ends; the next leads',
  async () => {
    const zk = await startZooKeeper();
    const closers: (() => Promise<void> | void)[] = [];
    try {
      const config = configFor(zk.connectString);
      const a = await openStore(config, 'http://a:8080');
      closers.push(a.close);
      const b = await openStore(config, 'http://b:8080');
      closers.push(b.close);
      assert.ok(a.election && b.election);
      assert.is((await a.election.leading)._tag, 'Right');
      assert.is(b.election.isLeader(), false);
      assert.equal(await b.election.currentLeader(), { _tag: 'Right', right: 'http://a:8080' });
      const put = await a.store.put('deploy', 'by a', null);
      assert.equal(put, { _tag: 'Right', right: 0 });

      // a's node is removed behind its back (its session expired while it was paused, say).
      const admin = await openZooKeeperSession({ connectString: zk.connectString });
      if (admin._tag === 'Left') throw new Error('admin session');
      closers.push(() => admin.right.close());
      assert.is((await admin.right.remove(a.election.node, -1))._tag, 'Right');
      assert.is((await b.election.leading)._tag, 'Right');
      assert.equal(await b.store.put('deploy', 'by b', 0), { _tag: 'Right', right: 1 });

      // a still believes it leads (nothing told it) until it tries to write.
      const refused = await a.store.put('deploy', 'stale', 1);
      assert.equal(refused, {
        _tag: 'Left',
        left: { _tag: 'NotLeader', path: a.election.node },
      });
      const why = await Promise.race([
        a.election.ended,
        new Promise((r) => setTimeout(() => r('still running'), 5000)),
      ]);
      assert.equal(why, { _tag: 'NotLeader', path: a.election.node });
      const doc = await b.store.get('deploy');
      assert.equal(doc, { _tag: 'Right', right: { data: 'by b', version: 1 } });
    } finally {
      for (const c of closers.reverse()) await c();
      await zk.stop();
    }
  },
);

test.run();

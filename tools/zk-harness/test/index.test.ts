import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { requirePrereq } from '@scaleio-framework/testkit';
import { existsSync } from 'node:fs';
import {
  fourLetterWord,
  packageName,
  startZooKeeper,
  zooKeeperPrerequisite,
} from '../src/index.js';

test('exports its package name', () => {
  assert.is(packageName, '@scaleio-framework/zk-harness');
});

/** Tests that need a ZooKeeper server (skipped without one; CI fails). */
const zkTest = requirePrereq(test, zooKeeperPrerequisite());
zkTest(
  'starts a server that serves on loopback, then stops it and removes its directory',
  async () => {
    const zk = await startZooKeeper();
    let stopped = false;
    try {
      assert.is(zk.connectString, `127.0.0.1:${zk.port}`);
      assert.ok(zk.port > 0);
      assert.ok(existsSync(zk.dataDir));
      assert.is(await fourLetterWord(zk.port, 'ruok'), 'imok');
      const srvr = await fourLetterWord(zk.port, 'srvr');
      assert.match(srvr, /Mode: standalone/);
      await zk.stop();
      stopped = true;
      assert.is(await fourLetterWord(zk.port, 'ruok'), '');
      assert.not.ok(existsSync(zk.dataDir));
      await zk.stop(); // idempotent
    } finally {
      if (!stopped) await zk.stop();
    }
  },
);

zkTest('two servers run side by side on different ports', async () => {
  const [a, b] = await Promise.all([startZooKeeper(), startZooKeeper()]);
  try {
    assert.is.not(a.port, b.port);
    assert.is(await fourLetterWord(a.port, 'ruok'), 'imok');
    assert.is(await fourLetterWord(b.port, 'ruok'), 'imok');
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});

test.run();

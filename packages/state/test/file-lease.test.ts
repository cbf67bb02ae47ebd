// The state file's lock is a lease: renewed by its holder, stale once it runs out whatever the
// host or pid (a scheduler that crashed on another host or in another PID namespace never strands
// the file), and `force` (--break-lock) for the operator who knows better.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { right } from 'fp-ts/lib/Either.js';
import { manualClock, withTempDir } from '@scaleio-framework/testkit';
import { DEFAULT_LEASE_MS, openFileStore, type LockOwner, type StateStore } from '../src/index.js';

const LEASE = 30_000;
const clock = manualClock();
/** A process `pid` on `host`, alive as long as `alive` says, on the shared manual clock. */
const owner = (pid: number, host: string, alive = () => true): LockOwner => ({
  pid,
  host,
  isAlive: () => alive(),
  nowMs: clock.now,
  setTimer: clock.setTimer,
});
/** A process that will crash: its renewal timers never fire. */
const doomed = (pid: number, host: string): LockOwner => ({
  ...owner(pid, host),
  setTimer: () => () => undefined,
});
const lockOf = (path: string) =>
  JSON.parse(readFileSync(`${path}.lock`, 'utf8')) as {
    pid: number;
    host: string;
    renewedAtMs: number;
    leaseMs: number;
  };
const opened = async (path: string, o: LockOwner, force = false): Promise<StateStore> => {
  const s = await openFileStore({ path, owner: o, leaseMs: LEASE, force });
  if (s._tag === 'Left') throw new Error(`open: ${JSON.stringify(s.left)}`);
  return s.right;
};
/**
 * Waits until the lock file shows the renewal at `atMs`. The renewal's file work (a flushed write,
 * then a rename) runs on real IO after the manual timer fires, and an fsync on a loaded CI host can
 * take seconds: the wait ends on the file's content, and only a renewal missing for 30 s fails.
 */
const renewed = async (path: string, atMs: number) => {
  const deadline = Date.now() + 30_000;
  while (lockOf(path).renewedAtMs < atMs && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 5));
  assert.ok(lockOf(path).renewedAtMs >= atMs, `renewed at ${atMs}`);
};

test('a crashed holder on another host: refused while its lease runs, taken over once it ran out', () =>
  withTempDir('lease-', async (dir) => {
    const path = join(dir, 'state.json');
    const a = await opened(path, doomed(1, 'sched-a'));
    assert.equal(await a.put('k', 'from-a', null), right(0));
    // "crash": a never renews again and never releases
    const b = owner(1, 'sched-b'); // same pid 1 (a container), another host
    const early = await openFileStore({ path, owner: b, leaseMs: LEASE });
    assert.is(early._tag === 'Left' && early.left._tag, 'Locked');
    assert.match(
      early._tag === 'Left' && early.left._tag === 'Locked' ? early.left.holder : '',
      'pid 1 on sched-a (lease expires in 30 s',
    );
    clock.set(clock.now() + LEASE); // the lease ran out: nobody renewed it
    const s = await opened(path, b);
    try {
      assert.equal(await s.get('k'), right({ data: 'from-a', version: 0 }), 'same state file');
      assert.is(lockOf(path).host, 'sched-b');
      const stale = await a.put('k', 'late', 0);
      assert.is(stale._tag === 'Left' && stale.left._tag, 'Locked', 'a cannot write any more');
    } finally {
      await s.close();
    }
  }));

test('the holder renews its lease every third of it, so a live holder keeps the file', () =>
  withTempDir('lease-', async (dir) => {
    const path = join(dir, 'state.json');
    const t0 = clock.now();
    const a = await opened(path, owner(7, 'sched-a'));
    try {
      assert.equal(lockOf(path).renewedAtMs, t0);
      assert.is(lockOf(path).leaseMs, LEASE);
      for (let i = 1; i <= 4; i++) {
        // The next renewal is set once the last one's rename has completed, which the lock file can
        // show a moment before the holder's code runs on: wait for the timer, then fire it.
        assert.is(await clock.fireNext(30_000), LEASE / 3, 'a third of the lease after the last');
        await renewed(path, t0 + (i * LEASE) / 3);
      }
      // More than one lease after a took it, its renewals keep others off.
      const b = await openFileStore({ path, owner: owner(8, 'sched-b'), leaseMs: LEASE });
      assert.is(b._tag === 'Left' && b.left._tag, 'Locked');
      assert.equal(await a.put('k', 'v', null), right(0));
    } finally {
      await a.close();
    }
  }));

test('force (--break-lock) takes over a live lease; the old holder can no longer write or renew', () =>
  withTempDir('lease-', async (dir) => {
    const path = join(dir, 'state.json');
    const a = await opened(path, owner(1, 'sched-a'));
    const b = await opened(path, owner(2, 'sched-b'), true);
    try {
      assert.equal(await b.put('k', 'b', null), right(0));
      const r = await a.put('k', 'a', 0);
      assert.is(r._tag === 'Left' && r.left._tag, 'Locked');
      const t = clock.now();
      clock.advance(LEASE / 3); // both renewals fire: a sees it lost the lock and stops
      await renewed(path, t + LEASE / 3);
      assert.is(lockOf(path).host, 'sched-b', 'b renewed; a did not overwrite it');
    } finally {
      await a.close();
      await b.close();
    }
  }));

test('a lock written before leases (no renewedAtMs) expires DEFAULT_LEASE_MS after it was taken', () =>
  withTempDir('lease-', async (dir) => {
    const path = join(dir, 'state.json');
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: 1, host: 'old-host', atMs: clock.now() }));
    const early = await openFileStore({ path, owner: owner(2, 'new-host') });
    assert.is(early._tag === 'Left' && early.left._tag, 'Locked');
    clock.set(clock.now() + DEFAULT_LEASE_MS);
    const s = await opened(path, owner(2, 'new-host'));
    await s.close();
  }));

test('a dead pid on this very host is stale at once (no need to wait for the lease)', () =>
  withTempDir('lease-', async (dir) => {
    const path = join(dir, 'state.json');
    let alive = true;
    const a = await opened(
      path,
      owner(1, 'h', () => alive),
    );
    alive = false;
    const b = await opened(
      path,
      owner(2, 'h', () => alive),
    );
    await b.close();
    await a.close();
  }));

test.run();

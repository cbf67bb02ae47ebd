import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as t from 'io-ts';
import { left, right } from 'fp-ts/lib/Either.js';
import { readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { withTempDir } from '@scaleio-framework/testkit';
import { document, openFileStore, type LockOwner, type StateStore } from '../src/index.js';

const Counter = t.type({ n: t.number, owner: t.string });

const withDir = (f: (dir: string) => Promise<void>): Promise<void> => withTempDir('state-test-', f);

const owner = (pid: number, alive: ReadonlyArray<number>, host = 'h1'): LockOwner => ({
  pid,
  host,
  isAlive: (p) => alive.includes(p),
  nowMs: () => 1000 + pid,
});

const open = async (path: string, o?: LockOwner): Promise<StateStore> => {
  const s = await openFileStore(o === undefined ? { path } : { path, owner: o });
  if (s._tag === 'Left') throw new Error(`open failed: ${s.left._tag}`);
  return s.right;
};

test('file store: create, CAS update, conflicts, and the file on disk', () =>
  withDir(async (dir) => {
    const path = join(dir, 'state.json');
    const s = await open(path);
    try {
      assert.equal(await s.get('plan'), right(null));
      assert.equal(await s.put('plan', '{"a":1}', null), right(0));
      assert.equal(
        await s.put('plan', '{"a":2}', null),
        left({ _tag: 'Conflict', key: 'plan', expected: null, actual: 0 }),
      );
      assert.equal(await s.put('plan', '{"a":2}', 0), right(1));
      assert.equal(
        await s.put('plan', '{"a":3}', 0),
        left({ _tag: 'Conflict', key: 'plan', expected: 0, actual: 1 }),
      );
      assert.equal(await s.get('plan'), right({ data: '{"a":2}', version: 1 }));
      const onDisk = JSON.parse(readFileSync(path, 'utf8'));
      assert.equal(onDisk.entries.plan, { version: 1, data: '{"a":2}' });
      assert.equal(
        readdirSync(dir).sort(),
        ['state.json', 'state.json.lock'],
        'no temporary file left',
      );
      assert.is((await s.put('Bad/Key', 'x', null))._tag, 'Left');
    } finally {
      await s.close();
    }
    assert.not.ok(existsSync(`${path}.lock`), 'close releases the lock');
    assert.equal(await s.get('plan'), left({ _tag: 'Closed' }));
    const again = await open(path);
    try {
      assert.equal(
        await again.get('plan'),
        right({ data: '{"a":2}', version: 1 }),
        'survives reopening',
      );
    } finally {
      await again.close();
    }
  }));

test('file store: a second scheduler cannot open a locked file', () =>
  withDir(async (dir) => {
    const path = join(dir, 'state.json');
    const a = await open(path, owner(100, [100, 200]));
    try {
      const b = await openFileStore({ path, owner: owner(200, [100, 200]) });
      assert.is(b._tag === 'Left' && b.left._tag, 'Locked');
      assert.match(
        b._tag === 'Left' && b.left._tag === 'Locked' ? b.left.holder : '',
        /^pid 100 on h1 \(lease expires in \d+ s unless renewed; --break-lock takes it over\)$/,
      );
      const otherHost = await openFileStore({ path, owner: owner(300, [], 'h2') });
      assert.is(otherHost._tag, 'Left', 'a lock of another host is not taken over');
      const forced = await openFileStore({ path, owner: owner(300, [], 'h2'), force: true });
      assert.is(forced._tag, 'Right', 'unless the operator forces it');
      if (forced._tag === 'Right') {
        assert.equal(await forced.right.put('k', 'v', null), right(0));
        const loser = await a.put('k', 'w', 0);
        assert.is(
          loser._tag === 'Left' && loser.left._tag,
          'Locked',
          'the old holder can no longer write',
        );
        await forced.right.close();
      }
    } finally {
      await a.close();
    }
  }));

test('file store: a stale lock (dead pid) is taken over, and the old holder can no longer write', () =>
  withDir(async (dir) => {
    const path = join(dir, 'state.json');
    const a = await open(path, owner(100, [200]));
    const b = await open(path, owner(200, [200])); // 100 is dead for b
    try {
      assert.equal(await b.put('k', '1', null), right(0));
      const r = await a.put('k', '2', null);
      assert.is(r._tag, 'Left');
      if (r._tag === 'Left') assert.is(r.left._tag, 'Locked');
      assert.equal(await b.get('k'), right({ data: '1', version: 0 }));
    } finally {
      await a.close();
      await b.close();
    }
    assert.not.ok(existsSync(`${path}.lock`), "a's close did not remove b's lock, b's did");
  }));

test('file store: real pids: a lock of a dead process is stale, one of a live process is not', () =>
  withDir(async (dir) => {
    const path = join(dir, 'state.json');
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    assert.ok(typeof dead === 'number' && dead > 0);
    const now = Date.now();
    writeFileSync(
      `${path}.lock`,
      JSON.stringify({ pid: process.pid, host: hostname(), atMs: now, renewedAtMs: now }),
    );
    const live = await openFileStore({ path });
    assert.is(live._tag === 'Left' && live.left._tag, 'Locked');
    assert.match(
      live._tag === 'Left' && live.left._tag === 'Locked' ? live.left.holder : '',
      `pid ${process.pid} on ${hostname()}`,
    );
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: dead, host: hostname(), atMs: now }));
    const s = await open(path);
    try {
      assert.equal(await s.put('k', 'v', null), right(0));
      assert.is(
        JSON.parse(readFileSync(`${path}.lock`, 'utf8')).pid,
        process.pid,
        'the lock now names us',
      );
    } finally {
      await s.close();
    }
  }));

test('file store: a corrupt file is reported, never overwritten', () =>
  withDir(async (dir) => {
    const path = join(dir, 'state.json');
    writeFileSync(path, '{ not json');
    const r = await openFileStore({ path });
    assert.is(r._tag, 'Left');
    if (r._tag === 'Left') assert.is(r.left._tag, 'Corrupt');
    assert.is(readFileSync(path, 'utf8'), '{ not json');
    assert.not.ok(existsSync(`${path}.lock`), 'lock released after a failed open');
    writeFileSync(path, '{"something":"else"}');
    const r2 = await openFileStore({ path });
    assert.is(r2._tag === 'Left' && r2.left._tag, 'Corrupt');
  }));

test('file store: a missing directory is an Io error, not a crash', async () => {
  const r = await openFileStore({ path: '/nonexistent-dir-xyz/state.json' });
  assert.is(r._tag === 'Left' && r.left._tag, 'Io');
});

test('file store: concurrent updates through one store lose nothing', () =>
  withDir(async (dir) => {
    const s = await open(join(dir, 'state.json'));
    try {
      const doc = document(s, { key: 'counter', codec: Counter, schemaVersion: 1 });
      const results = await Promise.all(
        Array.from({ length: 20 }, () =>
          doc.update((c) => ({ n: (c?.n ?? 0) + 1, owner: 'x' }), 50),
        ),
      );
      assert.ok(results.every((r) => r._tag === 'Right'));
      const final = await doc.read();
      assert.is(final._tag === 'Right' && final.right?.value.n, 20);
      assert.is(final._tag === 'Right' && final.right?.version, 19);
    } finally {
      await s.close();
    }
  }));

test('documents: schema versions are checked, older ones migrated, bad data reported', () =>
  withDir(async (dir) => {
    const s = await open(join(dir, 'state.json'));
    try {
      const v1 = document(s, { key: 'doc', codec: t.type({ count: t.number }), schemaVersion: 1 });
      assert.is((await v1.write({ count: 5 }, null))._tag, 'Right');
      const v2NoMigration = document(s, { key: 'doc', codec: Counter, schemaVersion: 2 });
      assert.equal(
        await v2NoMigration.read(),
        left({ _tag: 'SchemaMismatch', key: 'doc', found: 1, supported: 2 }),
      );
      const v2 = document(s, {
        key: 'doc',
        codec: Counter,
        schemaVersion: 2,
        migrate: (from, data) =>
          from === 1 && typeof data === 'object' && data !== null && 'count' in data
            ? right({ n: (data as { count: number }).count, owner: 'migrated' })
            : left(`cannot migrate from ${from}`),
      });
      assert.equal(await v2.read(), right({ value: { n: 5, owner: 'migrated' }, version: 0 }));
      assert.is((await v2.write({ n: 6, owner: 'v2' }, 0))._tag, 'Right');
      assert.equal(
        await v1.read(),
        left({ _tag: 'SchemaMismatch', key: 'doc', found: 2, supported: 1 }),
        'an older build never reads newer data',
      );
      assert.is((await s.put('raw', '{"schemaVersion":2,"value":{"n":"x"}}', null))._tag, 'Right');
      const bad = await document(s, { key: 'raw', codec: Counter, schemaVersion: 2 }).read();
      assert.is(bad._tag === 'Left' && bad.left._tag, 'Corrupt');
    } finally {
      await s.close();
    }
  }));

test.run();

/** The compare-and-set contract every ZooKeeper-backed store test checks. */
import * as assert from 'uvu/assert';
import { left, right } from 'fp-ts/lib/Either.js';
import type { StateStore } from '@scaleio-framework/state';

/**
 * On a fresh `key` of `s`: create at version 0, a second create conflicts, a write expecting
 * version 0 (a real expectation, not "any") makes version 1, a stale one conflicts, a write
 * expecting `absentExpected` on a key that does not exist conflicts, and the value reads back.
 */
export async function assertCompareAndSet(
  s: StateStore,
  key: string,
  absentExpected: number,
): Promise<void> {
  assert.equal(await s.put(key, 'v0', null), right(0));
  assert.equal(
    await s.put(key, 'again', null),
    left({ _tag: 'Conflict', key, expected: null, actual: 0 }),
  );
  assert.equal(await s.put(key, 'v1', 0), right(1));
  assert.equal(
    await s.put(key, 'stale', 0),
    left({ _tag: 'Conflict', key, expected: 0, actual: 1 }),
  );
  assert.equal(
    await s.put('absent', 'x', absentExpected),
    left({ _tag: 'Conflict', key: 'absent', expected: absentExpected, actual: null }),
  );
  assert.equal(await s.get(key), right({ data: 'v1', version: 1 }));
}

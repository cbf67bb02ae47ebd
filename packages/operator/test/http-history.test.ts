import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createCapacityHistory } from '../src/history.js';
import { createRing } from '../src/ring.js';
import { createEventLog } from '../src/events.js';
import { percentFull } from '../src/pool-view.js';
import { demoInputs, demoSamples, sampleAt } from './http-fixture.js';

test('a ring keeps the newest items, oldest first', () => {
  const r = createRing<number>(3);
  assert.equal(r.toArray(), []);
  for (const i of [1, 2]) r.push(i);
  assert.equal(r.toArray(), [1, 2]);
  for (const i of [3, 4, 5]) r.push(i);
  assert.equal(r.toArray(), [3, 4, 5]);
  assert.is(r.size, 3);
});

test('history records each new sample once per pool and keeps the newest', () => {
  const h = createCapacityHistory(10);
  const pool = demoInputs().pools[0]!;
  const other = { ...pool, name: 'fast' };
  for (const s of demoSamples()) {
    h.record([
      { ...pool, latest: s },
      { ...other, latest: undefined },
    ]);
    h.record([{ ...pool, latest: s }]); // the same sample again: ignored
  }
  h.record([{ ...other, latest: sampleAt(0, 10) }]);
  const v = h.view();
  assert.equal(
    v.pools.map((p) => p.key),
    ['default/default', 'default/fast'],
  );
  const pts = v.pools[0]!.points;
  assert.is(pts.length, 10);
  const last = demoSamples().at(-1)!;
  assert.equal(pts.at(-1), {
    atMs: last.atMs,
    percentFull: percentFull(last),
    inUseKb: last.capacityInUseInKb,
    usableKb: last.maxCapacityInKb - last.spareCapacityInKb,
  });
  assert.ok(pts.every((p, i) => i === 0 || p.atMs > pts[i - 1]!.atMs));
  assert.is(v.pools[1]!.points[0]!.percentFull, 10);
});

test('the event log keeps the newest events', () => {
  const log = createEventLog(2);
  for (const i of [1, 2, 3]) log.record({ atMs: i, level: 'info', kind: 'k', message: `m${i}` });
  assert.equal(
    log.list().map((e) => e.message),
    ['m2', 'm3'],
  );
});

test.run();

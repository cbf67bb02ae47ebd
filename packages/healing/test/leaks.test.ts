/** Leak reports: when one is due (a pure timing rule), and what one finds and says. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { IdempotencyKey, VolumeId } from '@scaleio-framework/capacity';
import {
  checkLeaks,
  firstLeakSchedule,
  leakReportDue,
  LEAK_REPORT_EVERY_TICKS,
} from '../src/index.js';
import { entry, T0, volume } from './fixture.js';

test('due on the first round, when the in-flight entries finished, and every N rounds', () => {
  const busyAfterRound = [true, true, false, false, false, false, false, true, false];
  let s = firstLeakSchedule;
  const dueAt: number[] = [];
  busyAfterRound.forEach((busy, i) => {
    const r = leakReportDue(s, busy, 5);
    if (r.due) dueAt.push(i + 1);
    s = r.next;
  });
  assert.equal(dueAt, [1, 3, 6, 9]);
  assert.is(LEAK_REPORT_EVERY_TICKS, 20);
  assert.equal(leakReportDue({ rounds: 20, busyBefore: true }, true).due, true);
  assert.equal(leakReportDue({ rounds: 21, busyBefore: true }, true).due, false);
});

test('a volume no live entry owns (by id or key) is a leak; the report says so', () => {
  const owned = [
    volume(),
    volume({ id: 'vol-2' as VolumeId, key: 'k-2' as IdempotencyKey }),
    volume({ id: 'vol-3' as VolumeId }),
  ];
  const entries = [
    entry('verified', { volume: 'vol-1' as VolumeId }),
    entry('created', { id: 'exp-2', key: 'k-2' as IdempotencyKey }),
    entry('rolledBack', { id: 'exp-3', volume: 'vol-3' as VolumeId }),
  ];
  const r = checkLeaks(owned, entries, T0);
  assert.equal(
    r.leaked.map((v) => v.id),
    ['vol-3'],
  );
  assert.equal(r.report, {
    checkedAtMs: T0,
    volumes: [{ id: 'vol-3', node: 'i-1', sizeGiB: 100, state: 'available' }],
  });
  assert.equal(
    [r.event.kind, r.event.message, r.event.details],
    ['leaks', '1 volume(s) tagged as ours but in no ledger entry: vol-3', { leaked: 1, owned: 3 }],
  );
  assert.is(checkLeaks([], entries, T0).event.message, 'no leaked volume');
});

test.run();

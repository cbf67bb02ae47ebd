/**
 * Shrinking, pure: the configuration's rules, the pool's decision (timing rules, then the safety
 * check over the pool's devices), the ledger changes, approval, and the failure rule of a shrink.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { NodeId, VolumeId } from '@scaleio-framework/capacity';
import {
  applyLedgerChange,
  answerApproval,
  checkRemoval,
  GIB,
  nextMove,
  planShrink,
  portFailed,
  resolveHealingConfig,
  type HealingEntry,
  type PoolDevice,
  type PoolStat,
  type TimedFigures,
} from '../src/index.js';
import { config, entry, input, pool1 } from './fixture.js';

const MIN = 60_000;
const NOW = 10 * 60 * MIN;
const on = config({ shrink: { enabled: true, lowPercent: 40, lowForMinutes: 60 } });
const figures = (usedGiB: number, maxGiB = 500, spareGiB = 0) => ({
  inUseBytes: usedGiB * GIB,
  maxBytes: maxGiB * GIB,
  spareBytes: spareGiB * GIB,
});
const stat = (usedGiB: number, maxGiB = 500, spareGiB = 0): PoolStat => ({
  pool: pool1,
  figures: figures(usedGiB, maxGiB, spareGiB),
  nodes: [],
});
/** A sample every 5 min over the last `minutes`, `usedGiB` of 500. */
const samples = (minutes: number, usedGiB: number): TimedFigures[] =>
  Array.from({ length: minutes / 5 + 1 }, (_, i) => ({
    atMs: NOW - minutes * MIN + i * 5 * MIN,
    ...figures(usedGiB),
  }));
const grown = (id: string, seq: number, addedAtMs: number, deviceId: string): HealingEntry =>
  entry('verified', {
    id,
    seq,
    atMs: addedAtMs - MIN,
    addedAtMs,
    updatedAtMs: addedAtMs,
    volume: `vol-${seq}` as VolumeId,
    path: `/dev/xvd${'fgh'[seq] ?? 'z'}`,
    deviceId,
  });
const a = grown('exp-1', 1, NOW - 5 * 60 * MIN, 'd-new1');
const b = grown('exp-2', 2, NOW - 4 * 60 * MIN, 'd-new2');
/** Three SDSs with a 100 GiB device each, plus the two added ones on SDS s1 and s2. */
const devices: PoolDevice[] = [
  { id: 'd1', sdsId: 's1', maxBytes: 100 * GIB, removing: false },
  { id: 'd2', sdsId: 's2', maxBytes: 100 * GIB, removing: false },
  { id: 'd3', sdsId: 's3', maxBytes: 100 * GIB, removing: false },
  { id: 'd-new1', sdsId: 's1', maxBytes: 100 * GIB, removing: false },
  { id: 'd-new2', sdsId: 's2', maxBytes: 100 * GIB, removing: false },
];
const base = {
  stat: stat(100),
  samples: samples(90, 100),
  ledger: [a, b],
  config: on,
  nowMs: NOW,
};

test('the configuration: off by default, low water below the clear threshold when on', () => {
  const d = resolveHealingConfig({});
  assert.ok(d._tag === 'Right' && !d.right.shrink.enabled && d.right.shrink.maxPerDay === 1);
  const bad = resolveHealingConfig({ shrink: { enabled: true, lowPercent: 75 } });
  assert.ok(bad._tag === 'Left' && bad.left[0]?.includes('shrink.lowPercent (75)'));
  const typo = resolveHealingConfig({ shrink: { lowPercnt: 10 } });
  assert.equal(typo._tag === 'Left' && typo.left, ['unknown field shrink.lowPercnt']);
});

test('a low pool sheds its newest healing-added device, after asking for the devices', () => {
  assert.equal(planShrink(base), { _tag: 'describeDevices' });
  const p = planShrink(base, devices);
  assert.is(p._tag, 'shrink');
  assert.is(p._tag === 'shrink' && p.entry.id, 'exp-2');
  assert.ok(p._tag === 'shrink' && p.reason.includes('25.0% without d-new2'), JSON.stringify(p));
});

test('the timing rules: off, busy, a recent growth, the daily cap, not low long enough', () => {
  const why = (over: Partial<typeof base>) => {
    const p = planShrink({ ...base, ...over });
    return p._tag === 'none' ? p.why : p._tag;
  };
  assert.is(why({ config: config() }), 'disabled');
  assert.is(why({ ledger: [a, { ...b, stage: 'added', state: 'inProgress' }] }), 'busy');
  assert.is(why({ ledger: [a, { ...b, addedAtMs: NOW - 30 * MIN }] }), 'recentGrow');
  assert.is(why({ ledger: [{ ...a, shrinkAtMs: NOW - 23 * 60 * MIN }, b] }), 'dailyCap');
  assert.is(why({ ledger: [{ ...a, shrinkAtMs: NOW - 25 * 60 * MIN }, b] }), 'describeDevices');
  assert.is(why({ samples: samples(45, 100) }), 'notLow');
  const spike = samples(90, 100).map((s, i) => (i === 10 ? { ...s, ...figures(250) } : s));
  assert.is(why({ samples: spike }), 'notLow');
  assert.is(why({ samples: [] }), 'noSamples');
  assert.is(why({ ledger: [] }), 'noCandidate');
});

test('the safety check: clear threshold, an SDS’s last device, three failure units, spare', () => {
  const check = (e: HealingEntry, used: number, devs = devices, spare = 0) =>
    checkRemoval(e, figures(used, 500, spare), devs, 70);
  assert.ok(check(b, 100).ok);
  // 300 GiB of 400 left is 75 %: not below the clear threshold.
  assert.match(check(b, 300).reason, /75\.0% full/);
  const lastOfSds = devices.filter((d) => d.id !== 'd2');
  assert.match(check(b, 100, lastOfSds).reason, /last of SDS s2/);
  const twoUnits = devices.map((d) => (d.sdsId === 's3' ? { ...d, sdsId: 's2' } : d));
  assert.match(check(b, 100, [...twoUnits.filter((d) => d.id !== 'd2')]).reason, /2 failure unit/);
  const removing = devices.map((d) => (d.id === 'd1' ? { ...d, removing: true } : d));
  assert.match(check(b, 100, removing).reason, /another device/);
  assert.match(check({ ...b, deviceId: 'gone' }, 100).reason, /not in the pool/);
  // A spare of 200 GiB covers the largest SDS (200 GiB); without d-new2 it is 160 GiB: still ≥ 200? no → refused.
  const fs = devices.map((d) => ({ ...d, faultSet: d.sdsId }));
  assert.match(check(b, 100, fs, 200).reason, /spare capacity/);
});

test('no safe device: the reason names every candidate', () => {
  const p = planShrink({ ...base, stat: stat(290), samples: samples(90, 100) }, devices);
  assert.is(p._tag, 'none');
  assert.ok(p._tag === 'none' && p.why === 'noSafeDevice' && /exp-2: .*exp-1: /.test(p.reason));
});

test('ledger changes: a shrink starts per mode; an older decision changes nothing', () => {
  const l = { entries: [a, b], paused: false };
  const go = applyLedgerChange(l, {
    _tag: 'shrink',
    entryId: 'exp-2',
    stage: 'shrinkIntent',
    reason: 'low',
    nowMs: NOW,
  });
  const e2 = go.entries.find((e) => e.id === 'exp-2');
  assert.equal(
    [e2?.stage, e2?.state, e2?.shrinkAtMs, e2?.shrinkDryRun],
    ['shrinkIntent', 'inProgress', NOW, false],
  );
  const again = applyLedgerChange(go, {
    _tag: 'shrink',
    entryId: 'exp-1',
    stage: 'shrinkIntent',
    reason: 'low',
    nowMs: NOW,
  });
  assert.equal(again, go, 'a pool with a shrink in progress starts no other');
  const dry = applyLedgerChange(l, {
    _tag: 'shrink',
    entryId: 'exp-2',
    stage: 'verified',
    reason: 'low',
    nowMs: NOW,
  });
  const d2 = dry.entries.find((e) => e.id === 'exp-2');
  assert.equal([d2?.stage, d2?.shrinkDryRun, d2?.shrinkDecision], ['verified', true, 'low']);
});

test('approval: a shrink waits, then goes on or keeps its device', () => {
  const waiting = { ...b, stage: 'shrinkApproval' as const, state: 'completed' as const };
  const l = { entries: [a, waiting], paused: false };
  const yes = answerApproval(l, 'exp-2', 'intent', NOW);
  assert.equal([yes.moved, yes.ledger.entries[1]?.stage], [['exp-2'], 'shrinkIntent']);
  const no = answerApproval(l, 'exp-2', 'declined', NOW);
  assert.equal(
    [no.ledger.entries[1]?.stage, no.ledger.entries[1]?.lastError],
    ['verified', 'shrink declined by the operator'],
  );
});

test('the failure rule of a shrink: abandoned before the removal, failed after it, never rolled back', () => {
  const cx = input({ config: config({ stepAttempts: 1 }), nowMs: NOW });
  const remove = {
    _tag: 'removeDevice' as const,
    node: 'i-1' as NodeId,
    pool: pool1,
    deviceId: 'd-new2',
    path: '/dev/xvdg',
  };
  const intent = { ...b, stage: 'shrinkIntent' as const, state: 'inProgress' as const };
  const m1 = nextMove(intent, portFailed(remove, 'gateway down', true), cx);
  assert.ok(m1._tag === 'write' && m1.entry.stage === 'verified', JSON.stringify(m1));
  assert.match(m1._tag === 'write' ? (m1.entry.lastError ?? '') : '', /shrink abandoned/);
  const drained = { ...b, stage: 'drained' as const, state: 'inProgress' as const };
  const detach = { _tag: 'detach' as const, volume: b.volume as VolumeId, node: b.node };
  const m2 = nextMove(drained, portFailed(detach, 'denied', false), cx);
  assert.ok(
    m2._tag === 'write' && m2.entry.stage === 'failed' && m2.entry.failedStage === 'drained',
  );
});

test.run();

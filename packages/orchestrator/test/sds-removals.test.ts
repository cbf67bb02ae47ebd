// Lost SDSs removed through the ledger (issue 19): entries by mode, the removal only when the
// rule allows it (rebuilt, minimum kept), the intent before the effect, resumption after a
// restart, "already gone = done", and the healer's volumes on the lost node reported.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  decideSdsRemovals,
  emptyDeployState,
  emptySdsRemovalLedger,
  sdsRemovalEvent,
  sdsRemovalTransition,
  type AgentId,
  type DeployState,
  type LostSdsFact,
  type MembershipSettings,
  type RebuildPoolFact,
  type SdsSystemView,
} from '../src/index.js';

const auto: MembershipSettings = {
  mode: 'automatic',
  graceMs: 5000,
  maxAttempts: 2,
  retryBaseMs: 1000,
};
const T = 1_000_000;

const deploy = (goneIps: string[], unreachableIps: [string, number][] = []): DeployState => {
  const d = emptyDeployState();
  const nodes: DeployState['nodes'] = {};
  for (const n of [1, 2, 3, 4]) {
    const ip = `10.0.0.${n}`;
    const unreachable = unreachableIps.find(([x]) => x === ip)?.[1];
    nodes[`a${n}`] = {
      agentId: `a${n}` as AgentId,
      hostname: `h${n}`,
      ip,
      role: n === 1 ? 'primary' : n === 2 ? 'secondary' : n === 3 ? 'tiebreaker' : 'storage',
      faultSet: '',
      devices: [],
      steps: {
        sds: {
          status: 'done',
          attempts: 0,
          waits: 0,
          ...(unreachable ? { unreachableSince: unreachable } : {}),
        },
      } as never,
      ...(goneIps.includes(ip) ? { goneAt: T - 10 } : {}),
    };
  }
  return { ...d, nodes };
};
const sds = (n: number, online = true): LostSdsFact => ({
  id: `sds${n}`,
  ip: `10.0.0.${n}`,
  online,
  faultSetId: null,
  poolIds: ['p1'],
});
const pool = (degradedKb = 0): RebuildPoolFact => ({
  id: 'p1',
  name: 'sp',
  degradedKb,
  rebuildingKb: degradedKb,
});
const view = (degradedKb: number, lostOnline = false): SdsSystemView => ({
  sdss: [sds(1), sds(2), sds(3), sds(4, lostOnline)],
  pools: [pool(degradedKb)],
});
const noHealing = new Map();

test('the transition table', () => {
  const rows: [Parameters<typeof sdsRemovalTransition>, string | undefined][] = [
    [['waiting', 'remove'], 'removing'],
    [['removing', 'applied'], 'done'],
    [['removing', 'hold'], 'waiting'],
    [['removing', 'fail', false], 'waiting'],
    [['removing', 'fail', true], 'failed'],
    [['failed', 'retry'], 'waiting'],
    [['awaitingApproval', 'approve'], 'waiting'],
    [['awaitingApproval', 'remove'], undefined],
    [['reported', 'remove'], undefined],
    [['reported', 'enable'], 'waiting'],
    [['waiting', 'gone'], 'done'],
    [['done', 'gone'], undefined],
  ];
  for (const [args, to] of rows) assert.is(sdsRemovalTransition(...args), to, args.join(' '));
});

test('automatic: waits out the rebuild, then one removeSds with the intent recorded first', () => {
  const d = deploy(['10.0.0.4']);
  const healing = new Map([['a4', [{ volume: 'vol-0abc', entry: 'exp-3', stage: 'verified' }]]]);
  const r1 = decideSdsRemovals(emptySdsRemovalLedger(), d, view(4096), healing, auto, T);
  assert.is(r1.actions.length, 0);
  const [e] = r1.ledger.entries;
  assert.is(e?.id, 'sds-1-10.0.0.4');
  assert.is(e?.stage, 'waiting');
  assert.match(e?.why ?? '', /rebuilding/);
  assert.equal(e?.healingVolumes, [{ volume: 'vol-0abc', entry: 'exp-3', stage: 'verified' }]);
  assert.ok(
    r1.notes.some((n) => n.includes('vol-0abc')),
    'the volume is in the log lines',
  );
  // Same facts again: nothing changes (no write).
  const again = decideSdsRemovals(r1.ledger, d, view(4096), healing, auto, T + 1000);
  assert.is(again.ledger, r1.ledger);
  // The rebuild moves on: the reason's figures change in the ledger, the log is not told again.
  const moved = decideSdsRemovals(r1.ledger, d, view(2048), healing, auto, T + 1500);
  assert.match(moved.ledger.entries[0]?.why ?? '', /2048 KiB degraded/);
  assert.equal(moved.notes, []);
  // Rebuilt: removing, with the action.
  const r2 = decideSdsRemovals(r1.ledger, d, view(0), healing, auto, T + 2000);
  assert.is(r2.ledger.entries[0]?.stage, 'removing');
  assert.equal(r2.actions, [
    { _tag: 'removeSds', entryId: 'sds-1-10.0.0.4', sdsId: 'sds4', ip: '10.0.0.4' },
  ]);
  // A restart before the outcome: the same entry, the action again (the gateway call is checked).
  const r3 = decideSdsRemovals(r2.ledger, d, view(0), healing, auto, T + 3000);
  assert.is(r3.actions.length, 1);
  assert.is(r3.ledger.entries.length, 1);
  // The SDS gone (removed by the last call before the crash): done, no action.
  const gone = { ...view(0), sdss: [sds(1), sds(2), sds(3)] };
  const r4 = decideSdsRemovals(r2.ledger, d, gone, healing, auto, T + 4000);
  assert.is(r4.ledger.entries[0]?.stage, 'done');
  assert.is(r4.actions.length, 0);
  // And never a second entry for it.
  assert.is(
    decideSdsRemovals(r4.ledger, d, gone, healing, auto, T + 5000).ledger.entries.length,
    1,
  );
});

test('a rebuild that starts again while removing: back to waiting, no action', () => {
  const d = deploy(['10.0.0.4']);
  const r = decideSdsRemovals(emptySdsRemovalLedger(), d, view(0), noHealing, auto, T);
  assert.is(r.ledger.entries[0]?.stage, 'removing');
  const held = decideSdsRemovals(r.ledger, d, view(10), noHealing, auto, T + 1);
  assert.is(held.ledger.entries[0]?.stage, 'waiting');
  assert.is(held.actions.length, 0);
});

test('outcomes: applied is done; a failure retries after a backoff, then fails for good', () => {
  const d = deploy(['10.0.0.4']);
  const r = decideSdsRemovals(emptySdsRemovalLedger(), d, view(0), noHealing, auto, T);
  const id = r.ledger.entries[0]?.id ?? '';
  assert.is(sdsRemovalEvent(r.ledger, id, 'applied', auto, T + 1, 'ok').entries[0]?.stage, 'done');
  const f1 = sdsRemovalEvent(r.ledger, id, 'fail', auto, T + 1, 'HTTP 500');
  assert.is(f1.entries[0]?.stage, 'waiting');
  assert.is(f1.entries[0]?.notBefore, T + 1 + 1000);
  assert.is(decideSdsRemovals(f1, d, view(0), noHealing, auto, T + 500).actions.length, 0);
  const again = decideSdsRemovals(f1, d, view(0), noHealing, auto, T + 1001);
  assert.is(again.actions.length, 1);
  const f2 = sdsRemovalEvent(again.ledger, id, 'fail', auto, T + 1002, 'HTTP 500');
  assert.is(f2.entries[0]?.stage, 'failed');
  assert.is(
    sdsRemovalEvent(f2, id, 'retry', auto, T + 2000, 'operator').entries[0]?.stage,
    'waiting',
  );
});

test('modes: approval waits for the operator; off only reports', () => {
  const d = deploy(['10.0.0.4']);
  const a = decideSdsRemovals(
    emptySdsRemovalLedger(),
    d,
    view(0),
    noHealing,
    { ...auto, mode: 'approval' },
    T,
  );
  assert.is(a.ledger.entries[0]?.stage, 'awaitingApproval');
  assert.is(a.actions.length, 0);
  const ok = sdsRemovalEvent(
    a.ledger,
    a.ledger.entries[0]?.id ?? '',
    'approve',
    auto,
    T + 1,
    'operator',
  );
  assert.is(
    decideSdsRemovals(ok, d, view(0), noHealing, { ...auto, mode: 'approval' }, T + 2).actions
      .length,
    1,
  );
  const off = decideSdsRemovals(
    emptySdsRemovalLedger(),
    d,
    view(0),
    noHealing,
    { ...auto, mode: 'off' },
    T,
  );
  assert.is(off.ledger.entries[0]?.stage, 'reported');
  assert.is(off.actions.length, 0);
});

test('not lost, not yet past the grace, still online, or the gateway unreadable: nothing', () => {
  const none = emptySdsRemovalLedger();
  assert.is(
    decideSdsRemovals(none, deploy([]), view(0), noHealing, auto, T).ledger.entries.length,
    0,
  );
  const early = deploy([], [['10.0.0.4', T - 1000]]);
  assert.is(decideSdsRemovals(none, early, view(0), noHealing, auto, T).ledger.entries.length, 0);
  const late = deploy([], [['10.0.0.4', T - 6000]]);
  assert.is(decideSdsRemovals(none, late, view(0), noHealing, auto, T).actions.length, 1);
  const online = decideSdsRemovals(none, deploy(['10.0.0.4']), view(0, true), noHealing, auto, T);
  assert.is(online.actions.length, 0);
  assert.match(online.ledger.entries[0]?.why ?? '', /still answers/);
  assert.is(
    decideSdsRemovals(none, deploy(['10.0.0.4']), undefined, noHealing, auto, T).ledger,
    none,
  );
});

test('the MDM says disconnected for the grace (Mesos silent): lost; it answers again: recovered', () => {
  const quiet = deploy([]);
  const r1 = decideSdsRemovals(emptySdsRemovalLedger(), quiet, view(0), noHealing, auto, T);
  assert.equal(r1.ledger.disconnectedSince, { '10.0.0.4': T });
  assert.is(r1.ledger.entries.length, 0, 'not before the grace');
  const r2 = decideSdsRemovals(r1.ledger, quiet, view(8), noHealing, auto, T + 5000);
  assert.is(r2.ledger.entries[0]?.stage, 'waiting');
  assert.is(r2.actions.length, 0, 'still rebuilding');
  const back = decideSdsRemovals(r2.ledger, quiet, view(0, true), noHealing, auto, T + 6000);
  assert.is(back.ledger.entries[0]?.stage, 'recovered');
  assert.equal(back.ledger.disconnectedSince, {});
  assert.is(back.actions.length, 0);
});

test.run();

/**
 * The healer's state as a value: samples kept per pool, errors remembered, a decision event only
 * when the decision changes, and the status built from it — pools with their real figures.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Decision } from '@scaleio-framework/capacity';
import {
  afterDecision,
  afterLedgerRead,
  afterSample,
  buildStatus,
  entryReason,
  failure,
  GIB,
  initialHealerState,
  success,
  withStage,
  type PoolStat,
} from '../src/index.js';
import { config, entry, T0, pool1 } from './fixture.js';

const c = config({ maxSamplesPerPool: 2, eventLimit: 3 });
const stat = (usedGiB: number): PoolStat => ({
  pool: pool1,
  figures: { inUseBytes: usedGiB * GIB, maxBytes: 300 * GIB, spareBytes: 30 * GIB },
  nodes: [],
});

test('samples are kept per pool, newest maxSamplesPerPool; a failed read is the last error', () => {
  let s = initialHealerState;
  for (const [i, used] of [10, 20, 30].entries())
    s = afterSample(s, success([stat(used)]), T0 + i, c).state;
  assert.equal(
    s.pools['pd1/sp1']?.samples.map((x) => [x.atMs, x.inUseBytes / GIB]),
    [
      [T0 + 1, 20],
      [T0 + 2, 30],
    ],
  );
  const bad = afterSample(s, failure('gateway down', true), T0 + 3, c);
  assert.is(bad.state.lastError, 'statistics: gateway down');
  assert.equal(
    bad.events.map((e) => [e.kind, e.message]),
    [['error', 'statistics: gateway down']],
  );
  assert.is(bad.state.pools, s.pools);
  const l = afterLedgerRead(bad.state, failure('zk lost', true), T0 + 4, c);
  assert.is(l.state.lastError, 'ledger read: zk lost');
  assert.is(l.state.events.length, 2);
});

test('a decision event only when the decision changes, always for an Expand; events are bounded', () => {
  const wait: Decision = {
    _tag: 'Wait',
    pool: 'pd1/sp1',
    why: 'belowTrigger',
    reason: 'cool',
    facts: null,
  };
  const expand: Decision = {
    _tag: 'Expand',
    pool: 'pd1/sp1',
    totalGiB: 100,
    volumes: [],
    dryRun: false,
    reason: 'hot',
    facts: null,
  };
  const decided = (d: Decision) => ({ _tag: 'decided' as const, decision: d, nodeErrors: [] });
  let s = initialHealerState;
  const kinds: string[][] = [];
  for (const d of [wait, wait, expand, expand, wait]) {
    const r = afterDecision(s, 'pd1/sp1', decided(d), T0, c);
    kinds.push(r.events.map((e) => e.message));
    s = r.state;
  }
  assert.equal(kinds, [
    ['Wait (belowTrigger): cool'],
    [],
    ['Expand: hot'],
    ['Expand: hot'],
    ['Wait (belowTrigger): cool'],
  ]);
  assert.is(s.events.length, 3, 'eventLimit');
  assert.is(s.decisions['pd1/sp1']?.tag, 'Wait');
});

test('the status shows each pool with its real max and spare, and the entries by kind', () => {
  let s = afterSample(initialHealerState, success([stat(135)]), T0, c).state;
  s = afterLedgerRead(
    s,
    success({
      paused: true,
      entries: [
        entry('created'),
        entry('awaitingApproval', { id: 'exp-2' }),
        withStage(entry('intent', { id: 'exp-3' }), 'verified', T0 + 5),
      ],
    }),
    T0,
    c,
  ).state;
  const st = buildStatus(s, c, T0 + 10);
  assert.equal(
    st.pools.map((p) => [
      p.pool,
      p.name,
      p.percentFull,
      p.maxBytes / GIB,
      p.spareBytes / GIB,
      p.samples,
    ]),
    [['pd1/sp1', 'sp1', 50, 300, 30, 1]],
  );
  assert.equal(
    [
      st.paused,
      st.inFlight.map((e) => e.id),
      st.awaitingApproval.map((e) => e.id),
      st.recent.map((e) => e.id),
    ],
    [true, ['exp-1'], ['exp-2'], ['exp-3']],
  );
  assert.equal(st.totals, {
    volumes: 3,
    addedGiB: 300,
    last24hGiB: 300,
    failed: 0,
    rolledBack: 0,
    removed: 0,
    removedGiB: 0,
  });
});

test('what the status says about an entry', () => {
  const e = entry('created', { decision: 'hot' });
  const rows: ReadonlyArray<[string, ReturnType<typeof entry>, string | undefined]> = [
    ['in progress: the decision', e, 'hot'],
    [
      'retried: the decision with the error',
      { ...e, attempts: 2, lastError: 'attach: Throttled' },
      'hot (created, attempt 2: attach: Throttled)',
    ],
    [
      'rolled back: why',
      withStage(e, 'rolledBack', T0, { reason: 'created failed: x' }),
      'created failed: x',
    ],
    ['failed: why', withStage(e, 'failed', T0, { reason: 'did not grow' }), 'did not grow'],
    ['verified: the decision', withStage(e, 'verified', T0, { reason: 'grown' }), 'hot'],
  ];
  for (const [name, x, expected] of rows) assert.is(entryReason(x), expected, name);
});

test.run();

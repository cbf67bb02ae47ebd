/**
 * The policy glue: a pool's decision in two phases (node slots asked for only at placement),
 * how an Expand becomes ledger entries, and the operator's answers and pause switch as ledger
 * changes.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  deriveIdempotencyKey,
  providerError,
  type ClusterId,
  type NodeId,
  type PositiveInt,
} from '@scaleio-framework/capacity';
import {
  answerApproval,
  appendExpansion,
  applyLedgerChange,
  emptyLedger,
  firstStage,
  planPool,
  policySample,
  type Expand,
  type HealingLedger,
  type PoolInput,
  type PoolStat,
} from '../src/index.js';
import { config, entry, sample, T0, pool1 } from './fixture.js';

const cluster = 'c1' as ClusterId;
const nodes = (['i-1', 'i-2'] as NodeId[]).map((node) => ({ node, faultSet: `fs-${node}` }));
const stat: PoolStat = {
  pool: pool1,
  figures: sample(0, 1000),
  nodes,
};
const policy = config({ policy: { consecutiveSamples: 1, timeToFullMinutes: 0 } }).policy;
const at = (pct: number) => [policySample(T0, sample(T0, 1000, pct * 10))];
const poolAt = (pct: number, extra: Partial<PoolInput> = {}): PoolInput => ({
  stat,
  samples: at(pct),
  ledger: [],
  policy,
  nowMs: T0,
  ...extra,
});

test('a quiet pool is decided without asking for node slots', () => {
  const p = planPool(poolAt(50));
  assert.is(p._tag, 'decided');
  if (p._tag === 'decided') assert.equal([p.decision._tag, p.nodeErrors], ['Wait', []]);
});

test('a hot pool asks for its nodes first, then decides with the answers', () => {
  assert.equal(planPool(poolAt(90)), { _tag: 'describeNodes', nodes: ['i-1', 'i-2'] });
  const p = planPool(poolAt(90), [
    {
      node: 'i-1' as NodeId,
      ok: true,
      capacity: {
        node: 'i-1' as NodeId,
        zone: 'a',
        attachments: 2,
        maxAttachments: 28 as PositiveInt,
      },
    },
    { node: 'i-2' as NodeId, ok: false, error: providerError.notFound('node', 'i-2') },
  ]);
  assert.is(p._tag, 'decided');
  if (p._tag !== 'decided') return;
  assert.is(p.decision._tag, 'Expand');
  assert.equal(p.nodeErrors, ['i-2: NotFound: node i-2 not found']);
  if (p.decision._tag === 'Expand')
    assert.equal(
      p.decision.volumes.map((v) => [v.node, v.faultSet]),
      [['i-1', 'fs-i-1']],
    );
});

test('a hot pool with no node of ours is blocked without a cloud call', () => {
  const p = planPool(poolAt(90, { stat: { ...stat, nodes: [] } }));
  assert.is(p._tag, 'decided');
  if (p._tag === 'decided')
    assert.equal(p.decision._tag === 'Blocked' && p.decision.cap, 'noNodes');
});

test('how an expansion starts: dry run, approval, or at once', () => {
  assert.equal(
    [firstStage(true, true), firstStage(false, true), firstStage(false, false)],
    ['dryRun', 'awaitingApproval', 'intent'],
  );
});

const expand: Expand = {
  _tag: 'Expand',
  pool: 'pd1/sp1',
  totalGiB: 200,
  volumes: [
    { node: 'i-1' as NodeId, sizeGiB: 100 },
    { node: 'i-2' as NodeId, sizeGiB: 100 },
  ],
  dryRun: false,
  reason: 'pd1/sp1: 90% ≥ 80%',
  facts: null,
};

test('an Expand becomes one entry per volume with deterministic keys; not twice for a busy pool', () => {
  const l = appendExpansion(emptyLedger, expand, stat, cluster, 'awaitingApproval', T0);
  assert.equal(
    l.entries.map((e) => [e.id, e.expansion, e.node, e.stage, e.state, e.key]),
    [1, 2].map((seq) => [
      `exp-${seq}`,
      1,
      `i-${seq}`,
      'awaitingApproval',
      'inProgress',
      deriveIdempotencyKey({ cluster, pool: 'pd1/sp1', node: `i-${seq}` as NodeId, seq }),
    ]),
  );
  assert.is(appendExpansion(l, expand, stat, cluster, 'intent', T0 + 1), l);
});

test('answers move the whole expansion, or change nothing and say why', () => {
  const l = appendExpansion(emptyLedger, expand, stat, cluster, 'awaitingApproval', T0);
  const ok = answerApproval(l, 'exp-2', 'intent', T0 + 5);
  assert.equal(ok.moved, ['exp-1', 'exp-2']);
  assert.equal(ok.problem, null);
  assert.equal(
    ok.ledger.entries.map((e) => [e.stage, e.updatedAtMs]),
    [
      ['intent', T0 + 5],
      ['intent', T0 + 5],
    ],
  );
  const declined = answerApproval(l, 'exp-1', 'declined', T0 + 5);
  assert.equal(
    declined.ledger.entries.map((e) => [e.stage, e.state, e.reason]),
    [
      ['declined', 'rolledBack', 'declined by the operator'],
      ['declined', 'rolledBack', 'declined by the operator'],
    ],
  );
  assert.equal(answerApproval(l, 'exp-9', 'intent', T0).problem, 'no entry exp-9');
  assert.equal(
    answerApproval(ok.ledger, 'exp-1', 'declined', T0).problem,
    'exp-1 is intent, not awaiting approval',
  );
  assert.is(answerApproval(ok.ledger, 'exp-1', 'declined', T0).ledger, ok.ledger);
});

test('every ledger change is data, applied by one pure function', () => {
  const e = entry('created');
  const put = applyLedgerChange(emptyLedger, { _tag: 'putEntry', entry: e });
  assert.equal(put.entries, [e]);
  const moved = applyLedgerChange(put, { _tag: 'putEntry', entry: { ...e, attempts: 2 } });
  assert.equal(
    moved.entries.map((x) => x.attempts),
    [2],
  );
  const paused: HealingLedger = applyLedgerChange(moved, { _tag: 'setPaused', paused: true });
  assert.is(paused.paused, true);
  const grown = applyLedgerChange(emptyLedger, {
    _tag: 'expand',
    decision: expand,
    pool: stat.pool,
    cluster,
    stage: 'intent',
    nowMs: T0,
  });
  assert.is(grown.entries.length, 2);
  const answered = applyLedgerChange(
    appendExpansion(emptyLedger, expand, stat, cluster, 'awaitingApproval', T0),
    { _tag: 'answer', entryId: 'exp-1', to: 'declined', nowMs: T0 },
  );
  assert.equal(
    answered.entries.map((x) => x.stage),
    ['declined', 'declined'],
  );
});

test.run();

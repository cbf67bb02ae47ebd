import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  decideExpansion,
  defaultPolicyConfig,
  evaluateTrigger,
  fillRate,
  type Decision,
  type LedgerEntry,
  type NodeId,
  type PolicyConfig,
  type PolicyNode,
  type PoolSample,
} from '../src/index.js';

const min = 60_000;
const T0 = Date.UTC(2026, 10, 25, 12, 0, 0);
/** Samples every 5 min of a 1000 GiB pool at the given percents; the last is "now". */
const pcts = (...ps: number[]): PoolSample[] =>
  ps.map((p, i) => ({ atMs: T0 + i * 5 * min, usedGiB: p * 10, capacityGiB: 1000 }));
const nowOf = (s: PoolSample[]): number => s[s.length - 1]?.atMs ?? T0;
const node = (id: string, faultSet?: string, attachments = 2, maxAttachments = 27): PolicyNode =>
  faultSet === undefined
    ? { node: id as NodeId, attachments, maxAttachments }
    : { node: id as NodeId, attachments, maxAttachments, faultSet };
const three = [node('n1'), node('n2'), node('n3')];
const entry = (over: Omit<Partial<LedgerEntry>, 'node'> & { node: string }): LedgerEntry => ({
  seq: 1,
  pool: 'pd/sp',
  sizeGiB: 250,
  atMs: T0 - 60 * min,
  state: 'completed',
  dryRun: false,
  ...over,
  node: over.node as NodeId,
});

interface Row {
  readonly name: string;
  readonly samples: PoolSample[];
  readonly config?: Partial<PolicyConfig>;
  readonly ledger?: LedgerEntry[];
  readonly nodes?: PolicyNode[];
  readonly nowMs?: number;
  readonly expect: (d: Decision) => void;
}

/** A pool 85 % full for three samples with the fill-rate trigger off (`config` over that): hot. */
const hot = (
  name: string,
  config: Partial<PolicyConfig>,
  expect: Row['expect'],
  more: Partial<Row> = {},
): Row => ({
  name,
  samples: pcts(85, 85, 85),
  config: { timeToFullMinutes: 0, ...config },
  expect,
  ...more,
});

const isTag = (d: Decision, tag: Decision['_tag']): void => assert.is(d._tag, tag, d.reason);
const waits = (why: string) => (d: Decision) => {
  isTag(d, 'Wait');
  if (d._tag === 'Wait') assert.is(d.why, why, d.reason);
};
const blocks = (cap: string) => (d: Decision) => {
  isTag(d, 'Blocked');
  if (d._tag === 'Blocked') assert.is(d.cap, cap, d.reason);
};
const expands =
  (totalGiB: number, nodes: string[], dryRun = false) =>
  (d: Decision) => {
    isTag(d, 'Expand');
    if (d._tag !== 'Expand') return;
    assert.is(d.totalGiB, totalGiB, d.reason);
    assert.equal(
      d.volumes.map((v) => v.node),
      nodes,
      d.reason,
    );
    assert.is(
      d.volumes.reduce((a, v) => a + v.sizeGiB, 0),
      d.totalGiB,
    );
    assert.is(d.dryRun, dryRun);
  };

const rows: Row[] = [
  { name: 'no samples: wait', samples: [], expect: waits('noSamples') },
  {
    name: 'invalid samples (capacity 0) are ignored',
    samples: [{ atMs: T0, usedGiB: 5, capacityGiB: 0 }],
    expect: waits('noSamples'),
  },
  {
    name: 'stale newest sample: wait',
    samples: pcts(90, 90, 90),
    nowMs: T0 + 60 * min,
    expect: waits('staleSamples'),
  },
  {
    name: 'flat below trigger: wait',
    samples: pcts(50, 50, 50, 50),
    expect: waits('belowTrigger'),
  },
  {
    name: 'two of three samples over: wait',
    samples: pcts(50, 50, 85, 85),
    config: { timeToFullMinutes: 0 },
    expect: waits('belowTrigger'),
  },
  // 3 × 85 % of 1000 GiB: step max(25 % = 250, to-clear 850/0.7-1000 = 215) = 250; at least 100 GiB a volume → 2 × 125.
  hot(
    'three consecutive over trigger: expand, spread over three nodes',
    {},
    expands(250, ['n1', 'n2']),
  ),
  {
    name: 'trigger is inclusive (exactly 80 %)',
    samples: pcts(80, 80, 80),
    config: { timeToFullMinutes: 0, minVolumeGiB: 50 },
    expect: expands(252, ['n1', 'n2', 'n3']),
  },
  {
    name: 'a dip below trigger but above clear resets a short streak',
    samples: pcts(85, 85, 75, 85),
    config: { timeToFullMinutes: 0 },
    expect: waits('belowTrigger'),
  },
  {
    name: 'hysteresis: once hot, a dip above clear stays hot',
    samples: pcts(85, 85, 85, 75),
    config: { timeToFullMinutes: 0 },
    expect: (d) => isTag(d, 'Expand'),
  },
  {
    name: 'hysteresis: a dip below clear re-arms',
    samples: pcts(85, 85, 85, 65),
    config: { timeToFullMinutes: 0 },
    expect: waits('belowTrigger'),
  },
  // 70→78 % in 15 min: 0.53 %/min, 22 % left → ~41 min to full ≤ 120: brought forward although < 80 %.
  {
    name: 'fast fill brings the trigger forward',
    samples: pcts(70, 72, 74, 76, 78),
    expect: (d) => isTag(d, 'Expand'),
  },
  {
    name: 'fast fill from a low level does not trigger',
    samples: pcts(10, 20, 30, 40, 50),
    expect: waits('belowTrigger'),
  },
  {
    name: 'slow fill below trigger waits',
    samples: pcts(75, 75.1, 75.2, 75.3),
    expect: waits('belowTrigger'),
  },
  {
    name: 'an expansion in progress: wait',
    samples: pcts(90, 90, 90),
    ledger: [entry({ node: 'n1', state: 'inProgress' })],
    expect: waits('inProgress'),
  },
  {
    name: 'samples before the last expansion do not count',
    samples: pcts(90, 90, 90),
    ledger: [entry({ node: 'n1', atMs: T0 + 6 * min })],
    expect: waits('belowTrigger'),
  },
  {
    name: 'cooldown: hot again soon after an expansion waits until the cooldown ends',
    samples: pcts(90, 90, 90, 90),
    ledger: [entry({ node: 'n1', atMs: T0 - 1 })],
    expect: (d) => {
      waits('cooldown')(d);
      if (d._tag === 'Wait') assert.is(d.untilMs, T0 - 1 + 30 * min);
    },
  },
  {
    name: 'cooldown over: expand again',
    samples: pcts(90, 90, 90, 90),
    ledger: [entry({ node: 'n1', atMs: T0 - 1 })],
    nowMs: T0 + 30 * min,
    config: { maxSampleAgeMinutes: 60 },
    expect: (d) => isTag(d, 'Expand'),
  },
  {
    name: 'a dry-run entry also starts the cooldown',
    samples: pcts(90, 90, 90, 90),
    ledger: [entry({ node: 'n1', atMs: T0 - 1, dryRun: true })],
    expect: waits('cooldown'),
  },
  hot('dry run: the decision says so', { dryRun: true }, expands(250, ['n1', 'n2'], true)),
  // Step in GiB: 600 over 3 nodes = 200 each.
  hot('step in GiB', { step: { unit: 'gib', value: 600 } }, expands(600, ['n1', 'n2', 'n3'])),
  hot(
    'step clamped to maxStepGiB',
    { step: { unit: 'gib', value: 9000 }, maxStepGiB: 900 },
    expands(900, ['n1', 'n2', 'n3']),
  ),
  hot(
    'step raised to minStepGiB',
    { step: { unit: 'percent', value: 1 }, minStepGiB: 300 },
    expands(300, ['n1', 'n2', 'n3']),
  ),
  // 99 % full: to get below 70 % needs 990/0.7-1000 = 415 GiB > 25 % step.
  {
    name: 'step at least enough to get below clear',
    samples: pcts(99, 99, 99),
    config: { timeToFullMinutes: 0 },
    expect: expands(417, ['n1', 'n2', 'n3']),
  },
  hot(
    'volume size capped by maxVolumeGiB',
    { step: { unit: 'gib', value: 3000 }, maxVolumeGiB: 500 },
    expands(1500, ['n1', 'n2', 'n3']),
  ),
  hot('total cap reached: blocked', { maxTotalGiB: 1000 }, blocks('totalCap'), {
    ledger: [entry({ node: 'n1', sizeGiB: 950, atMs: T0 - 3 * 24 * 60 * min })],
  }),
  hot(
    'total cap nearly reached: shrink to what is left',
    { maxTotalGiB: 1100 },
    expands(150, ['n2']),
    { ledger: [entry({ node: 'n1', sizeGiB: 950, atMs: T0 - 3 * 24 * 60 * min })] },
  ),
  hot(
    'rolled-back entries do not count against the cap',
    { maxTotalGiB: 1000 },
    (d) => isTag(d, 'Expand'),
    {
      ledger: [
        entry({ node: 'n1', sizeGiB: 950, state: 'rolledBack', atMs: T0 - 3 * 24 * 60 * min }),
      ],
    },
  ),
  hot(
    'daily budget spent: blocked',
    { dailyBudgetGiB: 500, cooldownMinutes: 0 },
    blocks('dailyBudget'),
    { ledger: [entry({ node: 'n1', pool: 'other', sizeGiB: 450, atMs: T0 - 60 * min })] },
  ),
  hot('daily budget is a rolling 24 h', { dailyBudgetGiB: 500 }, (d) => isTag(d, 'Expand'), {
    ledger: [entry({ node: 'n1', pool: 'other', sizeGiB: 450, atMs: T0 - 25 * 60 * min })],
  }),
  hot('no nodes: blocked', {}, blocks('noNodes'), { nodes: [] }),
  hot('all nodes out of attachment slots (reserve kept): blocked', {}, blocks('attachments'), {
    nodes: [node('n1', undefined, 26), node('n2', undefined, 27)],
  }),
  hot('a full node is skipped', {}, expands(250, ['n2', 'n3']), {
    nodes: [node('n1', undefined, 26), node('n2'), node('n3')],
  }),
  hot(
    'per-node volume cap: blocked when every node reached it',
    { maxVolumesPerNode: 1, cooldownMinutes: 0 },
    blocks('perNodeCap'),
    {
      ledger: [
        entry({ node: 'n1', pool: 'x', atMs: T0 - 2 * 24 * 60 * min }),
        entry({ node: 'n2', pool: 'x', atMs: T0 - 2 * 24 * 60 * min }),
      ],
      nodes: [node('n1'), node('n2')],
    },
  ),
  hot(
    'per-node GiB cap limits the volume size',
    { maxGiBPerNode: 400, step: { unit: 'gib', value: 300 }, maxNodesPerExpansion: 1 },
    expands(200, ['n1']),
    {
      ledger: [entry({ node: 'n1', pool: 'x', sizeGiB: 200, atMs: T0 - 2 * 24 * 60 * min })],
      nodes: [node('n1')],
    },
  ),
  // Fault sets: one node per fault set first, least-grown fault set first.
  hot(
    'spreads one volume per fault set',
    { step: { unit: 'gib', value: 300 } },
    expands(300, ['a1', 'b1', 'c1']),
    {
      nodes: [node('a1', 'A'), node('a2', 'A'), node('b1', 'B'), node('b2', 'B'), node('c1', 'C')],
    },
  ),
  // The step is raised to 216 GiB (enough to get below 70 %): 2 × 108.
  hot(
    'prefers the fault set and node that received least',
    { step: { unit: 'gib', value: 200 }, maxNodesPerExpansion: 2 },
    expands(216, ['c1', 'b2']),
    {
      ledger: [
        entry({ node: 'a1', pool: 'x', atMs: T0 - 2 * 24 * 60 * min }),
        entry({ node: 'b1', pool: 'x', sizeGiB: 100, atMs: T0 - 2 * 24 * 60 * min }),
      ],
      nodes: [node('a1', 'A'), node('b1', 'B'), node('b2', 'B'), node('c1', 'C')],
    },
  ),
  hot(
    'two fault sets, three volumes: second round',
    { step: { unit: 'gib', value: 300 } },
    expands(300, ['a1', 'b1', 'a2']),
    { nodes: [node('a1', 'A'), node('a2', 'A'), node('b1', 'B')] },
  ),
];

for (const r of rows) {
  test(`policy: ${r.name}`, () => {
    const d = decideExpansion({
      pool: 'pd/sp',
      samples: r.samples,
      config: { ...defaultPolicyConfig, ...r.config },
      ledger: r.ledger ?? [],
      nodes: r.nodes ?? three,
      nowMs: r.nowMs ?? nowOf(r.samples),
    });
    r.expect(d);
    assert.ok(d.reason.length > 0);
  });
}

test('fill rate: least squares over the window', () => {
  assert.is(fillRate(pcts(50)), 0);
  assert.ok(
    Math.abs(fillRate(pcts(50, 60, 70)) * min - 20) < 1e-9,
    '100 GiB per 5 min = 20 GiB/min',
  );
  const f = evaluateTrigger(pcts(70, 72, 74, 76, 78), { ...defaultPolicyConfig });
  assert.ok(
    f.timeToFullMinutes !== null && Math.abs(f.timeToFullMinutes - 55) < 1e-6,
    String(f.timeToFullMinutes),
  );
  assert.is(f.streak, 4, 'the first sample has no rate yet; the next four trigger');
  assert.ok(f.hot);
});

test('a pool that shrinks is not filling', () => {
  const f = evaluateTrigger(pcts(79, 78, 77), { ...defaultPolicyConfig });
  assert.is(f.timeToFullMinutes, null);
  assert.ok(f.fillGiBPerHour < 0);
});

test.run();

/**
 * The stage table, row by row: each case is one entry, one observation and the transition the
 * table must answer, and names the row that must decide it. The last test fails when a row has
 * no case — adding a rule is one row plus one case here.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { providerError, type NodeId, type VolumeId } from '@scaleio-framework/capacity';
import {
  advance,
  fail,
  GIB,
  matchRow,
  perform,
  portFailed,
  providerFailed,
  stageTable,
  transition,
  wait,
  type HealingEntry,
  type Observation,
  type StageInput,
  type StageRow,
  type Transition,
} from '../src/index.js';
import { entry, input, NOW, sample, T0, volume, withoutKey, pool1 } from './fixture.js';
import { shrinkCases } from './shrink-cases.js';

interface Case {
  /** The row's `doc` that must decide the case. */
  readonly row: string;
  readonly entry: HealingEntry;
  readonly on: Observation;
  readonly input?: StageInput;
  readonly expect: Transition;
}

const due: Observation = { _tag: 'due' };
const vol1 = 'vol-1' as VolumeId;
const i1 = 'i-1' as NodeId;
const attachment = {
  volume: vol1,
  node: i1,
  deviceName: '/dev/sdf',
  guestPaths: ['/dev/disk/by-id/nvme-vol1', '/dev/xvdf'],
};
const attached = entry('attached', { volume: vol1, deviceName: '/dev/sdf', guestPaths: ['/p'] });
const added = entry('added', {
  volume: vol1,
  path: '/p',
  capacityBeforeBytes: 270 * GIB,
  addedAtMs: T0,
});
const rollingBack = (extra: Partial<HealingEntry> = {}) =>
  entry('rollingBack', { failedStage: 'created', ...extra });

const cases: ReadonlyArray<Case> = [
  {
    row: 'no idempotency key: nothing can be provisioned safely (not retried)',
    entry: withoutKey(entry('intent')),
    on: due,
    expect: fail('entry has no idempotency key', false),
  },
  {
    row: 'provision {key, node, spec, tags} in the node’s zone',
    entry: entry('intent'),
    on: due,
    expect: perform({
      _tag: 'provision',
      request: {
        key: entry('intent').key as NonNullable<HealingEntry['key']>,
        node: i1,
        spec: { volumeType: 'gp3', encrypted: true, sizeGiB: 100 as never },
        tags: {
          team: 'storage',
          'scaleio-framework-pool': 'pd1.sp1',
          'scaleio-framework-entry': 'exp-1',
        },
      },
    }),
  },
  {
    row: '→ created, with the volume id and zone',
    entry: entry('intent'),
    on: { _tag: 'provisioned', volume: volume() },
    expect: advance('created', { volume: vol1, zone: 'us-east-1a' }),
  },
  {
    row: 'no volume id: not retried',
    entry: entry('created'),
    on: due,
    expect: fail('entry has no volume id', false),
  },
  {
    row: 'attach the volume to its node',
    entry: entry('created', { volume: vol1 }),
    on: due,
    expect: perform({ _tag: 'attach', volume: vol1, node: i1 }),
  },
  {
    row: '→ attached, with the device name and the in-guest paths to look for',
    entry: entry('created', { volume: vol1 }),
    on: { _tag: 'attached', attachment },
    expect: advance('attached', { deviceName: '/dev/sdf', guestPaths: attachment.guestPaths }),
  },
  {
    row: 'no attachment recorded: not retried',
    entry: entry('attached', { volume: vol1 }),
    on: due,
    expect: fail('entry has no attachment', false),
  },
  {
    row: 'resolve the in-guest path on the node (executor probe: the new, empty disk)',
    entry: attached,
    on: due,
    expect: perform({
      _tag: 'resolveDevice',
      node: i1,
      request: { volume: vol1, sizeGiB: 100, deviceName: '/dev/sdf', guestPaths: ['/p'] },
    }),
  },
  {
    row: '→ resolved, with the path and the pool’s usable bytes before the add',
    entry: attached,
    on: { _tag: 'resolved', path: '/p' },
    input: input({ samples: [sample(T0, 200), sample(NOW, 270, 200)] }),
    expect: advance('resolved', { path: '/p', capacityBeforeBytes: 270 * GIB }),
  },
  {
    row: 'no device path: not retried',
    entry: entry('resolved', { volume: vol1 }),
    on: due,
    expect: fail('entry has no device path', false),
  },
  {
    row: 'add the device to the node’s SDS in the pool (idempotent by path)',
    entry: entry('resolved', { volume: vol1, path: '/p' }),
    on: due,
    expect: perform({
      _tag: 'addDevice',
      node: i1,
      path: '/p',
      pool: pool1,
    }),
  },
  {
    row: '→ added, with the device id and the time of the add',
    entry: entry('resolved', { volume: vol1, path: '/p' }),
    on: { _tag: 'deviceAdded', deviceId: 'dev-9' },
    expect: advance('added', { deviceId: 'dev-9', addedAtMs: NOW }),
  },
  {
    row: 'verify: a sample after the add shows more usable capacity → verified',
    entry: added,
    on: due,
    input: input({ samples: [sample(T0, 270), sample(NOW, 370)] }),
    expect: advance('verified', { reason: added.decision as string }),
  },
  {
    row: 'verify: fewer than verifySamples samples since the add → wait',
    entry: added,
    on: due,
    input: input({ samples: [sample(T0, 270), sample(NOW, 270), sample(NOW + 1, 270)] }),
    expect: wait,
  },
  {
    row: 'verify: verifySamples samples without growth → failed, with the numbers',
    entry: added,
    on: due,
    input: input({ samples: [1, 2, 3].map((i) => sample(T0 + i, 270)) }),
    expect: advance('failed', {
      reason:
        'pool pd1/sp1 did not grow after adding /p: 270.0 GiB before, 270.0 GiB in 3 samples after',
    }),
  },
  {
    row: 'rollback: describe the volume',
    entry: rollingBack({ volume: vol1 }),
    on: due,
    expect: perform({ _tag: 'describe', volume: vol1 }),
  },
  {
    row: 'rollback: no volume id stored: find the volume by the idempotency key',
    entry: rollingBack(),
    on: due,
    expect: perform({ _tag: 'findByKey', key: entry('intent').key as never }),
  },
  {
    row: 'rollback: neither id nor key, nothing was made → rolledBack',
    entry: withoutKey(rollingBack()),
    on: due,
    expect: advance('rolledBack'),
  },
  {
    row: 'rollback: no volume with the key → rolledBack',
    entry: rollingBack(),
    on: { _tag: 'found', volume: null },
    expect: advance('rolledBack'),
  },
  {
    row: 'rollback: found by key → describe it',
    entry: rollingBack(),
    on: { _tag: 'found', volume: volume() },
    expect: perform({ _tag: 'describe', volume: vol1 }),
  },
  {
    row: 'rollback: still attaching → retried (detached once attached)',
    entry: rollingBack({ volume: vol1 }),
    on: { _tag: 'described', volume: volume({ state: 'attaching' }) },
    expect: fail('rollback: vol-1 is still attaching; it is detached once attached', true),
  },
  {
    row: 'rollback: attached or detaching → detach it',
    entry: rollingBack({ volume: vol1 }),
    on: { _tag: 'described', volume: volume({ state: 'detaching' }) },
    expect: perform({ _tag: 'detach', volume: vol1, node: i1 }),
  },
  {
    row: 'rollback: not attached → delete it',
    entry: rollingBack({ volume: vol1 }),
    on: { _tag: 'described', volume: volume() },
    expect: perform({ _tag: 'delete', volume: vol1 }),
  },
  {
    row: 'rollback: detached → delete it',
    entry: rollingBack({ volume: vol1 }),
    on: { _tag: 'detached', volume: vol1 },
    expect: perform({ _tag: 'delete', volume: vol1 }),
  },
  {
    row: 'rollback: deleted → rolledBack',
    entry: rollingBack(),
    on: { _tag: 'deleted', volume: vol1 },
    expect: advance('rolledBack', { volume: vol1 }),
  },
  {
    row: 'rollback: describe says NotFound, the volume is gone → rolledBack',
    entry: rollingBack(),
    on: providerFailed(
      { _tag: 'describe', volume: vol1 },
      providerError.notFound('volume', 'vol-1'),
    ),
    expect: advance('rolledBack', { volume: vol1 }),
  },
  {
    row: 'rollback: delete refused as still attached (a detach not finished) → retried',
    entry: rollingBack({ volume: vol1 }),
    on: providerFailed(
      { _tag: 'delete', volume: vol1 },
      providerError.incorrectState('vol-1', 'in-use', 'still attached'),
    ),
    expect: fail('rollback delete: IncorrectState: still attached', true),
  },
  {
    row: 'any other failed effect → the failure rule, named by its effect, retryable as its error says',
    entry: entry('created', { volume: vol1 }),
    on: providerFailed(
      { _tag: 'attach', volume: vol1, node: i1 },
      providerError.throttled('slow down'),
    ),
    expect: fail('attach: Throttled: slow down', true),
  },
  {
    row: 'any other failed effect → the failure rule, named by its effect, retryable as its error says',
    entry: attached,
    on: portFailed(
      {
        _tag: 'resolveDevice',
        node: i1,
        request: { volume: vol1, sizeGiB: 100, deviceName: '', guestPaths: [] },
      },
      'no agent known for instance i-1',
      true,
      true,
    ),
    expect: fail('resolve: no agent known for instance i-1', true, true),
  },
  {
    row: 'any other failed effect → the failure rule, named by its effect, retryable as its error says',
    entry: rollingBack({ volume: vol1 }),
    on: providerFailed({ _tag: 'describe', volume: vol1 }, providerError.unauthorized('denied')),
    expect: fail('rollback describe: Unauthorized: denied', false),
  },
  {
    row: 'awaitingApproval and the final stages: nothing to do',
    entry: entry('awaitingApproval'),
    on: due,
    expect: wait,
  },
];

const covered = new Set<StageRow>();

for (const [i, c] of [...cases, ...shrinkCases].entries())
  test(`row ${i + 1}: ${c.entry.stage} × ${c.on._tag} — ${c.row}`, () => {
    const cx = c.input ?? input();
    const r = matchRow(c.entry, c.on, cx);
    assert.is(r?.doc, c.row);
    if (r !== undefined) covered.add(r);
    assert.equal(transition(c.entry, c.on, cx), c.expect);
  });

test('verify reads a capacity written in GiB by an earlier build', () => {
  const legacy = entry('added', { path: '/p', capacityBeforeGiB: 270, addedAtMs: T0 });
  const cx = input({ samples: [sample(NOW, 270)] });
  assert.equal(transition(legacy, due, cx), wait);
  assert.equal(
    transition(legacy, due, input({ samples: [sample(NOW, 370)] })),
    advance('verified', { reason: legacy.decision as string }),
  );
});

test('an observation no row expects: wait', () => {
  assert.equal(transition(entry('verified'), { _tag: 'deleted', volume: vol1 }, input()), wait);
});

test('every row of the table has a case', () => {
  const missing = stageTable
    .filter((r) => !covered.has(r))
    .map((r) => `${r.stage} × ${r.on}: ${r.doc}`);
  assert.equal(missing, []);
});

test.run();

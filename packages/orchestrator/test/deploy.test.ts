import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  applyStepEvent,
  decideOffers,
  defaultClusterSpec,
  deployComplete,
  emptyDeployState,
  nextStatus,
  nextWakeUp,
  observeAgents,
  parseTaskId,
  progress,
  recordDevices,
  runnableSteps,
  storageObjectsFor,
  taskIdFor,
  wantsOffers,
  type ClusterSpec,
  type DeployState,
  type DeployStep,
} from '../src/index.js';
import { agent, aid } from './fixtures.js';

const spec: ClusterSpec = { ...defaultClusterSpec, faultSetAttribute: 'rack' };
const five = ['a1', 'a2', 'a3', 'a4', 'a5'].map((id, i) =>
  agent(id, { zone: `z${i % 3}`, rack: `r${i % 3}` }, 8 - i),
);
/** The steps of a storage node with no MDM role, in order. */
const DATA_NODE_STEPS = [
  'prereqs',
  'sds',
  'storage-objects',
  'sdc',
  'rexray',
  'dvdcli',
  'dvdi',
  'agent-restart',
];

/** Runs every runnable step to success, one round at a time; records the order of starts. */
function runToEnd(state: DeployState, s: ClusterSpec, maxRounds = 100) {
  const starts: { round: number; agentId: string; step: DeployStep }[] = [];
  let concurrentRestarts = 0;
  for (let round = 0; round < maxRounds && !deployComplete(state); round++) {
    const now = round * 1000;
    const r = runnableSteps(state, s, now);
    for (const x of r) {
      state = applyStepEvent(state, s, { agentId: x.agentId, step: x.step, event: 'start', now });
      starts.push({ round, agentId: x.agentId, step: x.step });
    }
    concurrentRestarts = Math.max(
      concurrentRestarts,
      Object.values(state.nodes).filter((n) => n.steps['agent-restart']?.status === 'running')
        .length,
    );
    for (const x of r) {
      if (x.step === 'sds') state = recordDevices(state, x.agentId, ['/dev/xvdb']);
      state = applyStepEvent(state, s, { agentId: x.agentId, step: x.step, event: 'finish', now });
    }
  }
  return { state, starts, concurrentRestarts };
}

const roundOf = (
  starts: { round: number; agentId: string; step: DeployStep }[],
  step: DeployStep,
  agentId?: string,
) =>
  starts
    .filter((x) => x.step === step && (agentId === undefined || x.agentId === agentId))
    .map((x) => x.round);

test('the transition table: duplicates and late updates are ignored', () => {
  assert.is(nextStatus('pending', 'start', false), 'running');
  assert.is(nextStatus('running', 'finish', false), 'done');
  assert.is(nextStatus('running', 'fail', false), 'delayed');
  assert.is(nextStatus('running', 'fail', true), 'failed');
  assert.is(nextStatus('running', 'lost', false), 'pending');
  assert.is(nextStatus('done', 'fail', false), undefined);
  assert.is(nextStatus('done', 'finish', false), undefined);
  assert.is(nextStatus('failed', 'retry', true), 'pending');
  assert.is(nextStatus('pending', 'finish', false), undefined);
});

test('a 5-agent full deploy completes in plan order with barriers and rolling restarts', () => {
  const state = observeAgents(emptyDeployState(), five, spec);
  assert.equal(state.waiting, []);
  assert.equal(state.faultSets, { names: ['fs_r0', 'fs_r1', 'fs_r2'], warning: '' });
  const { state: end, starts, concurrentRestarts } = runToEnd(state, spec);
  assert.ok(deployComplete(end), JSON.stringify(progress(end), null, 1));
  const mdmPkgDone = Math.max(...roundOf(starts, 'mdm-package'));
  const cluster = roundOf(starts, 'mdm-cluster');
  assert.is(cluster.length, 1, 'only the primary creates the cluster');
  assert.ok((cluster[0] ?? -1) > mdmPkgDone, 'cluster after every MDM package');
  assert.ok(Math.min(...roundOf(starts, 'sdc')) > (cluster[0] ?? 99), 'SDC after the cluster');
  const primary = Object.values(end.nodes).find((n) => n.role === 'primary')?.agentId ?? '';
  assert.ok(
    Math.min(...roundOf(starts, 'sds', primary)) > (cluster[0] ?? 99),
    "the primary's own SDS waits until its cluster exists (the cluster gates every node)",
  );
  const secondary = Object.values(end.nodes).find((n) => n.role === 'secondary')?.agentId ?? '';
  assert.ok(
    Math.min(...roundOf(starts, 'sds', secondary)) <= (cluster[0] ?? 0),
    'other MDM nodes install their SDS meanwhile',
  );
  const gw = Math.min(...roundOf(starts, 'gateway'));
  assert.ok(
    Math.min(...roundOf(starts, 'storage-objects')) > gw,
    'gateway objects after the gateway',
  );
  assert.is(roundOf(starts, 'storage-objects').length, 5);
  // Five nodes in three fault sets, three of them MDM nodes (alone): the two data nodes may
  // restart together (different fault sets), so four or five restart rounds.
  assert.ok(concurrentRestarts <= 2, 'at most one per fault set, MDMs alone');
  assert.ok(new Set(roundOf(starts, 'agent-restart')).size >= 4);
  assert.ok(progress(end).every((p) => p.phase === 'done' && p.done === p.total));
});

test('per-node phases run in parallel: 50 agents take no more rounds than 3 agents, apart from rolling restarts', () => {
  const many = Array.from({ length: 50 }, (_, i) => agent(`a${i + 1}`, { zone: `z${i % 3}` }));
  const few = many.slice(0, 3);
  const r50 = runToEnd(observeAgents(emptyDeployState(), many, spec), spec, 500);
  const r3 = runToEnd(observeAgents(emptyDeployState(), few, spec), spec, 500);
  const lastNonRestart = (r: typeof r50) =>
    Math.max(...r.starts.filter((x) => x.step !== 'agent-restart').map((x) => x.round));
  assert.ok(deployComplete(r50.state) && deployComplete(r3.state));
  assert.is(lastNonRestart(r50), lastNonRestart(r3));
});

test('the rolling restart: one agent per fault domain at a time, domains in parallel, MDMs alone', () => {
  const twelve = Array.from({ length: 12 }, (_, i) =>
    agent(`a${i + 1}`, { zone: `z${i % 3}`, rack: `r${i % 3}` }, 8 - (i % 4)),
  );
  const r = runToEnd(observeAgents(emptyDeployState(), twelve, spec), spec, 500);
  assert.ok(deployComplete(r.state));
  const byRound = new Map<number, string[]>();
  for (const x of r.starts.filter((x) => x.step === 'agent-restart'))
    byRound.set(x.round, [...(byRound.get(x.round) ?? []), x.agentId]);
  const batches = [...byRound.values()];
  assert.is(batches.flat().length, 12, 'every agent restarted once');
  assert.is(new Set(batches.flat()).size, 12);
  assert.is(r.concurrentRestarts, 3, 'one per fault set: three at once');
  assert.ok(batches.length < 12, `${batches.length} restart rounds`);
  for (const b of batches) {
    const nodes = b.map((id) => r.state.nodes[id]);
    assert.is(new Set(nodes.map((n) => n?.faultSet)).size, b.length, `one per fault set: ${b}`);
    if (nodes.some((n) => n?.role !== 'storage' && n?.role !== 'client'))
      assert.is(b.length, 1, `an MDM node restarts alone: ${b.join(',')}`);
  }
  // A cap of 2 keeps at most two at once; a cap of 1 restarts one agent at a time.
  const two = { ...spec, maxConcurrentRestarts: 2 };
  assert.is(
    runToEnd(observeAgents(emptyDeployState(), twelve, two), two, 500).concurrentRestarts,
    2,
  );
  const one = { ...spec, maxConcurrentRestarts: 1 };
  assert.is(
    runToEnd(observeAgents(emptyDeployState(), twelve, one), one, 500).concurrentRestarts,
    1,
  );
  // Without fault sets the cluster is one domain: one at a time.
  const none = { ...spec, faultSetAttribute: '' };
  assert.is(
    runToEnd(observeAgents(emptyDeployState(), twelve, none), none, 500).concurrentRestarts,
    1,
  );
});

test('observing the same agents again gives back the same state (nothing to save)', () => {
  const s1 = observeAgents(emptyDeployState(), five, spec);
  assert.ok(observeAgents(s1, five, spec) === s1, 'unchanged');
  const moved = five.map((a, i) => (i === 4 ? { ...a, ip: '10.9.9.9' } : a));
  const s2 = observeAgents(s1, moved, spec);
  assert.ok(s2 !== s1, 'a new address is a change');
  assert.is(Object.values(s2.nodes).find((n) => n.agentId === five[4]?.agentId)?.ip, '10.9.9.9');
});

test('a failing step retries with backoff and ends failed with its reason; operator retry resets it', () => {
  let s = observeAgents(emptyDeployState(), five, { ...spec, maxAttempts: 2 });
  const sp = { ...spec, maxAttempts: 2 };
  const a = aid('a4');
  s = applyStepEvent(s, sp, { agentId: a, step: 'prereqs', event: 'start', now: 0 });
  s = applyStepEvent(s, sp, {
    agentId: a,
    step: 'prereqs',
    event: 'fail',
    now: 10,
    reason: 'apt-get exited 100',
  });
  assert.equal(s.nodes[a]?.steps.prereqs, {
    status: 'delayed',
    attempts: 1,
    updatedAt: 10,
    launches: 1,
    notBefore: 10 + spec.retryBaseMs,
    lastError: 'apt-get exited 100',
  });
  assert.is(nextWakeUp(s), 10 + spec.retryBaseMs);
  assert.not.ok(runnableSteps(s, sp, 11).some((r) => r.agentId === a));
  assert.ok(
    runnableSteps(s, sp, 10 + spec.retryBaseMs).some(
      (r) => r.agentId === a && r.step === 'prereqs',
    ),
  );
  s = applyStepEvent(s, sp, { agentId: a, step: 'prereqs', event: 'start', now: 6000 });
  assert.is(s.nodes[a]?.steps.prereqs?.taskId, taskIdFor(a, 'prereqs', 1));
  s = applyStepEvent(s, sp, {
    agentId: a,
    step: 'prereqs',
    event: 'fail',
    now: 6001,
    reason: 'apt-get exited 100',
  });
  assert.is(s.nodes[a]?.steps.prereqs?.status, 'failed');
  assert.is(progress(s).find((p) => p.agentId === a)?.lastError, 'apt-get exited 100');
  s = applyStepEvent(s, sp, { agentId: a, step: 'prereqs', event: 'retry', now: 7000 });
  assert.equal(s.nodes[a]?.steps.prereqs, {
    status: 'pending',
    attempts: 0,
    updatedAt: 7000,
    launches: 2,
  });
});

test('a lost task is relaunched under a new task id, without using an attempt', () => {
  let s = observeAgents(emptyDeployState(), five, spec);
  const a = aid('a1');
  s = applyStepEvent(s, spec, { agentId: a, step: 'prereqs', event: 'start', now: 0 });
  const id = s.nodes[a]?.steps.prereqs?.taskId;
  s = applyStepEvent(s, spec, {
    agentId: a,
    step: 'prereqs',
    event: 'lost',
    now: 1,
    reason: 'agent restarted',
  });
  const [d] = decideOffers(s, spec, [{ offerId: 'o1', agentId: a, cpus: 1, memMb: 2048 }], 2);
  // Mesos refuses an id it still knows, and its proto discourages any reuse: never the same id.
  assert.equal(d, {
    _tag: 'launch',
    offerId: 'o1',
    agentId: a,
    step: 'prereqs',
    taskId: taskIdFor(a, 'prereqs', 1),
  });
  assert.is.not(d?._tag === 'launch' ? d.taskId : '', id);
  assert.is(s.nodes[a]?.steps.prereqs?.attempts, 0);
  assert.equal(parseTaskId(id ?? ''), { step: 'prereqs', attempt: 0, agentId: a });
  assert.is(parseTaskId('someone-elses-task'), undefined);
});

test('offers: one launch per agent, decline unknown agents and small offers, suppress when idle', () => {
  let s = observeAgents(emptyDeployState(), five, spec);
  const ds = decideOffers(
    s,
    spec,
    [
      { offerId: 'o1', agentId: aid('a1'), cpus: 1, memMb: 2048 },
      { offerId: 'o2', agentId: aid('a1'), cpus: 1, memMb: 2048 },
      { offerId: 'o3', agentId: aid('zz'), cpus: 1, memMb: 2048 },
      { offerId: 'o4', agentId: aid('a2'), cpus: 0.01, memMb: 2048 },
    ],
    0,
  );
  assert.equal(
    ds.map((d) => d._tag),
    ['launch', 'decline', 'decline', 'decline'],
  );
  assert.match(ds[3]?._tag === 'decline' ? ds[3].reason : '', /too small/);
  assert.ok(wantsOffers(s, spec, 0));
  s = runToEnd(s, spec).state;
  assert.not.ok(wantsOffers(s, spec, 0));
});

test('a storage node that joins after the deploy gets every data-node step, and its rack fault set', () => {
  let s = runToEnd(observeAgents(emptyDeployState(), five, spec), spec).state;
  const late = agent('a9', { rack: 'r1', zone: 'z1' }, 64);
  s = observeAgents(s, [...five, late], spec);
  const n = s.nodes[aid('a9')];
  assert.is(n?.role, 'storage');
  assert.is(n?.faultSet, 'fs_r1');
  assert.equal(Object.keys(n?.steps ?? {}), DATA_NODE_STEPS);
  assert.ok(wantsOffers(s, spec, 0));
  s = runToEnd(s, spec).state;
  assert.ok(deployComplete(s));
  const objs = storageObjectsFor(s, spec, aid('a9'));
  assert.equal(objs, {
    protectionDomain: 'default',
    faultSet: 'fs_r1',
    sdsName: 'sds_host-a9',
    sdsIp: '10.0.0.9',
    pools: [{ pool: 'default', devices: ['/dev/xvdb'] }],
  });
});

test('existing mode: no MDM steps, SDC runs right after prerequisites', () => {
  const sp: ClusterSpec = { ...spec, mode: 'existing', existingMdmIps: ['10.1.0.1', '10.1.0.2'] };
  const s = observeAgents(emptyDeployState(), five.slice(0, 2), sp);
  assert.equal(Object.keys(s.nodes[aid('a1')]?.steps ?? {}), DATA_NODE_STEPS);
  const end = runToEnd(s, sp);
  assert.ok(deployComplete(end.state));
});

test('agents wait while the MDM roles cannot be filled yet', () => {
  const s = observeAgents(emptyDeployState(), five.slice(0, 2), spec);
  assert.equal(Object.keys(s.nodes), []);
  assert.is(s.waiting.length, 1);
  assert.ok(wantsOffers(s, spec, 0));
});

test('declared storage attributes choose the protection domain, pools and devices', () => {
  const a = agent('a1', {
    rack: 'r0',
    'scaleio-sds-domains': 'pdx',
    'scaleio-sds-pdx': 'fast',
    'scaleio-sds-pdx-fast': '/dev/nvme1n1',
  });
  const s = observeAgents(emptyDeployState(), [a, ...five.slice(1)], spec);
  assert.equal(storageObjectsFor(s, spec, aid('a1'), a.attributes)?.pools, [
    { pool: 'fast', devices: ['/dev/nvme1n1'] },
  ]);
  assert.is(storageObjectsFor(s, spec, aid('a1'), a.attributes)?.protectionDomain, 'pdx');
});

test.run();

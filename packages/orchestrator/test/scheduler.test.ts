// The scheduler core as a pure function: observations in, actions out (table-driven).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  decide,
  initialModel,
  type Action,
  type AgentFacts,
  type Observation,
  type OfferInput,
  type SchedulerModel,
} from '../src/index.js';
import { agent, testSettings } from './fixtures.js';

const settings = testSettings;

const agents = (n: number): AgentFacts[] =>
  Array.from({ length: n }, (_, i) => agent(`a${i}`, { rack: `r${i % 3}` }));
const offer = (a: AgentFacts, id: string, extra: Partial<OfferInput> = {}): OfferInput => ({
  offerId: id,
  agent: a,
  ...extra,
});
const tags = (as: readonly Action[]) => as.map((a) => a._tag);
const of = <T extends Action['_tag']>(as: readonly Action[], t: T) =>
  as.filter((a): a is Extract<Action, { _tag: T }> => a._tag === t);

/** Runs observations in order; returns the last decision and the model it left. */
const run = (obs: readonly Observation[], m0?: SchedulerModel) => {
  let m = m0 ?? initialModel(undefined, settings, 0);
  let last = decide(m, { _tag: 'tick' }, settings, 0);
  for (const o of obs) {
    last = decide(m, o, settings, 1000);
    m = last.model;
  }
  return { m, d: last };
};

test('offers launch one step per node with the deploy state saved first; the rest are declined with refuse seconds and reason', () => {
  const as = agents(3);
  const before = initialModel(undefined, settings, 0);
  const d = decide(
    before,
    { _tag: 'offers', offers: as.map((a, i) => offer(a, `o${i}`)) },
    settings,
    5,
  );
  assert.is.not(d.model.deploy, before.deploy, 'a changed deploy state: the shell saves it first');
  const launches = of(d.actions, 'launch');
  assert.is(launches.length, 3);
  for (const l of launches) {
    assert.is(d.model.deploy.nodes[l.task.agentId]?.steps['prereqs']?.status, 'running');
    assert.is(l.task.secret, false, 'prereqs does not use the password');
    assert.not.ok('password' in l.task.data, 'no secret in the core');
  }
  // A second offer of the same agents: nothing can run (one task per node): declined.
  const d2 = decide(
    d.model,
    { _tag: 'offers', offers: as.map((a, i) => offer(a, `p${i}`)) },
    settings,
    6,
  );
  const declines = of(d2.actions, 'decline');
  assert.equal(
    declines.map((x) => [x.offerIds, x.refuseSeconds]),
    [[['p0', 'p1', 'p2'], 30]],
  );
  assert.match(declines[0]?.reason ?? '', /no step of this node can run now \(3\)/);
  // When the save fails, the shell declines the offers instead.
  assert.equal(tags(d.onSaveFailure), ['decline']);
});

test('offer fit is one rule: the first task on an agent also pays for the executor', () => {
  // Holds a1's next step after prereqs (a package install, 0.1 cpus / 256 MB), not the executor too.
  const small = agent('a1', { rack: 'r1' }, 0.12, 300);
  const base = run([{ _tag: 'offers', offers: agents(3).map((a, i) => offer(a, `o${i}`)) }]).m;
  const m = { ...base };
  const cases: [boolean, string][] = [
    [false, 'decline'],
    [true, 'launch'],
  ];
  for (const [running, expected] of cases) {
    const mm: SchedulerModel = {
      ...m,
      deploy: decide(
        initialModel(undefined, settings, 0),
        {
          _tag: 'offers',
          offers: agents(3).map((a, i) => offer(a, `x${i}`)),
        },
        settings,
        0,
      ).model.deploy,
    };
    // Finish prereqs on a1 so that its next step is runnable, then offer the small offer.
    const tid = mm.deploy.nodes[small.agentId]?.steps['prereqs']?.taskId ?? '';
    const done = decide(
      mm,
      {
        _tag: 'update',
        update: {
          taskId: tid,
          agentId: 'a1',
          state: 'TASK_FINISHED',
          message: undefined,
          data: { step: 'prereqs' },
          uuid: 'u',
        },
      },
      settings,
      1,
    ).model;
    const d = decide(
      done,
      { _tag: 'offers', offers: [offer(small, 's1', { executorRunning: running })] },
      settings,
      2,
    );
    assert.ok(
      tags(d.actions).includes(expected as Action['_tag']),
      `${running}: ${tags(d.actions).join(',')}`,
    );
    if (expected === 'decline')
      assert.match(of(d.actions, 'decline')[0]?.reason ?? '', /with a new executor/);
  }
});

test('declared storage attributes (scaleio-sds-*) reach the gateway step, also after a restart', () => {
  const attrs = {
    'scaleio-sds-domains': 'pdx',
    'scaleio-sds-pdx': 'fast',
    'scaleio-sds-pdx-fast': '/dev/nvme1n1',
  };
  const m0 = run([{ _tag: 'offers', offers: agents(3).map((a, i) => offer(a, `o${i}`)) }]).m;
  const decl = agent('a9', { ...attrs, rack: 'r0' });
  let m = decide(m0, { _tag: 'offers', offers: [offer(decl, 'd1')] }, settings, 1).model;
  // Walk a9 through its steps up to storage-objects: every step done, gateway barrier met.
  const nodes = { ...m.deploy.nodes };
  for (const [id, n] of Object.entries(nodes)) {
    const steps = Object.fromEntries(
      Object.entries(n.steps).map(([k, s]) => [
        k,
        k === 'storage-objects' && id === 'a9' ? s : { ...s, status: 'done' as const },
      ]),
    );
    nodes[id] = { ...n, steps };
  }
  m = { ...m, deploy: { ...m.deploy, nodes } };
  // A restarted scheduler has not seen a9's offer yet: the kept attributes still count.
  const restarted = initialModel(m.deploy, settings, 2);
  const d = decide(restarted, { _tag: 'tick' }, settings, 3);
  const ensure = of(d.actions, 'ensureStorageObjects').find((a) => a.agentId === 'a9');
  assert.equal(ensure?.objects.protectionDomain, 'pdx');
  assert.equal(ensure?.objects.pools, [{ pool: 'fast', devices: ['/dev/nvme1n1'] }]);
});

test('a gateway step left running by a dead scheduler runs again after a restart', () => {
  const { m } = run([{ _tag: 'offers', offers: agents(3).map((a, i) => offer(a, `o${i}`)) }]);
  const n = m.deploy.nodes['a0' as never];
  assert.ok(n);
  const steps = Object.fromEntries(
    Object.entries(n.steps).map(([k, s]) => [
      k,
      { ...s, status: k === 'storage-objects' ? ('running' as const) : ('done' as const) },
    ]),
  );
  const deploy = { ...m.deploy, nodes: { ...m.deploy.nodes, a0: { ...n, steps } } };
  const restarted = initialModel(deploy, settings, 5);
  assert.is(restarted.deploy.nodes['a0' as never]?.steps['storage-objects']?.status, 'pending');
  const d = decide(restarted, { _tag: 'tick' }, settings, 6);
  assert.ok(of(d.actions, 'ensureStorageObjects').some((a) => a.agentId === 'a0'));
});

test('steps whose plan row uses the password are marked secret; the data never carries it', () => {
  const { m } = run([{ _tag: 'offers', offers: agents(3).map((a, i) => offer(a, `o${i}`)) }]);
  // Force every node to the step after prereqs and MDM packages: the primary's mdm-cluster.
  const nodes = Object.fromEntries(
    Object.entries(m.deploy.nodes).map(([id, n]) => [
      id,
      {
        ...n,
        steps: Object.fromEntries(
          Object.entries(n.steps).map(([k, s]) => [
            k,
            k === 'prereqs' || k === 'mdm-package' ? { ...s, status: 'done' as const } : s,
          ]),
        ),
      },
    ]),
  );
  const mm = { ...m, deploy: { ...m.deploy, nodes } };
  const d = decide(
    mm,
    { _tag: 'offers', offers: agents(3).map((a, i) => offer(a, `q${i}`)) },
    settings,
    9,
  );
  const cluster = of(d.actions, 'launch').find(
    (l) => 'step' in l.task.data && l.task.data.step === 'mdm-cluster',
  );
  assert.ok(cluster, tags(d.actions).join(','));
  assert.is(cluster.task.secret, true);
  assert.not.ok('password' in cluster.task.data);
});

test('probes: queued until an offer of a free node, answered by the update; a failed launch declines an unused offer', () => {
  const as = agents(3);
  const { m: m0 } = run([{ _tag: 'offers', offers: as.map((a, i) => offer(a, `o${i}`)) }]);
  const a0 = as[0]!.agentId;
  // a0 is busy with prereqs: the probe waits and a0's offer is declined.
  let m = decide(
    m0,
    {
      _tag: 'probeRequested',
      probe: {
        id: 'p1',
        agentId: a0,
        spec: { kind: 'resolve-device', volumeId: 'vol-1', sizeGiB: 8, guestPaths: ['/dev/xvdf'] },
      },
    },
    settings,
    1,
  ).model;
  assert.ok(m.queuedProbes.length === 1 && !m.suppressed, 'a queued probe wants offers');
  let d = decide(m, { _tag: 'offers', offers: [offer(as[0]!, 'b1')] }, settings, 2);
  assert.equal(
    tags(d.actions).filter((t) => t !== 'log'),
    ['decline'],
  );
  // Every step of a0 done (an idle node): its next offer carries the probe.
  const n = d.model.deploy.nodes[a0]!;
  const idle = {
    ...n,
    steps: Object.fromEntries(
      Object.entries(n.steps).map(([k, s]) => [k, { ...s, status: 'done' as const }]),
    ),
  };
  m = { ...d.model, deploy: { ...d.model.deploy, nodes: { ...d.model.deploy.nodes, [a0]: idle } } };
  d = decide(m, { _tag: 'offers', offers: [offer(as[0]!, 'b2')] }, settings, 3);
  const probe = of(d.actions, 'launch')[0];
  assert.is(probe?.task.data && 'kind' in probe.task.data ? probe.task.data.volumeId : '', 'vol-1');
  assert.is(d.model.queuedProbes.length, 0);
  d = decide(
    d.model,
    {
      _tag: 'update',
      update: {
        taskId: probe?.task.taskId ?? '',
        agentId: 'a0',
        state: 'TASK_FINISHED',
        message: undefined,
        data: { kind: 'resolve-device', path: '/dev/xvdf' },
        uuid: 'u3',
      },
    },
    settings,
    7,
  );
  assert.equal(of(d.actions, 'probeAnswered')[0]?.outcome, { ok: true, path: '/dev/xvdf' });
  assert.equal(
    of(d.actions, 'acknowledge').map((a) => a.uuid),
    ['u3'],
  );
  // A launch the Mesos channel could not carve out of its offer: lost, and the offer declined.
  const f = decide(
    d.model,
    {
      _tag: 'launchFailed',
      taskId: 'scaleio.sdc.0.a1',
      offerId: 'z',
      error: 'no room',
      offerUnused: true,
    },
    settings,
    8,
  );
  assert.equal(
    of(f.actions, 'decline').map((x) => x.offerIds),
    [['z']],
  );
});

test('offer interest: suppressed when idle, revived to discover agents until the next offers, restored when the call fails', () => {
  const empty = initialModel(undefined, settings, 0);
  assert.equal(
    tags(decide(empty, { _tag: 'tick' }, settings, 0).actions),
    [],
    'no nodes yet: offers wanted',
  );
  // Nothing to do at all (every node done): suppress.
  const { m } = run([{ _tag: 'offers', offers: agents(3).map((a, i) => offer(a, `o${i}`)) }]);
  const allDone = {
    ...m,
    deploy: {
      ...m.deploy,
      nodes: Object.fromEntries(
        Object.entries(m.deploy.nodes).map(([id, n]) => [
          id,
          {
            ...n,
            steps: Object.fromEntries(
              Object.entries(n.steps).map(([k, s]) => [k, { ...s, status: 'done' as const }]),
            ),
          },
        ]),
      ),
    },
  };
  const s1 = decide({ ...allDone, suppressed: false }, { _tag: 'tick' }, settings, 1);
  assert.equal(tags(s1.actions), ['suppress']);
  const r = decide(s1.model, { _tag: 'discover' }, settings, 2);
  assert.equal(tags(r.actions), ['revive']);
  assert.equal(tags(decide(r.model, { _tag: 'tick' }, settings, 3).actions), [], 'kept wanted');
  const o = decide(
    r.model,
    { _tag: 'offers', offers: agents(3).map((a, i) => offer(a, `n${i}`)) },
    settings,
    4,
  );
  assert.ok(tags(o.actions).includes('suppress'), 'suppressed again once the offers were seen');
  // A refused SUPPRESS (the master is away): not asked again in a loop, but on a later tick.
  const failed = decide(o.model, { _tag: 'offerInterestFailed', wanted: 'suppress' }, settings, 5);
  assert.is(failed.model.suppressed, false);
  assert.equal(tags(failed.actions), []);
  assert.equal(tags(decide(failed.model, { _tag: 'tick' }, settings, 6).actions), []);
  assert.equal(tags(decide(failed.model, { _tag: 'tick' }, settings, 5 + 1000).actions), [
    'suppress',
  ]);
});

const upd = (taskId: string, state: string, uuid?: string): Observation => ({
  _tag: 'update',
  update: { taskId, agentId: 'a0', state, message: 'agent partitioned', data: undefined, uuid },
});

test('partition aware: an unreachable task keeps its step (nothing relaunched) until it is heard of again', () => {
  const as = agents(3);
  const { m } = run([{ _tag: 'offers', offers: as.map((a, i) => offer(a, `o${i}`)) }]);
  const tid = m.deploy.nodes['a0' as never]?.steps['prereqs']?.taskId ?? '';
  // Master-made updates carry no uuid: never acknowledged.
  let d = decide(m, upd(tid, 'TASK_UNREACHABLE'), settings, 10);
  const st = d.model.deploy.nodes['a0' as never]?.steps['prereqs'];
  assert.equal([st?.status, st?.taskId, st?.unreachableSince], ['running', tid, 10]);
  assert.equal(of(d.actions, 'acknowledge'), []);
  // Its agent's offers (after healing) launch nothing while the task may still run.
  const busy = decide(d.model, { _tag: 'offers', offers: [offer(as[0]!, 'h1')] }, settings, 11);
  assert.equal(of(busy.actions, 'launch'), []);
  d = decide(d.model, upd(tid, 'TASK_RUNNING'), settings, 12);
  assert.is(d.model.deploy.nodes['a0' as never]?.steps['prereqs']?.unreachableSince, undefined);
  assert.equal(tags(d.actions).includes('log'), true);
});

test('an agent gone for good: its node is marked lost and nothing runs there any more', () => {
  const as = agents(3);
  const { m } = run([{ _tag: 'offers', offers: as.map((a, i) => offer(a, `o${i}`)) }]);
  const tid = m.deploy.nodes['a0' as never]?.steps['prereqs']?.taskId ?? '';
  const d = decide(m, upd(tid, 'TASK_GONE_BY_OPERATOR'), settings, 20);
  const n = d.model.deploy.nodes['a0' as never];
  assert.is(n?.goneAt, 20);
  assert.is(n?.steps['prereqs']?.status, 'pending');
  const again = decide(d.model, { _tag: 'offers', offers: [offer(as[0]!, 'g1')] }, settings, 21);
  assert.equal(of(again.actions, 'launch'), []);
});

// Found by the e2e chaos run (seed 2): a launch lost in a partition is answered TASK_GONE by
// explicit reconciliation once its agent is back ("Task is unknown to the agent"); the node was
// marked gone and never finished although its agent was registered.
test('TASK_GONE of a task unknown to its registered agent: the step is launched again, the node stays', () => {
  const as = agents(3);
  const { m } = run([{ _tag: 'offers', offers: as.map((a, i) => offer(a, `o${i}`)) }]);
  const tid = m.deploy.nodes['a0' as never]?.steps['prereqs']?.taskId ?? '';
  const gone: Observation = {
    _tag: 'update',
    update: {
      taskId: tid,
      agentId: 'a0',
      state: 'TASK_GONE',
      reason: 'REASON_RECONCILIATION',
      message: 'Reconciliation: Task is unknown to the agent',
      data: undefined,
      uuid: undefined,
    },
  };
  const d = decide(m, gone, settings, 20);
  const n = d.model.deploy.nodes['a0' as never];
  assert.is(n?.goneAt, undefined, 'its agent is not gone');
  assert.is(n?.steps['prereqs']?.status, 'pending');
  const again = decide(d.model, { _tag: 'offers', offers: [offer(as[0]!, 'g2')] }, settings, 21);
  const launched = of(again.actions, 'launch').map((l) => l.task.taskId);
  assert.is(launched.length, 1, 'launched again');
  assert.is.not(launched[0], tid, 'under a new task id');
  // The master removed the agent: TASK_GONE with REASON_AGENT_REMOVED is the agent gone for good.
  const removed = decide(
    m,
    { ...gone, update: { ...gone.update, reason: 'REASON_AGENT_REMOVED' } },
    settings,
    20,
  );
  assert.is(removed.model.deploy.nodes['a0' as never]?.goneAt, 20);
});

test('after a resubscription, unanswered tasks are asked about again with a doubling delay until answered', () => {
  const as = agents(3);
  const { m } = run([{ _tag: 'offers', offers: as.map((a, i) => offer(a, `o${i}`)) }]);
  let d = decide(m, { _tag: 'subscribed' }, settings, 0);
  assert.is(of(d.actions, 'reconcile')[0]?.tasks.length, 3);
  const asked = (at: number) => {
    d = decide(d.model, { _tag: 'tick' }, settings, at);
    return of(d.actions, 'reconcile').map((r) => r.tasks.length);
  };
  assert.equal(asked(500), [], 'not before the first delay');
  assert.equal(asked(1000), [3]);
  // One task answers (its agent reregistered): the others are asked again after 2 s.
  const tid = m.deploy.nodes['a0' as never]?.steps['prereqs']?.taskId ?? '';
  d = decide(d.model, upd(tid, 'TASK_RUNNING', 'u1'), settings, 1500);
  assert.equal(asked(2999), []);
  assert.equal(asked(3000), [2]);
  assert.equal(asked(6999), []);
  assert.equal(asked(7000), [2], 'then after 4 s');
});

test.run();

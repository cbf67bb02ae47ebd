// Offer interest at scale: declines carry the refuse seconds the plan implies (long when a node
// has no work left, until the backoff ends when a step is delayed), a steady cluster is SUPPRESSed,
// and a node declined with a long filter that gets work again is REVIVEd (which removes every
// filter). Also the memo of runnableSteps across time and the skipped re-observation of agents.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  decide,
  initialModel,
  NO_WORK_REFUSE_SECONDS,
  refuseSecondsFor,
  runnableSteps,
  type Action,
  type AgentFacts,
  type DeployState,
  type NodeState,
  type SchedulerModel,
} from '../src/index.js';
import { agent, aid, testSettings as settings } from './fixtures.js';

const spec = settings.spec;
const agents: AgentFacts[] = Array.from({ length: 6 }, (_, i) =>
  agent(`a${i}`, { rack: `r${i % 3}` }),
);
const offers = (round: string, as: readonly AgentFacts[] = agents) => ({
  _tag: 'offers' as const,
  offers: as.map((a) => ({ offerId: `${round}-${a.agentId}`, agent: a })),
});
const of = <T extends Action['_tag']>(as: readonly Action[], t: T) =>
  as.filter((a): a is Extract<Action, { _tag: T }> => a._tag === t);

/** Every node of `d` with its steps set by `f` (default: all done). */
const withSteps = (
  d: DeployState,
  f: (n: NodeState, step: string) => NodeState['steps'][string] = () => ({
    status: 'done',
    attempts: 0,
  }),
): DeployState => ({
  ...d,
  nodes: Object.fromEntries(
    Object.entries(d.nodes).map(([id, n]) => [
      id,
      { ...n, steps: Object.fromEntries(Object.keys(n.steps).map((k) => [k, f(n, k)])) },
    ]),
  ),
});

/** A deployed cluster: the roles the core chose for `agents`, every step done. */
const deployed = (): SchedulerModel => {
  const first = decide(initialModel(undefined, settings, 0), offers('o0'), settings, 0).model;
  return initialModel(withSteps(first.deploy), settings, 0);
};

test('refuse seconds match the plan: no work long, a backoff until it ends, anything else the default', () => {
  const m = deployed();
  const a0 = aid('a0');
  assert.is(refuseSecondsFor(m.deploy, spec, a0, 0), NO_WORK_REFUSE_SECONDS);
  assert.is(refuseSecondsFor(m.deploy, spec, aid('stranger'), 0), spec.declineRefuseSeconds);
  const one = (status: 'pending' | 'running' | 'delayed' | 'failed', notBefore?: number) =>
    withSteps(m.deploy, (n, k) =>
      n.agentId === a0 && k === 'sdc'
        ? { status, attempts: 1, ...(notBefore === undefined ? {} : { notBefore }) }
        : { status: 'done', attempts: 0 },
    );
  assert.is(refuseSecondsFor(one('delayed', 90_500), spec, a0, 1000), 90);
  assert.is(refuseSecondsFor(one('delayed', 500), spec, a0, 1000), spec.declineRefuseSeconds);
  assert.is(refuseSecondsFor(one('pending'), spec, a0, 0), spec.declineRefuseSeconds);
  assert.is(refuseSecondsFor(one('running'), spec, a0, 0), spec.declineRefuseSeconds);
  assert.is(refuseSecondsFor(one('failed'), spec, a0, 0), NO_WORK_REFUSE_SECONDS);
  const pending = one('pending');
  const gone = { ...pending, nodes: { ...pending.nodes } };
  gone.nodes[a0] = { ...(gone.nodes[a0] as NodeState), goneAt: 5 };
  assert.is(refuseSecondsFor(gone, spec, a0, 0), NO_WORK_REFUSE_SECONDS, 'its agent is gone');
});

test('a steady cluster: every offer declined for a day, offers suppressed, nothing saved', () => {
  const m = deployed();
  const d = decide(m, offers('o1'), settings, 1000);
  const declines = of(d.actions, 'decline');
  assert.equal(
    declines.map((x) => [x.offerIds.length, x.refuseSeconds]),
    [[agents.length, NO_WORK_REFUSE_SECONDS]],
  );
  assert.ok(of(d.actions, 'suppress').length === 1, 'SUPPRESS: nothing to do');
  assert.is(d.model.deploy, m.deploy, 'nothing to save');
  assert.equal([...(d.model.longRefused ?? [])].sort(), agents.map((a) => a.agentId).sort());
  // The same offers again decide the same, without a new set of refused agents.
  const again = decide(d.model, offers('o2'), settings, 2000);
  assert.is(again.model.longRefused, d.model.longRefused);
  assert.equal(of(again.actions, 'suppress'), [], 'already suppressed');
});

test('a long-refused node with work again is REVIVEd even while offers flow; REVIVE forgets the filters', () => {
  const m = deployed();
  const steady = decide(m, offers('o1'), settings, 1000).model;
  // Another node still works (so offers are not suppressed) while a0 fails a step.
  const working = withSteps(steady.deploy, (n, k) =>
    n.agentId === aid('a1') && k === 'rexray'
      ? { status: 'pending', attempts: 0 }
      : n.agentId === aid('a0') && k === 'sdc'
        ? { status: 'failed', attempts: 5 }
        : { status: 'done', attempts: 0 },
  );
  const busy: SchedulerModel = { ...steady, deploy: working, suppressed: false };
  // a1 was declined for a day and has work now: REVIVE, which removes every filter.
  const woke = decide(busy, { _tag: 'tick' }, settings, 2000);
  assert.equal(of(woke.actions, 'revive').length, 1);
  assert.is(woke.model.longRefused?.size, 0);
  // Every agent but a1 offers: a0 (a failed step is no work) and the others are refused long,
  // and offers keep flowing for a1.
  const others = agents.filter((a) => a.agentId !== aid('a1'));
  const flowing = decide(woke.model, offers('o2', others), settings, 2500);
  assert.equal(
    of(flowing.actions, 'decline').map((x) => x.refuseSeconds),
    [NO_WORK_REFUSE_SECONDS],
  );
  assert.equal(of(flowing.actions, 'suppress'), []);
  assert.ok(flowing.model.longRefused?.has(aid('a0')));
  const retried = decide(flowing.model, { _tag: 'retryNode', agentId: aid('a0') }, settings, 3000);
  assert.equal(of(retried.actions, 'revive').length, 1, 'its offers are needed now');
  assert.is(retried.model.longRefused?.size, 0);
  // Its next offer launches the step.
  const launched = decide(retried.model, offers('o3', [agents[0] as AgentFacts]), settings, 4000);
  assert.equal(
    of(launched.actions, 'launch').map((l) => l.task.agentId),
    [aid('a0')],
  );
});

test('a probe for a long-refused agent REVIVEs', () => {
  const steady = decide(deployed(), offers('o1'), settings, 1000).model;
  const d = decide(
    { ...steady, suppressed: false },
    {
      _tag: 'probeRequested',
      probe: {
        id: 'p1',
        agentId: aid('a2'),
        spec: { kind: 'resolve-device', volumeId: 'vol-1', sizeGiB: 8, guestPaths: ['/dev/xvdf'] },
      },
    },
    settings,
    2000,
  );
  assert.equal(of(d.actions, 'revive').length, 1);
});

test('runnableSteps is remembered per state, and a backoff that ends between two calls is seen', () => {
  const m = deployed();
  const delayed = withSteps(m.deploy, (n, k) =>
    n.agentId === aid('a0') && k === 'sdc'
      ? { status: 'delayed', attempts: 1, notBefore: 5000 }
      : { status: 'done', attempts: 0 },
  );
  const before = runnableSteps(delayed, spec, 4000);
  assert.equal(before, []);
  assert.is(runnableSteps(delayed, spec, 4999), before, 'the same answer, not a new scan');
  assert.equal(
    runnableSteps(delayed, spec, 5000).map((r) => [r.agentId, r.step]),
    [[aid('a0'), 'sdc']],
  );
  assert.equal(runnableSteps(delayed, spec, 4000), [], 'and back');
});

test('agents whose facts changed are observed again (the skip holds only for unchanged ones)', () => {
  const steady = decide(deployed(), offers('o1'), settings, 1000).model;
  const moved = agents.map((a) => (a.agentId === aid('a3') ? { ...a, ip: '10.9.9.9' } : a));
  const d = decide(steady, offers('o2', moved), settings, 2000);
  assert.is(d.model.deploy.nodes[aid('a3')]?.ip, '10.9.9.9');
});

test('a (re)subscription REVIVEs: filters set before it (by an earlier scheduler) are unknown to this model', () => {
  const m = deployed();
  const declined = decide(m, offers('o1'), settings, 1000).model;
  const r = decide(declined, { _tag: 'subscribed' }, settings, 2000);
  assert.is(of(r.actions, 'revive').length, 1);
  assert.is(r.model.longRefused?.size ?? 0, 0);
});

test.run();

// The rolling upgrade's pure core: plan order, the transition table, and the decisions over
// gateway facts (health gate, maintenance, failure stops the plan, pause and resume).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  decideUpgrade,
  emptyDeployState,
  gatewayVersionOf,
  healthProblems,
  outdated,
  pauseUpgrade,
  recoverUpgrade,
  startUpgrade,
  upgradePlan,
  upgradeTransition,
  applyUpgradeEvent,
  type AgentId,
  type DeployState,
  type Role,
  type UpgradeFacts,
  type UpgradeState,
} from '../src/index.js';

const OLD = 'R2_0.10000.0';
const TARGET = '2.0-13000.211';
const NEW = gatewayVersionOf(TARGET);

const roles: [string, Role][] = [
  ['a1', 'primary'],
  ['a2', 'secondary'],
  ['a3', 'secondary'],
  ['a4', 'tiebreaker'],
  ['a5', 'tiebreaker'],
];

const deployed = (): DeployState => {
  const s = emptyDeployState();
  for (const [i, [id, role]] of roles.entries())
    s.nodes[id] = {
      agentId: id as AgentId,
      hostname: `h${i + 1}`,
      ip: `10.0.0.${i + 1}`,
      role,
      faultSet: '',
      devices: [],
      steps: {},
    };
  return s;
};

/** Facts with every component at `v`, the master on `master`, everything healthy. */
const facts = (v: string, master = '10.0.0.1'): UpgradeFacts => ({
  clusterState: 'ClusteredNormal',
  mdms: roles.map((_, i) => {
    const ip = `10.0.0.${i + 1}`;
    return {
      ips: [ip],
      role: ip === master ? 'master' : i >= 3 ? 'tieBreaker' : 'slave',
      status: ip === master ? undefined : 'Normal',
      version: v,
    };
  }),
  sdss: roles.map((_, i) => ({
    ips: [`10.0.0.${i + 1}`],
    online: true,
    maintenance: false,
    version: v,
  })),
  sdcs: roles.map((_, i) => ({ ip: `10.0.0.${i + 1}`, connected: true, version: v })),
  pools: [{ name: 'default', degradedKb: 0, movingKb: 0 }],
});

const settings = { target: TARGET, verifyTimeoutMs: 60_000 };

test('gatewayVersionOf: the object-level version of a package version', () => {
  assert.is(gatewayVersionOf('2.0-10000.2072'), OLD);
  assert.is(NEW, 'R2_0.13000.0');
});

test('plan: gateway and LIA on MDM nodes, secondaries and tiebreakers, the switch, the old master, then SDSs and SDCs one at a time', () => {
  const plan = upgradePlan(deployed(), 'full');
  assert.equal(
    plan.map((s) => `${s.id}@${s.hostname}`),
    [
      'gateway:a2@h2',
      'gateway:a3@h3',
      'gateway:a4@h4',
      'gateway:a5@h5',
      'gateway:a1@h1',
      'lia:a2@h2',
      'lia:a3@h3',
      'lia:a4@h4',
      'lia:a5@h5',
      'lia:a1@h1',
      'mdm:a2@h2',
      'mdm:a3@h3',
      'mdm:a4@h4',
      'mdm:a5@h5',
      'mdm:switch-ownership@h1',
      'mdm:a1@h1',
      'sds:a1@h1',
      'sds:a2@h2',
      'sds:a3@h3',
      'sds:a4@h4',
      'sds:a5@h5',
      'sdc:a1@h1',
      'sdc:a2@h2',
      'sdc:a3@h3',
      'sdc:a4@h4',
      'sdc:a5@h5',
    ],
  );
  assert.is(plan.find((s) => s.kind === 'switch-ownership')?.newMasterIp, '10.0.0.2');
  assert.ok(plan.filter((s) => s.phase === 'sds').every((s) => s.maintenance));
  assert.equal(
    upgradePlan(deployed(), 'existing').map((s) => s.phase),
    [...Array<string>(5).fill('sds'), ...Array<string>(5).fill('sdc')],
  );
});

test('transition table: one path to done, failures stop, retry only from failed', () => {
  assert.is(upgradeTransition('pending', 'start'), 'running');
  assert.is(upgradeTransition('running', 'applied'), 'verifying');
  assert.is(upgradeTransition('verifying', 'verified'), 'done');
  assert.is(upgradeTransition('running', 'fail'), 'failed');
  assert.is(upgradeTransition('failed', 'retry'), 'pending');
  assert.is(upgradeTransition('running', 'lost'), 'pending');
  assert.is(upgradeTransition('done', 'fail'), undefined);
  assert.is(upgradeTransition('pending', 'retry'), undefined);
});

test('health gate: cluster state, degraded or moving capacity, SDS offline or in maintenance', () => {
  const f = facts(OLD);
  assert.equal(healthProblems(f), []);
  assert.equal(
    healthProblems({
      ...f,
      clusterState: 'ClusteredDegraded',
      pools: [{ name: 'p', degradedKb: 5, movingKb: 7 }],
      sdss: [{ ips: ['10.0.0.9'], online: false, maintenance: true, version: OLD }],
    }),
    [
      'the MDM cluster is ClusteredDegraded',
      'pool p has 5 KiB degraded',
      'pool p is rebuilding or rebalancing 7 KiB',
      'SDS 10.0.0.9 is offline',
      'SDS 10.0.0.9 is in maintenance mode',
    ],
  );
  assert.equal(outdated(facts(NEW), TARGET), []);
  assert.is(outdated(facts(OLD), TARGET).length, 15);
});

/**
 * Drives the decisions the way the scheduler does, against a tiny model of the system: a task
 * sets its component to the new version; a failing host's task fails.
 */
const drive = (
  state0: UpgradeState,
  f0: UpgradeFacts,
  failOn: string | undefined,
  maxRounds = 200,
) => {
  const plan = upgradePlan(deployed(), 'full');
  let state = state0;
  let f: UpgradeFacts = structuredClone(f0) as UpgradeFacts;
  const ran: string[] = [];
  let now = 1_000;
  for (let i = 0; i < maxRounds; i++) {
    now += 1_000;
    const d = decideUpgrade(state, plan, f, settings, now);
    state = d.state;
    const a = d.action;
    if (a._tag === 'finished' || a._tag === 'stopped' || a._tag === 'wait')
      return { state, action: a, ran, facts: f };
    if (a._tag === 'maintenance') {
      f = {
        ...f,
        sdss: f.sdss.map((s) => (s.ips.includes(a.step.ip) ? { ...s, maintenance: a.enter } : s)),
      };
      ran.push(`${a.enter ? 'enter' : 'exit'} ${a.step.ip}`);
      continue;
    }
    const step = a.step;
    state = applyUpgradeEvent(state, step.id, 'start', now);
    ran.push(step.id);
    if (failOn === step.hostname && step.phase === 'sds') {
      state = applyUpgradeEvent(state, step.id, 'fail', now, { error: 'rpm: injected failure' });
      continue;
    }
    if (step.kind === 'switch-ownership')
      f = {
        ...f,
        mdms: f.mdms.map((m) => ({
          ...m,
          role: m.ips.includes(step.newMasterIp ?? '')
            ? 'master'
            : m.role === 'master'
              ? 'slave'
              : m.role,
          status: m.ips.includes(step.newMasterIp ?? '') ? undefined : 'Normal',
        })),
      };
    else if (step.component === 'mdm')
      f = { ...f, mdms: f.mdms.map((m) => (m.ips.includes(step.ip) ? { ...m, version: NEW } : m)) };
    else if (step.component === 'sds')
      f = { ...f, sdss: f.sdss.map((s) => (s.ips.includes(step.ip) ? { ...s, version: NEW } : s)) };
    else if (step.component === 'sdc')
      f = { ...f, sdcs: f.sdcs.map((c) => (c.ip === step.ip ? { ...c, version: NEW } : c)) };
    state = applyUpgradeEvent(state, step.id, 'applied', now, {
      ...(step.component === 'lia' || step.component === 'gateway'
        ? { reported: { [step.component]: `${TARGET}.Ubuntu.20.04` } }
        : {}),
    });
  }
  throw new Error('did not settle');
};

test('decide: the whole plan in order, SDSs inside maintenance, the switch before the old master', () => {
  const plan = upgradePlan(deployed(), 'full');
  const r = drive(startUpgrade(plan, TARGET, OLD, 0), facts(OLD), undefined);
  assert.is(r.action._tag, 'finished');
  assert.ok(r.state.finishedAt !== undefined);
  assert.equal(
    r.ran.slice(0, 16),
    plan.slice(0, 16).map((s) => s.id),
  );
  assert.equal(r.ran.slice(16, 19), ['enter 10.0.0.1', 'sds:a1', 'exit 10.0.0.1']);
  assert.ok(r.state.order.every((id) => r.state.steps[id]?.status === 'done'));
  assert.equal(outdated(r.facts, TARGET), []);
});

test('decide: a failure on the third SDS stops the plan there with no SDS left in maintenance; resume finishes it', () => {
  const plan = upgradePlan(deployed(), 'full');
  const stopped = drive(startUpgrade(plan, TARGET, OLD, 0), facts(OLD), 'h3');
  assert.is(stopped.action._tag, 'stopped');
  assert.is(stopped.state.steps['sds:a3']?.status, 'failed');
  assert.is(stopped.state.steps['sds:a3']?.lastError, 'rpm: injected failure');
  assert.is(stopped.state.steps['sds:a4']?.status, 'pending', 'nothing after it ran');
  assert.equal(stopped.ran.slice(-2), ['sds:a3', 'exit 10.0.0.3']);
  assert.ok(stopped.facts.sdss.every((s) => !s.maintenance));
  assert.equal(healthProblems(stopped.facts), []);
  const resumed = drive(pauseUpgrade(stopped.state, false, 5_000_000), stopped.facts, undefined);
  assert.is(resumed.action._tag, 'finished');
  assert.equal(outdated(resumed.facts, TARGET), []);
});

test('decide: paused waits before the next step; unhealthy waits; an applied step times out into failed', () => {
  const plan = upgradePlan(deployed(), 'full');
  const s0 = pauseUpgrade(startUpgrade(plan, TARGET, OLD, 0), true, 0);
  assert.equal(decideUpgrade(s0, plan, facts(OLD), settings, 1).action, {
    _tag: 'wait',
    reason: 'paused by the operator',
  });
  const s1 = startUpgrade(plan, TARGET, OLD, 0);
  const sick = { ...facts(OLD), clusterState: 'ClusteredDegraded' };
  const w = decideUpgrade(s1, plan, sick, settings, 1).action;
  assert.is(w._tag, 'wait');
  assert.match(w._tag === 'wait' ? w.reason : '', /ClusteredDegraded/);
  let s2 = applyUpgradeEvent(s1, 'gateway:a2', 'start', 10);
  s2 = applyUpgradeEvent(s2, 'gateway:a2', 'applied', 20);
  const waiting = decideUpgrade(s2, plan, facts(OLD), settings, 30).action;
  assert.equal(waiting, { _tag: 'wait', reason: 'gateway:a2: the gateway reported no version' });
  const late = decideUpgrade(s2, plan, facts(OLD), settings, 20 + 61_000);
  assert.is(late.action._tag, 'stopped');
  assert.match(
    late.state.steps['gateway:a2']?.lastError ?? '',
    /not healthy at 2\.0-13000\.211 61 s/,
  );
});

test('decide: steps already at the target are checked done without running; a restart loses running steps', () => {
  const plan = upgradePlan(deployed(), 'existing');
  const r = decideUpgrade(startUpgrade(plan, TARGET, OLD, 0), plan, facts(NEW), settings, 1);
  assert.is(r.action._tag, 'finished');
  const full = upgradePlan(deployed(), 'full');
  const running = applyUpgradeEvent(startUpgrade(full, TARGET, OLD, 0), 'lia:a2', 'start', 1);
  assert.is(recoverUpgrade(running, 2).steps['lia:a2']?.status, 'pending');
  assert.is(full[0]?.phase, 'gateway');
});

test.run();

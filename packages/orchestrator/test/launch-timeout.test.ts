// The launch timeout: a task that stays TASK_STAGING (its launch lost on the way to the agent) is
// killed and launched again under a new task id only once it is known not to run. State-based:
// each case drives `decide` with observations and reads the model and actions it leaves.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  decide,
  initialModel,
  killResendMs,
  type Action,
  type Observation,
  type SchedulerModel,
  type SchedulerSettings,
} from '../src/index.js';
import { agent, testSettings } from './fixtures.js';

const TIMEOUT = 10_000;
const settings: SchedulerSettings = { ...testSettings, launchTimeoutMs: TIMEOUT };
const of = <T extends Action['_tag']>(as: readonly Action[], t: T) =>
  as.filter((a): a is Extract<Action, { _tag: T }> => a._tag === t);
const as = [agent('a0', { rack: 'r0' }), agent('a1', { rack: 'r1' }), agent('a2', { rack: 'r2' })];
const offers = (tag: string): Observation => ({
  _tag: 'offers',
  offers: as.map((a, i) => ({ offerId: `${tag}${i}`, agent: a })),
});
const update = (
  taskId: string,
  state: string,
  extra: { reason?: string; uuid?: string; agentId?: string } = {},
): Observation => ({
  _tag: 'update',
  update: {
    taskId,
    agentId: extra.agentId ?? 'a0',
    state,
    message: undefined,
    reason: extra.reason,
    data: undefined,
    uuid: extra.uuid,
  },
});
const tick: Observation = { _tag: 'tick' };
const prereqs = (m: SchedulerModel, id = 'a0') => {
  const step = m.deploy.nodes[id as never]?.steps['prereqs'];
  if (step === undefined) throw new Error(`no prereqs step on ${id}`);
  return step;
};

/** Three nodes launched their first step at t=0; a1 and a2 report TASK_RUNNING, a0 stays staging. */
const launched = () => {
  let m = initialModel(undefined, settings, 0);
  const d = decide(m, offers('o'), settings, 0);
  m = d.model;
  assert.is(of(d.actions, 'launch').length, 3);
  for (const id of ['a1', 'a2'])
    m = decide(
      m,
      update(prereqs(m, id).taskId ?? '', 'TASK_RUNNING', { agentId: id, uuid: 'u' }),
      settings,
      100,
    ).model;
  return { m, task: prereqs(m).taskId ?? '' };
};

/** Decides observations in order at the given times; returns the model and all actions. */
const play = (m0: SchedulerModel, steps: readonly [number, Observation][]) => {
  let m = m0;
  const actions: Action[] = [];
  for (const [at, o] of steps) {
    const d = decide(m, o, settings, at);
    m = d.model;
    actions.push(...d.actions);
  }
  return { m, actions };
};

test('a task still staging after the launch timeout is killed (only it); its TASK_DROPPED relaunches the step under a new id, no attempt used', () => {
  const { m, task } = launched();
  assert.equal(of(play(m, [[TIMEOUT - 1, tick]]).actions, 'kill'), [], 'not before the timeout');
  const killed = play(m, [[TIMEOUT, tick]]);
  assert.equal(of(killed.actions, 'kill'), [{ _tag: 'kill', taskId: task, agentId: 'a0' }]);
  assert.is(prereqs(killed.m).status, 'running', 'the step waits for the answer');
  assert.equal(of(play(killed.m, [[TIMEOUT + 100, offers('p')]]).actions, 'launch'), []);
  // The agent runs our executor but never got the task: "Cannot find executor".
  const dropped = play(killed.m, [
    [
      TIMEOUT + 200,
      update(task, 'TASK_DROPPED', { reason: 'REASON_EXECUTOR_TERMINATED', uuid: 'u1' }),
    ],
  ]);
  assert.equal(
    of(dropped.actions, 'acknowledge').map((a) => a.uuid),
    ['u1'],
  );
  const step = prereqs(dropped.m);
  assert.equal([step.status, step.attempts], ['pending', 0]);
  const again = play(dropped.m, [[TIMEOUT + 300, offers('q')]]);
  const relaunch = of(again.actions, 'launch').find((l) => l.task.agentId === 'a0');
  assert.ok(relaunch, 'the step is launched again');
  assert.is.not(relaunch.task.taskId, task, 'under a new task id');
  assert.is(relaunch.task.taskId, 'scaleio.prereqs.1.a0');
  assert.equal(
    of(play(again.m, [[TIMEOUT * 3, tick]]).actions, 'kill').map((k) => k.taskId),
    [relaunch.task.taskId],
    'the old task is no longer watched; the new one is',
  );
});

test('TASK_KILLED answering our KILL is a lost launch (no attempt used); a TASK_KILLED we did not ask for uses an attempt', () => {
  const { m, task } = launched();
  const ours = play(m, [
    [TIMEOUT, tick],
    [
      TIMEOUT + 50,
      update(task, 'TASK_KILLED', { reason: 'REASON_TASK_KILLED_DURING_LAUNCH', uuid: 'k' }),
    ],
  ]);
  assert.equal([prereqs(ours.m).status, prereqs(ours.m).attempts], ['pending', 0]);
  const theirs = play(m, [[50, update(task, 'TASK_KILLED', { uuid: 'k' })]]);
  assert.equal([prereqs(theirs.m).status, prereqs(theirs.m).attempts], ['delayed', 1]);
});

test('a KILL the agent ignores: sent again with a reconciliation; relaunched one timeout after the first KILL only when the master confirmed the task still staging', () => {
  const { m, task } = launched();
  const resend = killResendMs(TIMEOUT);
  const first = play(m, [[TIMEOUT, tick]]);
  const r = play(first.m, [
    [TIMEOUT + resend - 1, tick],
    [TIMEOUT + resend, tick],
  ]);
  assert.is(of(r.actions, 'kill').length, 1, 'sent again once, at the resend period');
  assert.equal(of(r.actions, 'reconcile'), [
    { _tag: 'reconcile', tasks: [{ taskId: task, agentId: 'a0' }] },
  ]);
  // No answer at all (the master away): never relaunched.
  const silent = play(r.m, [[TIMEOUT * 5, tick]]);
  assert.is(prereqs(silent.m).status, 'running', 'no answer: still waiting');
  // The master answers TASK_STAGING (no uuid): it holds the task; the agent said nothing.
  const confirmed = play(r.m, [
    [TIMEOUT + resend + 10, update(task, 'TASK_STAGING', { reason: 'REASON_RECONCILIATION' })],
  ]);
  assert.equal(
    of(confirmed.actions, 'acknowledge'),
    [],
    'a master-made update is not acknowledged',
  );
  assert.is(prereqs(play(confirmed.m, [[2 * TIMEOUT - 1, tick]]).m).status, 'running');
  const lost = play(confirmed.m, [[2 * TIMEOUT, tick]]);
  const step = prereqs(lost.m);
  assert.equal([step.status, step.attempts], ['pending', 0]);
  assert.match(step.lastError ?? '', /did not answer the KILL/);
  const relaunch = of(play(lost.m, [[2 * TIMEOUT + 1, offers('z')]]).actions, 'launch').find(
    (l) => l.task.agentId === 'a0',
  );
  assert.is(relaunch?.task.taskId, 'scaleio.prereqs.1.a0');
});

test('a task reported TASK_UNREACHABLE is not killed while its agent is cut off; the wait starts anew when the agent reregisters', () => {
  const { m, task } = launched();
  const cut = play(m, [
    [TIMEOUT - 100, update(task, 'TASK_UNREACHABLE', { reason: 'REASON_AGENT_REMOVED' })],
    [TIMEOUT * 4, tick],
  ]);
  assert.equal(of(cut.actions, 'kill'), []);
  assert.ok(prereqs(cut.m).unreachableSince !== undefined);
  const back = play(cut.m, [
    [TIMEOUT * 4 + 1, update(task, 'TASK_STAGING', { reason: 'REASON_AGENT_REREGISTERED' })],
    [TIMEOUT * 5, tick],
  ]);
  assert.equal(of(back.actions, 'kill'), [], 'a fresh timeout from the reregistration');
  assert.is(of(play(back.m, [[TIMEOUT * 5 + 1, tick]]).actions, 'kill').length, 1);
});

test('a task heard TASK_STARTING or TASK_RUNNING is never killed; a restarted scheduler counts an inherited task once the master says it is still staging', () => {
  const { m, task } = launched();
  const started = play(m, [
    [10, update(task, 'TASK_STARTING', { uuid: 's' })],
    [TIMEOUT * 10, tick],
  ]);
  assert.equal(of(started.actions, 'kill'), []);
  assert.is(started.m.staging.size, 0);
  const restarted = initialModel(m.deploy, settings, 50_000);
  assert.is(restarted.staging.size, 3, 'every running task, from the restart on');
  assert.equal(
    of(play(restarted, [[50_000 + TIMEOUT * 3, tick]]).actions, 'kill'),
    [],
    'not before the master said it is still staging (it most likely runs)',
  );
  const others = [...restarted.staging.keys()].filter((t) => t !== task);
  const d = play(restarted, [
    // The reconciliation at subscribe: a0 still staging, a1 running, a2 not answered yet.
    [50_001, update(task, 'TASK_STAGING', { reason: 'REASON_RECONCILIATION' })],
    [
      50_002,
      update(others[0] ?? '', 'TASK_RUNNING', { agentId: 'a1', reason: 'REASON_RECONCILIATION' }),
    ],
    [50_000 + TIMEOUT - 1, tick],
    [50_000 + TIMEOUT, tick],
  ]);
  assert.equal(
    of(d.actions, 'kill').map((k) => k.taskId),
    [task],
    'only the task known to be staging, counted from the restart',
  );
});

test.run();

// A launch lost in a partition shorter than the master's health-check window (chaos seeds 11 and
// 13): the master keeps the task TASK_STAGING and nothing ever changes that, so the scheduler's
// launch timeout kills it and, once it is known not to run, launches the step again under a new
// task id. Judged from mesos-sim's own records. Every Mesos message validates against the protos.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { withClusterRun } from '../src/deploy.js';
import { agentStatus, facts, toldAbout, until } from '../src/fault-scenario.js';
import { duplicateLaunches, reusedTaskIds, stepOf } from '../src/mesos-truth.js';
import { assertWireValid } from '../src/wire.js';

const TIMEOUT = 60_000;
/** A 10 s health-check window (2.5 s × 4): the partition below ends before the master notices. */
const TIMING = {
  agentPingTimeoutMs: 2500,
  maxAgentPingTimeouts: 4,
  agentReregisterDelayMs: 1000,
  agentReregisterTimeoutMs: 30_000,
};

test('a first launch lost in a short partition: killed after --launch-timeout, the KILL ignored by an agent running nothing of ours, the step launched again under a new id; the deploy completes, nothing ran twice', () =>
  withClusterRun(
    { agents: 3, timing: TIMING },
    async ({ c, sched }) => {
      const f = facts(TIMEOUT);
      const agent = c.mesos.agents[2];
      if (agent === undefined) throw new Error('no third agent');
      // Partitioned from before the scheduler subscribed: its first launch there is lost.
      const lost = await until(
        () =>
          c.mesos.history().tasks.find((t) => t.agentId === agent.id && t.outcome === 'launched'),
        8000,
        `a launch to ${agent.hostname} while it is cut off`,
      ).finally(() => c.mesos.healAgent(agent.id));
      f.check(
        agentStatus(c, agent.id) === 'registered',
        'the partition ended before the health-check window: the master never noticed',
      );
      await f.deploy(sched.url);
      console.log(`  lost ${lost.taskId}; told (* = no uuid): ${toldAbout(c, agent.id)}`);
      const runs = c.mesos.history().tasks.filter((t) => t.agentId === agent.id);
      const sameStep = runs.filter((t) => stepOf(t) === stepOf(lost) && t !== lost);
      f.check(!lost.delivered, `${lost.taskId} never reached the agent`);
      f.check(
        sameStep.some((t) => t.delivered && t.agentState === 'TASK_FINISHED'),
        `${stepOf(lost)} ran on ${agent.hostname} under a new id: ${sameStep.map((t) => t.taskId).join(', ')}`,
      );
      f.none(reusedTaskIds(c.mesos), 'task ids reused');
      f.none(duplicateLaunches(c.mesos), 'steps that ran twice on a node');
      assertWireValid(c.wire);
      assert.equal(f.wrong, []);
    },
    (run, c) => {
      const agent = c.mesos.agents[2];
      if (agent !== undefined) c.mesos.partitionAgent(agent.id);
      return run.start(['--launch-timeout', '3']);
    },
  ));

test.run();

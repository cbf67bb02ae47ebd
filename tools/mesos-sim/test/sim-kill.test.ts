// KILL of a task whose launch never reached its agent (lost in a partition the master had not
// noticed), as Mesos 1.12.0 answers it: slave.cpp `Slave::killTask` (see src/agent/control.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { executorTask, launchBody, subscribeScheduler, testExecutor } from './support/cluster.js';
import { offerOf, PARTITION_AWARE, updatesOf, withFaultSim } from './support/faults.js';
import { schemaProblems } from './support/scheduler.js';

/** A partition of 200 ms: shorter than the 900 ms health-check window, so nobody notices. */
const TIMING = { agentPingTimeoutMs: 300 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const reconcileBody = (taskId: string, agentId: string) => ({
  reconcile: { tasks: [{ task_id: { value: taskId }, agent_id: { value: agentId } }] },
});
const killBody = (taskId: string, agentId: string) => ({
  kill: { task_id: { value: taskId }, agent_id: { value: agentId } },
});

test('a launch lost in a short partition stays TASK_STAGING; a KILL of it on an agent running our executor is answered TASK_DROPPED "Cannot find executor" (reliable, with uuid)', () =>
  withFaultSim({ agents: 1, timing: TIMING }, async (sim, artifacts) => {
    const s = await subscribeScheduler(sim, {
      failover_timeout: 60,
      checkpoint: true,
      capabilities: PARTITION_AWARE,
    });
    const a1 = sim.agents[0]?.id as string;
    try {
      const exec = testExecutor(artifacts);
      const o1 = await offerOf(s, a1);
      await s.call('ACCEPT', launchBody([o1.id.value], [executorTask('a', a1, exec)]));
      assert.is(await s.ack(await s.update('a', 'TASK_RUNNING')), 202);
      const o2 = await offerOf(s, a1);
      sim.partitionAgent(a1);
      await s.call('ACCEPT', launchBody([o2.id.value], [executorTask('b', a1, exec)]));
      await sleep(200);
      sim.healAgent(a1);
      assert.is(sim.state().agents[0]?.status, 'registered', 'the partition went unnoticed');
      await s.call('RECONCILE', reconcileBody('b', a1));
      assert.is((await s.update('b', 'TASK_STAGING'))['reason'], 'REASON_RECONCILIATION');
      await s.call('KILL', killBody('b', a1));
      const dropped = await s.update('b', 'TASK_DROPPED');
      assert.equal(
        [dropped['source'], dropped['reason'], dropped['message'], dropped['executor_id']],
        ['SOURCE_AGENT', 'REASON_EXECUTOR_TERMINATED', 'Cannot find executor', undefined],
      );
      assert.type(dropped['uuid'], 'string', 'made by the agent: reliable, to be acknowledged');
      assert.is(await s.ack(dropped), 202);
      // Acknowledged and terminal: the master forgets it; its registered agent does not know it.
      await s.call('RECONCILE', reconcileBody('b', a1));
      assert.is(
        (await s.update('b', 'TASK_GONE'))['message'],
        'Reconciliation: Task is unknown to the agent',
      );
      const b = sim.history().tasks.find((x) => x.taskId === 'b');
      assert.equal([b?.outcome, b?.delivered], ['launched', false], 'it never ran');
      assert.not.ok(
        updatesOf(s, 'a').some((u) => u['state'] !== 'TASK_RUNNING'),
        'the running task is untouched',
      );
      assert.equal(schemaProblems, []);
    } finally {
      s.stream.close();
    }
  }));

test('a KILL of a lost launch on an agent that runs nothing of the framework is ignored ("no such framework is running"): the master keeps it TASK_STAGING', () =>
  withFaultSim({ agents: 1, timing: TIMING }, async (sim, artifacts) => {
    const s = await subscribeScheduler(sim, { failover_timeout: 60, checkpoint: true });
    const a1 = sim.agents[0]?.id as string;
    try {
      const o1 = await offerOf(s, a1);
      sim.partitionAgent(a1);
      await s.call(
        'ACCEPT',
        launchBody([o1.id.value], [executorTask('c', a1, testExecutor(artifacts))]),
      );
      await sleep(200);
      sim.healAgent(a1);
      await s.call('KILL', killBody('c', a1));
      await s.call('KILL', killBody('c', a1));
      await sleep(600);
      assert.equal(updatesOf(s, 'c'), [], 'nothing answers the KILL');
      await s.call('RECONCILE', reconcileBody('c', a1));
      const r = await s.update('c', 'TASK_STAGING');
      assert.equal([r['reason'], r['uuid']], ['REASON_RECONCILIATION', undefined]);
      assert.equal(sim.state().agents[0]?.executors, [], 'no executor was started');
      assert.equal(schemaProblems, []);
    } finally {
      s.stream.close();
    }
  }));

test.run();

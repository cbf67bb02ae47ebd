// KILL of a task whose launch never reached its agent (lost in a partition the master had not
// noticed), as Mesos 1.12.0 answers it: slave.cpp `Slave::killTask` (see src/agent/control.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PARTITION_AWARE, updatesOf } from './support/faults.js';
import { withLostLaunch } from './support/partition.js';
import { schemaProblems } from './support/scheduler.js';

/** Health-check window 900 ms (300 ms × 3): the short partitions below heal before it ends. */
const TIMING = { agentPingTimeoutMs: 300 };
const reconcileBody = (taskId: string, agentId: string) => ({
  reconcile: { tasks: [{ task_id: { value: taskId }, agent_id: { value: agentId } }] },
});
const killBody = (taskId: string, agentId: string) => ({
  kill: { task_id: { value: taskId }, agent_id: { value: agentId } },
});

test('a launch lost in a short partition stays TASK_STAGING; a KILL of it on an agent running our executor is answered TASK_DROPPED "Cannot find executor" (reliable, with uuid)', () =>
  withLostLaunch(
    { timing: TIMING },
    { failover_timeout: 60, checkpoint: true, capabilities: PARTITION_AWARE },
    { running: 'a', lost: 'b' },
    async ({ sim, s, agentId: a1 }) => {
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
    },
  ));

test('a KILL of a lost launch on an agent that runs nothing of the framework is ignored ("no such framework is running"): the master keeps it TASK_STAGING', () =>
  withLostLaunch(
    { timing: TIMING },
    { failover_timeout: 60, checkpoint: true },
    { lost: 'c' },
    async ({ sim, s, agentId: a1 }) => {
      sim.healAgent(a1);
      await s.call('KILL', killBody('c', a1));
      await s.call('KILL', killBody('c', a1));
      // The marker: the master handles calls in the order they come, and the simulator hands a
      // KILL to the agent and forwards any answer of the agent within the call
      // (src/master/tasks.ts `kill`, src/agent/control.ts `killUnknownTask`, events written to
      // the one stream in order). So an answer to either KILL would come before the answer to
      // this RECONCILE, sent after both.
      await s.call('RECONCILE', reconcileBody('c', a1));
      const r = await s.update('c');
      assert.equal(
        [r['state'], r['reason'], r['uuid']],
        ['TASK_STAGING', 'REASON_RECONCILIATION', undefined],
        'nothing answers the KILL: the first update of c answers the RECONCILE',
      );
      assert.equal(updatesOf(s, 'c'), [r], 'nothing answers the KILL');
      assert.equal(sim.state().agents[0]?.executors, [], 'no executor was started');
      assert.equal(schemaProblems, []);
    },
  ));

test.run();

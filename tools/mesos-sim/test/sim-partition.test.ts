// Agent partitions as a real master handles them: health checks, TASK_UNREACHABLE/TASK_LOST,
// refused task ids, reregistration, agents marked gone (master.cpp, validation.cpp; see README).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  executorTask,
  launchBody,
  pidAlive,
  subscribeScheduler,
  testExecutor,
} from './support/cluster.js';
import {
  agentStatus,
  marker,
  offerOf,
  PARTITION_AWARE,
  rescinded,
  updatesOf,
  withFaultSim,
} from './support/faults.js';
import { runTask, withLostLaunch } from './support/partition.js';
import { eventually, ofType, schemaProblems } from './support/scheduler.js';

test('a partitioned agent is marked unreachable after the health checks: TASK_UNREACHABLE, its id refused, TASK_RUNNING again on heal', () =>
  withFaultSim({ agents: 2 }, async (sim, artifacts) => {
    const s = await subscribeScheduler(sim, {
      failover_timeout: 60,
      checkpoint: true,
      capabilities: PARTITION_AWARE,
    });
    const [a1, a2] = sim.agents.map((a) => a.id) as [string, string];
    try {
      const exec = testExecutor(artifacts);
      await runTask(s, a1, 't', exec);
      const before = await offerOf(s, a1);
      const t0 = Date.now();
      sim.partitionAgent(a1);
      const u = await s.update('t', 'TASK_UNREACHABLE');
      assert.ok(Date.now() - t0 >= 250, 'not before the health-check window (300 ms)');
      assert.equal(
        [u['reason'], u['source'], u['message'], u['uuid']],
        ['REASON_AGENT_REMOVED', 'SOURCE_MASTER', 'health check timed out', undefined],
      );
      assert.type((u['unreachable_time'] as { nanoseconds: number }).nanoseconds, 'number');
      assert.equal((await s.stream.next(ofType('FAILURE')))['failure'], {
        agent_id: { value: a1 },
      });
      assert.ok(rescinded(s).includes(before.id.value), 'its outstanding offer is rescinded');
      await agentStatus(sim, a1, 'unreachable');
      // Reconciliation: with the agent id the task is unreachable; without, it is unknown.
      await s.call('RECONCILE', {
        reconcile: { tasks: [{ task_id: { value: 't' }, agent_id: { value: a1 } }] },
      });
      const r = await s.update('t', 'TASK_UNREACHABLE');
      assert.equal(
        [r['reason'], r['message']],
        ['REASON_RECONCILIATION', 'Reconciliation: Task is unreachable'],
      );
      await s.call('RECONCILE', { reconcile: { tasks: [{ task_id: { value: 't' } }] } });
      assert.is(
        (await s.update('t', 'TASK_UNKNOWN'))['message'],
        'Reconciliation: Task is unknown',
      );
      // The id of an unreachable task is refused, even on another agent.
      const o2 = await offerOf(s, a2);
      await s.call('ACCEPT', launchBody([o2.id.value], [executorTask('t', a2, exec)]));
      const refused = await s.update('t', 'TASK_ERROR');
      assert.equal(
        [refused['reason'], refused['message']],
        ['REASON_TASK_INVALID', 'Task reuses the ID of an unreachable task: t'],
      );
      // No offers of the unreachable agent (an allocation round now, then an ordered marker:
      // its offers would precede the marker's answer); after heal it reregisters.
      const n = s.stream.events.length;
      const offersBefore = sim.history().offers.size;
      sim.allocate();
      const m = await marker(s);
      const late = s.stream.events.slice(n, m).filter((e) => e['type'] === 'OFFERS');
      assert.ok(
        late.every((e) => !JSON.stringify(e).includes(`"agent_id":{"value":"${a1}"}`)),
        'an unreachable agent is not offered',
      );
      assert.equal(
        [...sim.history().offers.values()].slice(offersBefore).filter((o) => o.agentId === a1),
        [],
        "no offer of it in the simulator's records either",
      );
      sim.healAgent(a1);
      const back = await s.update('t', 'TASK_RUNNING');
      assert.equal(
        [back['reason'], back['message'], back['source'], back['uuid']],
        [
          'REASON_AGENT_REREGISTERED',
          'Unreachable agent re-reregistered',
          'SOURCE_MASTER',
          undefined,
        ],
      );
      await agentStatus(sim, a1, 'registered');
      // Now the task is known again: the same id is a duplicate.
      const o3 = await offerOf(s, a2);
      await s.call('ACCEPT', launchBody([o3.id.value], [executorTask('t', a2, exec)]));
      await eventually(
        () =>
          updatesOf(s, 't').filter((x) => x['state'] === 'TASK_ERROR').length === 2
            ? true
            : undefined,
        5000,
        'a second TASK_ERROR',
      );
      assert.is(updatesOf(s, 't').at(-1)?.['message'], 'Task has duplicate ID: t');
      // The history: one run on a1 that ran (and runs), two refused launches.
      const runs = sim.history().tasks.filter((x) => x.taskId === 't');
      assert.equal(
        runs.map((x) => [x.agentId, x.outcome, x.delivered, x.agentState ?? null]),
        [
          [a1, 'launched', true, 'TASK_RUNNING'],
          [a2, 'error', false, null],
          [a2, 'error', false, null],
        ],
      );
      assert.equal(schemaProblems, []);
    } finally {
      s.stream.close();
    }
  }));

test('not partition-aware: TASK_LOST; a launch sent during an undetected partition is lost; marked gone, the agent is refused and shut down', () =>
  withLostLaunch(
    {},
    { failover_timeout: 60, checkpoint: true },
    { running: 'a', lost: 'b' },
    async ({ sim, s, agentId: a1 }) => {
      const lostA = await s.update('a', 'TASK_LOST');
      const lostB = await s.update('b', 'TASK_LOST');
      for (const l of [lostA, lostB]) assert.is(l['reason'], 'REASON_AGENT_REMOVED');
      const b = sim.history().tasks.find((x) => x.taskId === 'b');
      assert.equal([b?.outcome, b?.delivered, b?.agentState], ['launched', false, undefined]);
      const pid = sim.state().agents[0]?.executors[0]?.pids[0] as number;
      assert.ok(pidAlive(pid), 'the partitioned agent keeps running its executor');
      await sim.markAgentGone(a1);
      const gone = await s.update('a', 'TASK_LOST');
      assert.equal(
        [gone['reason'], gone['message']],
        ['REASON_AGENT_REMOVED', 'Agent has been marked gone'],
      );
      sim.healAgent(a1);
      await eventually(() => (pidAlive(pid) ? undefined : true), 5000, 'the agent shut down');
      assert.equal(sim.state().removedAgents, [a1]);
      assert.is(s.stream.events.filter((e) => e['type'] === 'FAILURE').length, 1);
      assert.equal(schemaProblems, []);
    },
  ));

test('a partition shorter than the health-check window goes unnoticed', () =>
  withFaultSim({ agents: 1, timing: { agentPingTimeoutMs: 300 } }, async (sim, artifacts) => {
    const s = await subscribeScheduler(sim, {
      failover_timeout: 60,
      capabilities: PARTITION_AWARE,
    });
    const a1 = sim.agents[0]?.id as string;
    try {
      const o1 = await offerOf(s, a1);
      await s.call(
        'ACCEPT',
        launchBody([o1.id.value], [executorTask('c', a1, testExecutor(artifacts), true)]),
      );
      const running = await s.update('c', 'TASK_RUNNING');
      sim.partitionAgent(a1);
      // The master handles the ACKNOWLEDGE before answering 202: by then it was sent into the
      // partition and lost. The partition ends there, well inside the 900 ms window.
      assert.is(await s.ack(running), 202, 'accepted by the master, lost on the way to the agent');
      sim.healAgent(a1);
      const cut = sim.history().agentEvents.filter((e) => e.agentId === a1);
      assert.equal(
        cut.map((e) => e.event),
        ['partitioned', 'healed'],
      );
      assert.ok((cut[1]?.at ?? Infinity) - (cut[0]?.at ?? 0) < 900, 'shorter than the window');
      // The agent never got the acknowledgement: it resends the update.
      assert.is(await s.ack(await s.update('c', 'TASK_RUNNING')), 202);
      await s.update('c', 'TASK_FINISHED');
      assert.is(sim.state().agents[0]?.status, 'registered');
      assert.not.ok(updatesOf(s, 'c').some((u) => u['state'] === 'TASK_UNREACHABLE'));
      assert.equal(
        sim
          .history()
          .agentEvents.filter((e) => e.agentId === a1)
          .map((e) => e.event),
        ['partitioned', 'healed'],
        'never marked unreachable, no reregistration',
      );
    } finally {
      s.stream.close();
    }
  }));

test.run();

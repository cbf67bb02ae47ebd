// Master failover as a real new leader handles it: no task known until each agent reregisters,
// reconciliation answered with silence meanwhile, agents that never come back marked unreachable;
// and agent restarts: offers rescinded, a launch on a rescinded offer dropped (master.cpp).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { executorTask, launchBody, subscribeScheduler, testExecutor } from './support/cluster.js';
import {
  agentStatus,
  marker,
  offerOf,
  PARTITION_AWARE,
  updatesOf,
  withFaultSim,
} from './support/faults.js';
import { ofType, schemaProblems } from './support/scheduler.js';

const INFO = { failover_timeout: 60, checkpoint: true, capabilities: PARTITION_AWARE };

test('master failover: the new leader knows no task until the agent reregisters; reconciliation is silent meanwhile', () =>
  withFaultSim({ agents: 2, masters: 2 }, async (sim, artifacts) => {
    const first = await subscribeScheduler(sim, INFO);
    const [a1, a2] = sim.agents.map((a) => a.id) as [string, string];
    const exec = testExecutor(artifacts);
    for (const [task, agent] of [
      ['t1', a1],
      ['t2', a2],
    ] as const) {
      const o = await offerOf(first, agent);
      await first.call('ACCEPT', launchBody([o.id.value], [executorTask(task, agent, exec)]));
      await first.ack(await first.update(task, 'TASK_RUNNING'));
    }
    first.stream.close();
    sim.partitionAgent(a2); // a2 cannot reach the new leader
    await sim.failover(1, 100, { reregisterDelayMs: { [a1]: 800 } });
    const s = await subscribeScheduler(sim, INFO, first.frameworkId);
    try {
      assert.equal(sim.state().frameworks[0]?.tasks, [], 'the new leader knows no task');
      await s.call('RECONCILE', {
        reconcile: { tasks: [{ task_id: { value: 't1' }, agent_id: { value: a1 } }] },
      });
      await s.call('RECONCILE', { reconcile: { tasks: [{ task_id: { value: 't2' } }] } });
      await s.call('RECONCILE', { reconcile: { tasks: [] } });
      // Answers to those calls would precede the marker's answer on the stream.
      const m1 = await marker(s);
      assert.equal(
        s.stream.events.slice(0, m1).filter((e) => e['type'] === 'UPDATE'),
        [],
        'no answer for tasks of recovering agents, and implicit reconciliation knows nothing',
      );
      await agentStatus(sim, a1, 'registered');
      const m2 = await marker(s);
      assert.equal(
        s.stream.events.slice(m1 + 1, m2).filter((e) => e['type'] === 'UPDATE'),
        [],
        'a reregistration after failover sends nothing',
      );
      await s.call('RECONCILE', {
        reconcile: { tasks: [{ task_id: { value: 't1' }, agent_id: { value: a1 } }] },
      });
      assert.is((await s.update('t1'))['state'], 'TASK_RUNNING');
      // Without an agent id: still silent while a2 recovers.
      await s.call('RECONCILE', { reconcile: { tasks: [{ task_id: { value: 't2' } }] } });
      // After agent_reregister_timeout (1.5 s) a2 is marked unreachable: FAILURE only.
      assert.equal((await s.stream.next(ofType('FAILURE'), 5000))['failure'], {
        agent_id: { value: a2 },
      });
      assert.equal(updatesOf(s, 't2'), []);
      await s.call('RECONCILE', {
        reconcile: { tasks: [{ task_id: { value: 't2' }, agent_id: { value: a2 } }] },
      });
      assert.is(
        (await s.update('t2', 'TASK_UNREACHABLE'))['message'],
        'Reconciliation: Task is unreachable',
      );
      sim.healAgent(a2);
      const back = await s.update('t2', 'TASK_RUNNING');
      assert.is(back['reason'], 'REASON_AGENT_REREGISTERED');
      const h = sim.history();
      assert.is(h.failovers.length, 1);
      assert.ok(
        h.agentEvents.some((e) => e.agentId === a1 && e.event === 'reregistered'),
        'the reregistration is recorded',
      );
      assert.equal(schemaProblems, []);
    } finally {
      s.stream.close();
    }
  }));

test('agent restart: its offers are rescinded; an ACCEPT of a rescinded offer is answered 202, then TASK_DROPPED', () =>
  withFaultSim({ agents: 1 }, async (sim, artifacts) => {
    const s = await subscribeScheduler(sim, INFO);
    const a1 = sim.agents[0]?.id as string;
    try {
      const o = await offerOf(s, a1);
      const restarted = sim.agents[0]?.restart(200);
      await s.stream.next(
        (e) =>
          e['type'] === 'RESCIND' &&
          (e['rescind'] as { offer_id: { value: string } }).offer_id.value === o.id.value,
      );
      const status = await s.call(
        'ACCEPT',
        launchBody([o.id.value], [executorTask('x', a1, testExecutor(artifacts))]),
      );
      assert.is(status, 202);
      const dropped = await s.update('x', 'TASK_DROPPED');
      assert.equal(
        [dropped['reason'], dropped['message'], dropped['uuid']],
        [
          'REASON_INVALID_OFFERS',
          `Task launched with invalid offers: Offer ${o.id.value} is no longer valid`,
          undefined,
        ],
      );
      assert.is(await s.call('DECLINE', { decline: { offer_ids: [o.id] } }), 202);
      await restarted;
      await agentStatus(sim, a1, 'registered');
      await offerOf(s, a1);
      const h = sim.history();
      assert.is(h.offers.get(o.id.value)?.ended?.how, 'rescinded');
      const acc = h.accepts.find((a) => a.offerIds.includes(o.id.value));
      assert.match(acc?.invalidOffers ?? '', 'no longer valid');
      assert.is(h.tasks.find((t) => t.taskId === 'x')?.outcome, 'dropped');
      assert.ok(
        h.agentEvents.some((e) => e.agentId === a1 && e.event === 'disconnected'),
        'the broken connection is recorded',
      );
      assert.equal(schemaProblems, []);
    } finally {
      s.stream.close();
    }
  }));

test.run();

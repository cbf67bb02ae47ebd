import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { requirePrereq } from '@scaleio-framework/testkit';
import { isUuidBase64, schemaPrerequisite, type MesosSim } from '../src/index.js';
import {
  executorTask,
  launchBody,
  pidAlive,
  subscribeScheduler,
  testExecutor,
  withSimAndArtifacts,
} from './support/cluster.js';
import { eventually, ofType, schemaProblems } from './support/scheduler.js';

const withCluster = (
  fn: (sim: MesosSim, artifacts: string) => Promise<void>,
  agents = 1,
): Promise<void> =>
  withSimAndArtifacts(
    {
      agents,
      timing: {
        statusRetryMinMs: 300,
        allocationMs: 100,
        executorReregistrationMs: 1500,
        shutdownGraceMs: 500,
      },
    },
    fn,
  );

test('launch: fetch over HTTP, real executor process with MESOS_* env, updates acknowledged one at a time', async () => {
  await withCluster(async (sim, artifacts) => {
    const s = await subscribeScheduler(sim, { checkpoint: true, failover_timeout: 60 });
    try {
      const offer = (await s.offers())[0] as { id: { value: string }; agent_id: { value: string } };
      const exec = testExecutor(artifacts);
      assert.is(
        await s.call(
          'ACCEPT',
          launchBody([offer.id.value], [executorTask('t1', offer.agent_id.value, exec, true)]),
        ),
        202,
      );
      const running = await s.update('t1', 'TASK_RUNNING');
      assert.is(running['source'], 'SOURCE_EXECUTOR');
      assert.ok(isUuidBase64(String(running['uuid'])), 'agent-side updates carry a 16-byte uuid');
      assert.equal(running['agent_id'], offer.agent_id);
      // Not acknowledged: the same update comes again (retry), and TASK_FINISHED waits behind it.
      const resent = await s.update('t1');
      assert.is(resent['state'], 'TASK_RUNNING');
      assert.is(resent['uuid'], running['uuid']);
      assert.is(
        sim.state().frameworks[0]?.tasks[0]?.state,
        'TASK_FINISHED',
        'master knows the latest state',
      );
      assert.is(await s.ack(running), 202);
      const finished = await s.update('t1', 'TASK_FINISHED');
      assert.is(
        sim.state().frameworks[0]?.tasks.length,
        1,
        'task kept until its terminal update is acknowledged',
      );
      assert.is(await s.ack(finished), 202);
      await eventually(
        () => (sim.state().frameworks[0]?.tasks.length === 0 ? true : undefined),
        5000,
        'task removal',
      );
      const ex = sim.state().agents[0]?.executors[0];
      assert.ok(ex !== undefined && ex.subscribed && ex.pids.length === 1);
      const log = readFileSync(join(ex.sandbox, 'executor.log'), 'utf8');
      const env = JSON.parse((/^env (.*)$/m.exec(log) ?? [])[1] ?? '{}') as Record<string, string>;
      assert.is(env['MESOS_FRAMEWORK_ID'], s.frameworkId);
      assert.is(env['MESOS_EXECUTOR_ID'], 'test-executor');
      assert.is(env['MESOS_CHECKPOINT'], '1');
      assert.is(env['MESOS_AGENT_ENDPOINT'], sim.agents[0]?.url().replace('http://', ''));
      assert.is(env['MESOS_SANDBOX'], ex.sandbox);
      assert.is(env['MESOS_RECOVERY_TIMEOUT'], '15mins');
      assert.is(env['MESOS_SUBSCRIPTION_BACKOFF_MAX'], '1500ms');
      assert.is(env['MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD'], '500ms');
      // The offer after launch lists the running executor.
      const next = (await s.offers())[0] as { executor_ids: { value: string }[] };
      assert.equal(next.executor_ids, [{ value: 'test-executor' }]);
      const pid = ex.pids[0] as number;
      await sim.stop();
      await eventually(() => (pidAlive(pid) ? undefined : true), 5000, 'executor killed on stop');
    } finally {
      s.stream.close();
    }
  });
});

test('MESSAGE both ways, KILL, and executor exit gives TASK_FAILED + FAILURE', async () => {
  await withCluster(async (sim, artifacts) => {
    const s = await subscribeScheduler(sim, { failover_timeout: 60 });
    try {
      const offer = (await s.offers())[0] as { id: { value: string }; agent_id: { value: string } };
      const exec = testExecutor(artifacts);
      const agentId = offer.agent_id.value;
      await s.call(
        'ACCEPT',
        launchBody(
          [offer.id.value],
          [executorTask('a', agentId, exec), executorTask('b', agentId, exec)],
        ),
      );
      await s.ack(await s.update('a', 'TASK_RUNNING'));
      await s.ack(await s.update('b', 'TASK_RUNNING'));
      assert.is(
        await s.call('MESSAGE', {
          message: {
            agent_id: offer.agent_id,
            executor_id: { value: 'test-executor' },
            data: 'aGVsbG8=',
          },
        }),
        202,
      );
      const echoed = await s.stream.next(ofType('MESSAGE'));
      assert.equal(echoed['message'], {
        agent_id: offer.agent_id,
        executor_id: { value: 'test-executor' },
        data: 'aGVsbG8=',
      });
      assert.is(
        await s.call('KILL', { kill: { task_id: { value: 'a' }, agent_id: offer.agent_id } }),
        202,
      );
      await s.ack(await s.update('a', 'TASK_KILLED'));
      const pid = sim.state().agents[0]?.executors[0]?.pids[0] as number;
      process.kill(pid, 'SIGKILL');
      const failed = await s.update('b', 'TASK_FAILED');
      assert.is(failed['reason'], 'REASON_EXECUTOR_TERMINATED');
      assert.is(failed['source'], 'SOURCE_AGENT');
      const failure = await s.stream.next(ofType('FAILURE'));
      assert.equal(failure['failure'], {
        agent_id: offer.agent_id,
        executor_id: { value: 'test-executor' },
        status: 9,
      });
    } finally {
      s.stream.close();
    }
  });
});

test('agent restart: a checkpointing executor resubscribes and keeps its task; a non-checkpointing one is lost', async () => {
  await withCluster(async (sim, artifacts) => {
    const cp = await subscribeScheduler(sim, {
      checkpoint: true,
      failover_timeout: 60,
      name: 'cp',
    });
    const offer = (await cp.offers())[0] as { id: { value: string }; agent_id: { value: string } };
    await cp.call(
      'ACCEPT',
      launchBody(
        [offer.id.value],
        [executorTask('keep', offer.agent_id.value, testExecutor(artifacts, 'cp-exec'))],
        3600,
      ),
    );
    await cp.ack(await cp.update('keep', 'TASK_RUNNING'));
    const nc = await subscribeScheduler(sim, {
      checkpoint: false,
      failover_timeout: 60,
      name: 'nc',
    });
    const offer2 = (await nc.offers())[0] as { id: { value: string }; agent_id: { value: string } };
    await nc.call(
      'ACCEPT',
      launchBody(
        [offer2.id.value],
        [executorTask('lose', offer2.agent_id.value, testExecutor(artifacts, 'nc-exec'))],
      ),
    );
    await nc.ack(await nc.update('lose', 'TASK_RUNNING'));
    try {
      const agent = sim.agents[0];
      if (agent === undefined) throw new Error('agent expected');
      const cpPid = sim.state().agents[0]?.executors.find((e) => e.executorId === 'cp-exec')
        ?.pids[0];
      await agent.restart(200);
      const lost = await nc.update('lose', 'TASK_LOST');
      assert.is(lost['reason'], 'REASON_AGENT_RESTARTED');
      await eventually(
        () =>
          sim.state().agents[0]?.executors.find((e) => e.executorId === 'cp-exec')?.subscribed
            ? true
            : undefined,
        8000,
        'resubscribe',
      );
      await eventually(
        () => (sim.state().agents[0]?.recovering === false ? true : undefined),
        5000,
        'recovery end',
      );
      const after = sim.state().agents[0]?.executors.find((e) => e.executorId === 'cp-exec');
      assert.equal(after?.pids, [cpPid]);
      assert.equal(after?.tasks, { keep: 'TASK_RUNNING' });
      assert.ok(!sim.state().agents[0]?.executors.some((e) => e.executorId === 'nc-exec'));
    } finally {
      cp.stream.close();
      nc.stream.close();
    }
  });
});

test('reconciliation (implicit and explicit), invalid offers, invalid tasks, agent removal', async () => {
  await withCluster(async (sim, artifacts) => {
    const s = await subscribeScheduler(sim, {
      failover_timeout: 60,
      capabilities: [{ type: 'MULTI_ROLE' }, { type: 'PARTITION_AWARE' }],
    });
    try {
      const offers = (await s.offers()) as { id: { value: string }; agent_id: { value: string } }[];
      const [o1, o2] = offers;
      if (o1 === undefined || o2 === undefined) throw new Error('two offers expected');
      const exec = testExecutor(artifacts);
      // Offers of two agents in one ACCEPT: invalid, the task is dropped by the master (no uuid).
      await s.call(
        'ACCEPT',
        launchBody([o1.id.value, o2.id.value], [executorTask('x', o1.agent_id.value, exec)]),
      );
      const dropped = await s.update('x', 'TASK_DROPPED');
      assert.is(dropped['reason'], 'REASON_INVALID_OFFERS');
      assert.is(dropped['source'], 'SOURCE_MASTER');
      assert.is(dropped['uuid'], undefined);
      const fresh = (await s.offers()) as { id: { value: string }; agent_id: { value: string } }[];
      const f1 = fresh.find((o) => o.agent_id.value === o1.agent_id.value) ?? fresh[0];
      if (f1 === undefined) throw new Error('offer expected');
      const big = {
        ...executorTask('big', f1.agent_id.value, exec),
        resources: [
          {
            name: 'cpus',
            type: 'SCALAR',
            scalar: { value: 64 },
            role: '*',
            allocation_info: { role: 'storage' },
          },
        ],
      };
      const both = executorTask('both', f1.agent_id.value, exec);
      await s.call(
        'ACCEPT',
        launchBody(
          [f1.id.value],
          [
            executorTask('ok', f1.agent_id.value, exec),
            executorTask('ok', f1.agent_id.value, exec),
            big,
            { ...both, command: { value: 'true' } },
          ],
        ),
      );
      const dup = await s.update('ok', 'TASK_ERROR');
      assert.match(String(dup['message']), /duplicate ID/);
      assert.is(dup['reason'], 'REASON_TASK_INVALID');
      assert.match(String((await s.update('big', 'TASK_ERROR'))['message']), /more than available/);
      assert.match(String((await s.update('both', 'TASK_ERROR'))['message']), /not both/);
      await s.ack(await s.update('ok', 'TASK_RUNNING'));
      assert.is(await s.call('RECONCILE', { reconcile: { tasks: [] } }), 202);
      const implicit = await s.update('ok');
      assert.equal(
        [implicit['state'], implicit['reason'], implicit['source'], implicit['uuid']],
        ['TASK_RUNNING', 'REASON_RECONCILIATION', 'SOURCE_MASTER', undefined],
      );
      await s.call('RECONCILE', {
        reconcile: {
          tasks: [
            { task_id: { value: 'ok' } },
            { task_id: { value: 'ghost' }, agent_id: f1.agent_id },
            { task_id: { value: 'nowhere' } },
          ],
        },
      });
      assert.is((await s.update('ok'))['state'], 'TASK_RUNNING');
      assert.is((await s.update('ghost'))['state'], 'TASK_GONE');
      assert.is((await s.update('nowhere'))['state'], 'TASK_UNKNOWN');
      // KILL of an unknown task answers with explicit reconciliation.
      await s.call('KILL', { kill: { task_id: { value: 'ghost2' } } });
      assert.is((await s.update('ghost2'))['state'], 'TASK_UNKNOWN');
      const pid = sim.state().agents.find((a) => a.id === f1.agent_id.value)?.executors[0]
        ?.pids[0] as number;
      // The operator marks the agent gone (master.cpp `markGone`, `__removeSlave`).
      await sim.markAgentGone(f1.agent_id.value);
      const gone = await s.update('ok', 'TASK_GONE_BY_OPERATOR');
      assert.equal(
        [gone['reason'], gone['message'], gone['uuid']],
        ['REASON_AGENT_REMOVED_BY_OPERATOR', 'Agent has been marked gone', undefined],
      );
      assert.equal((await s.stream.next(ofType('FAILURE')))['failure'], { agent_id: f1.agent_id });
      await s.call('RECONCILE', {
        reconcile: { tasks: [{ task_id: { value: 'ok' }, agent_id: f1.agent_id }] },
      });
      const again = await s.update('ok', 'TASK_GONE_BY_OPERATOR');
      assert.is(again['message'], 'Reconciliation: Task is gone');
      await eventually(
        () => (pidAlive(pid) ? undefined : true),
        5000,
        'executor killed with its agent',
      );
      assert.equal(sim.state().removedAgents, [f1.agent_id.value]);
    } finally {
      s.stream.close();
    }
  }, 2);
});

test('command tasks run as child processes: TASK_RUNNING then TASK_FINISHED / TASK_FAILED', async () => {
  await withCluster(async (sim) => {
    const s = await subscribeScheduler(sim);
    try {
      const offer = (await s.offers())[0] as { id: { value: string }; agent_id: { value: string } };
      const task = (id: string, value: string): Record<string, unknown> => ({
        name: id,
        task_id: { value: id },
        agent_id: offer.agent_id,
        resources: [
          {
            name: 'cpus',
            type: 'SCALAR',
            scalar: { value: 0.1 },
            role: '*',
            allocation_info: { role: 'storage' },
          },
        ],
        command: { value },
      });
      await s.call(
        'ACCEPT',
        launchBody(
          [offer.id.value],
          [task('ok', 'test -n "$MESOS_SANDBOX"'), task('bad', 'exit 3'), task('long', 'sleep 30')],
        ),
      );
      await s.ack(await s.update('ok', 'TASK_RUNNING'));
      await s.ack(await s.update('bad', 'TASK_RUNNING'));
      await s.ack(await s.update('ok', 'TASK_FINISHED'));
      const bad = await s.update('bad', 'TASK_FAILED');
      assert.match(String(bad['message']), /status 3/);
      await s.ack(await s.update('long', 'TASK_RUNNING'));
      assert.is(await s.call('KILL', { kill: { task_id: { value: 'long' } } }), 202);
      await s.ack(await s.update('long', 'TASK_KILLED'));
    } finally {
      s.stream.close();
    }
  });
});

requirePrereq(test, schemaPrerequisite())(
  'every JSON the simulator sent or accepted matched the official schema',
  () => {
    assert.equal(schemaProblems, []);
  },
);

test.run();

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { requirePrereq } from '@scaleio-framework/testkit';
import { schemaPrerequisite, uuidBase64, type MesosSim } from '../src/index.js';
import {
  launchBody,
  pidAlive,
  startArtifactServer,
  subscribeScheduler,
  taskResources,
  testExecutor,
  withMesosSim,
} from './support/cluster.js';
import { eventually, ofType, openStream, post, schemaProblems } from './support/scheduler.js';

const withSim = (
  timing: Record<string, number>,
  fn: (sim: MesosSim) => Promise<void>,
): Promise<void> =>
  withMesosSim(
    { timing: { allocationMs: 100, statusRetryMinMs: 300, shutdownGraceMs: 300, ...timing } },
    fn,
  );

/** A custom executor whose process never subscribes, so the test can speak the executor API itself. */
const silentExecutor = (id: string): Record<string, unknown> => ({
  type: 'CUSTOM',
  executor_id: { value: id },
  command: { value: 'sleep 30' },
  resources: taskResources(0.1, 32),
});

const task = (
  id: string,
  agentId: string,
  executor: Record<string, unknown>,
): Record<string, unknown> => ({
  name: id,
  task_id: { value: id },
  agent_id: { value: agentId },
  resources: taskResources(0.2, 64),
  executor,
});

test('executor API: status codes, validation, SUBSCRIBED + LAUNCH, UPDATE -> ACKNOWLEDGED -> scheduler UPDATE', async () => {
  await withSim({ executorRegistrationMs: 60_000, executorHeartbeatMs: 100 }, async (sim) => {
    const s = await subscribeScheduler(sim, { failover_timeout: 60 });
    try {
      const offer = (await s.offers())[0] as { id: { value: string }; agent_id: { value: string } };
      await s.call(
        'ACCEPT',
        launchBody([offer.id.value], [task('t', offer.agent_id.value, silentExecutor('e'))]),
      );
      await eventually(
        () => (sim.state().agents[0]?.executors[0]?.pids.length === 1 ? true : undefined),
        5000,
        'executor process',
      );
      const url = `${sim.agents[0]?.url() ?? ''}/api/v1/executor`;
      const ids = { framework_id: { value: s.frameworkId }, executor_id: { value: 'e' } };
      const status = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
        task_id: { value: 't' },
        state: 'TASK_RUNNING',
        source: 'SOURCE_EXECUTOR',
        uuid: uuidBase64(),
        ...extra,
      });
      const answer = async (body: Record<string, unknown>): Promise<number> =>
        (await post(url, body)).status;
      const update = (extra: Record<string, unknown>): Promise<number> =>
        answer({ type: 'UPDATE', ...ids, update: { status: status(extra) } });
      assert.is(
        await answer({
          type: 'HEARTBEAT',
          framework_id: { value: 'x' },
          executor_id: { value: 'y' },
        }),
        202,
      );
      assert.is(await update({}), 403, 'not subscribed');
      assert.is(await answer({ type: 'SUBSCRIBE', ...ids }), 400, 'subscribe missing');
      const subscribe = (who: Record<string, unknown>): Promise<number> =>
        answer({ type: 'SUBSCRIBE', ...who, subscribe: {} });
      assert.is(
        await subscribe({ framework_id: { value: 'nope' }, executor_id: { value: 'e' } }),
        400,
      );
      assert.is(await subscribe({ ...ids, executor_id: { value: 'nope' } }), 400);
      assert.is(await update({ uuid: 'bm90IGEgdXVpZA==' }), 400);
      assert.is(await update({ source: 'SOURCE_AGENT' }), 400);
      assert.is(await update({ state: 'TASK_STAGING' }), 400);
      const ex = await openStream(url, {
        type: 'SUBSCRIBE',
        ...ids,
        subscribe: { unacknowledged_tasks: [], unacknowledged_updates: [] },
      });
      try {
        assert.is(ex.status, 200);
        assert.is(ex.headers['mesos-stream-id'], undefined, 'no stream id on the executor API');
        const subscribed = (await ex.next())['subscribed'] as Record<
          string,
          { [k: string]: unknown }
        >;
        assert.equal(subscribed['framework_info']?.['id'], { value: s.frameworkId });
        assert.is(subscribed['framework_info']?.['checkpoint'], false);
        assert.equal(subscribed['agent_info']?.['id'], offer.agent_id);
        assert.equal(
          subscribed['executor_info']?.['command'],
          { value: 'sleep 30', shell: true },
          'defaults written like Mesos',
        );
        const launched = (await ex.next(ofType('LAUNCH')))['launch'] as {
          task: { task_id: { value: string } };
        };
        assert.is(launched.task.task_id.value, 't');
        await ex.next(ofType('HEARTBEAT'));
        const st = status({ data: 'eyJvayI6dHJ1ZX0=' });
        assert.is(
          (await post(url, { type: 'UPDATE', ...ids, update: { status: st } })).status,
          202,
        );
        assert.equal((await ex.next(ofType('ACKNOWLEDGED')))['acknowledged'], {
          task_id: { value: 't' },
          uuid: st['uuid'],
        });
        const up = await s.update('t', 'TASK_RUNNING');
        assert.equal([up['uuid'], up['data']], [st['uuid'], 'eyJvayI6dHJ1ZX0=']);
        assert.is(await s.ack(up), 202);
        // A MESSAGE from the executor reaches the scheduler.
        assert.is(
          (await post(url, { type: 'MESSAGE', ...ids, message: { data: 'aGk=' } })).status,
          202,
        );
        assert.equal(
          ((await s.stream.next(ofType('MESSAGE')))['message'] as { data: string }).data,
          'aGk=',
        );
        // SHUTDOWN from the scheduler reaches the executor; the process is killed after the grace period.
        const pid = sim.state().agents[0]?.executors[0]?.pids[0] as number;
        assert.is(
          await s.call('SHUTDOWN', {
            shutdown: { executor_id: { value: 'e' }, agent_id: offer.agent_id },
          }),
          202,
        );
        await ex.next(ofType('SHUTDOWN'));
        await eventually(
          () => (pidAlive(pid) ? undefined : true),
          5000,
          'executor killed after grace',
        );
        const failed = await s.update('t', 'TASK_FAILED');
        assert.is(failed['reason'], 'REASON_EXECUTOR_TERMINATED');
      } finally {
        ex.close();
      }
    } finally {
      s.stream.close();
    }
  });
});

test('agent restart: a checkpointing executor that does not resubscribe in time is killed, its task lost', async () => {
  await withSim({ executorReregistrationMs: 300 }, async (sim) => {
    const s = await subscribeScheduler(sim, { failover_timeout: 60, checkpoint: true });
    try {
      const offer = (await s.offers())[0] as { id: { value: string }; agent_id: { value: string } };
      await s.call(
        'ACCEPT',
        launchBody([offer.id.value], [task('r', offer.agent_id.value, silentExecutor('r'))]),
      );
      const pid = await eventually(
        () => sim.state().agents[0]?.executors[0]?.pids[0],
        5000,
        'executor process',
      );
      await sim.agents[0]?.restart();
      assert.is(sim.state().agents[0]?.recovering, true);
      const lost = await s.update('r', 'TASK_LOST');
      assert.is(lost['reason'], 'REASON_EXECUTOR_REREGISTRATION_TIMEOUT');
      // The update reaches the scheduler only once the agent has reregistered with the master.
      assert.is(sim.state().agents[0]?.status, 'registered');
      await eventually(() => (pidAlive(pid) ? undefined : true), 5000, 'executor killed');
      assert.is(sim.state().agents[0]?.recovering, false);
      // The executor died during recovery, before the agent knew its master: no
      // ExitedExecutorMessage is sent (slave.cpp `sendExitedExecutorMessage` needs `master`).
      assert.not.ok(s.stream.events.some((e) => e['type'] === 'FAILURE'));
    } finally {
      s.stream.close();
    }
  });
});

test('registration timeout and fetch failure fail the tasks with the Mesos reasons', async () => {
  await withSim({ executorRegistrationMs: 400 }, async (sim) => {
    const s = await subscribeScheduler(sim, { failover_timeout: 60 });
    try {
      const offer = (await s.offers())[0] as { id: { value: string }; agent_id: { value: string } };
      const badFetch = {
        ...silentExecutor('f'),
        command: { value: 'true', uris: [{ value: 'http://127.0.0.1:1/missing.tar.gz' }] },
      };
      await s.call(
        'ACCEPT',
        launchBody(
          [offer.id.value],
          [
            task('slow', offer.agent_id.value, silentExecutor('slow')),
            task('nofetch', offer.agent_id.value, badFetch),
          ],
        ),
      );
      const timeout = await s.update('slow', 'TASK_FAILED');
      assert.is(timeout['reason'], 'REASON_EXECUTOR_REGISTRATION_TIMEOUT');
      const fetch = await s.update('nofetch', 'TASK_FAILED');
      assert.is(fetch['reason'], 'REASON_CONTAINER_LAUNCH_FAILED');
      assert.match(String(fetch['message']), /^Failed to launch container: /);
    } finally {
      s.stream.close();
    }
  });
});

test('LAUNCH_GROUP: DEFAULT executor runs each task command; a custom executor gets LAUNCH_GROUP', async () => {
  const artifacts = await startArtifactServer();
  try {
    await withSim({}, async (sim) => {
      const s = await subscribeScheduler(sim);
      try {
        const offer = (await s.offers())[0] as {
          id: { value: string };
          agent_id: { value: string };
        };
        const cmdTask = (id: string, value: string): Record<string, unknown> => ({
          name: id,
          task_id: { value: id },
          agent_id: offer.agent_id,
          resources: taskResources(0.1, 32),
          command: { value },
        });
        const group = (
          executor: Record<string, unknown>,
          tasks: Record<string, unknown>[],
        ): Record<string, unknown> => ({
          type: 'LAUNCH_GROUP',
          launch_group: { executor, task_group: { tasks } },
        });
        const defaultExec = {
          type: 'DEFAULT',
          executor_id: { value: 'group-1' },
          resources: taskResources(0.1, 32),
        };
        const custom = testExecutor(artifacts.url, 'custom-group');
        const tasks = (id: string) => ({
          name: id,
          task_id: { value: id },
          agent_id: offer.agent_id,
          resources: taskResources(0.1, 32),
          data: Buffer.from('{"finish":true}').toString('base64'),
        });
        const body = {
          accept: {
            offer_ids: [offer.id],
            operations: [
              group(defaultExec, [cmdTask('g1', 'exit 0'), cmdTask('g2', 'exit 0')]),
              group(custom, [tasks('c1'), tasks('c2')]),
            ],
          },
        };
        assert.is(await s.call('ACCEPT', body), 202);
        for (const id of ['g1', 'g2', 'c1', 'c2']) {
          await s.ack(await s.update(id, 'TASK_RUNNING'));
          await s.ack(await s.update(id, 'TASK_FINISHED'));
        }
        const invalid = {
          accept: {
            offer_ids: [(await s.offers())[0]?.['id']],
            operations: [
              group(defaultExec, [
                cmdTask('g3', 'true'),
                { ...cmdTask('g4', 'true'), resources: [] },
              ]),
            ],
          },
        };
        await s.call('ACCEPT', invalid);
        const [e3, e4] = [await s.update('g3', 'TASK_ERROR'), await s.update('g4', 'TASK_ERROR')];
        assert.is(e3['reason'], 'REASON_TASK_GROUP_INVALID');
        assert.match(String(e4['message']), /no resources/);
      } finally {
        s.stream.close();
      }
    });
  } finally {
    await artifacts.close();
  }
});

test('TEARDOWN kills executors; updates pending while disconnected are resent at once on resubscribe', async () => {
  const artifacts = await startArtifactServer();
  try {
    await withSim({ statusRetryMinMs: 60_000 }, async (sim) => {
      const s = await subscribeScheduler(sim, { failover_timeout: 60 });
      const offer = (await s.offers())[0] as { id: { value: string }; agent_id: { value: string } };
      const t = {
        name: 'p',
        task_id: { value: 'p' },
        agent_id: offer.agent_id,
        resources: taskResources(0.2, 64),
        executor: testExecutor(artifacts.url),
      };
      await s.call('ACCEPT', launchBody([offer.id.value], [t]));
      const first = await s.update('p', 'TASK_RUNNING');
      s.stream.close();
      await eventually(
        () => (sim.state().frameworks[0]?.connected === false ? true : undefined),
        5000,
        'disconnect',
      );
      const again = await subscribeScheduler(sim, { failover_timeout: 60 }, s.frameworkId);
      const resent = await again.update('p', 'TASK_RUNNING');
      assert.is(
        resent['uuid'],
        first['uuid'],
        'the unacknowledged update, long before its 60 s retry',
      );
      const pid = sim.state().agents[0]?.executors[0]?.pids[0] as number;
      assert.ok(pidAlive(pid));
      assert.is(await again.call('TEARDOWN'), 202);
      await eventually(
        () => (again.stream.closed() ? true : undefined),
        5000,
        'stream closed by teardown',
      );
      await eventually(() => (pidAlive(pid) ? undefined : true), 5000, 'executor gone');
      assert.equal(sim.state().removedFrameworks, [s.frameworkId]);
    });
  } finally {
    await artifacts.close();
  }
});

requirePrereq(test, schemaPrerequisite())(
  'every JSON the simulator sent or accepted matched the official schema',
  () => {
    assert.equal(schemaProblems, []);
  },
);

test.run();

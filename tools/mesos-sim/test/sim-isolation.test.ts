// The agent's isolation: `cgroups/mem` (one memory limit per container: the executor's plus its
// tasks', raised and never lowered; past it the container is OOM-killed) and isolator modules
// (prepare before a container starts, cleanup after it is gone; a failed prepare fails the launch).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { requirePrereq } from '@scaleio-framework/testkit';
import { schemaPrerequisite, type AgentOptions, type MesosSim } from '../src/index.js';
import {
  executorTask,
  launchBody,
  pidAlive,
  subscribeScheduler,
  taskResources,
  testExecutor,
  withSimAndArtifacts,
  type TestScheduler,
} from './support/cluster.js';
import { eventually, ofType, schemaProblems } from './support/scheduler.js';

const MB = 1024 * 1024;

const withSim = (
  agent: AgentOptions,
  fn: (sim: MesosSim, s: TestScheduler, artifacts: string) => Promise<void>,
): Promise<void> =>
  withSimAndArtifacts(
    {
      agents: [agent],
      timing: { statusRetryMinMs: 300, allocationMs: 100, shutdownGraceMs: 500 },
    },
    async (sim, artifacts) => {
      const s = await subscribeScheduler(sim);
      try {
        await fn(sim, s, artifacts);
      } finally {
        s.stream.close();
      }
    },
  );

const offer = async (s: TestScheduler) =>
  (await s.offers())[0] as { id: { value: string }; agent_id: { value: string } };

/** A command task with `mem` MB and an environment. */
const commandTask = (
  id: string,
  agentId: string,
  value: string,
  env: Record<string, string> = {},
  mem = 64,
): Record<string, unknown> => ({
  name: id,
  task_id: { value: id },
  agent_id: { value: agentId },
  resources: taskResources(0.1, mem),
  command: {
    value,
    environment: { variables: Object.entries(env).map(([name, value]) => ({ name, value })) },
  },
});

test('cgroups/mem: the executor and its tasks share one limit, raised and never lowered; past it the container is OOM-killed', async () => {
  await withSim({ isolation: 'cgroups/cpu,cgroups/mem' }, async (sim, s, artifacts) => {
    const exec = testExecutor(artifacts); // 32 MB
    const o1 = await offer(s);
    await s.call(
      'ACCEPT',
      launchBody([o1.id.value], [executorTask('t1', o1.agent_id.value, exec)]),
    );
    await s.ack(await s.update('t1', 'TASK_RUNNING'));
    const run = [...(sim.agents[0]?.state.runs.values() ?? [])][0];
    const pid = run?.procs.get('')?.pid ?? 0;
    assert.ok(pid > 0, 'the executor runs');
    // Limit 32 + 128 MB: a 64 MB peak beside the executor (a node process) fits.
    const small = sim.memory.charge(pid, 64 * MB, 'test 64 MB');
    assert.is(small?.oom, false);
    if (small?.oom === false) small.release();
    // A second task raises the limit to 288 MB; it ends, and the limit stays (only the soft limit falls).
    const o2 = await offer(s);
    await s.call(
      'ACCEPT',
      launchBody([o2.id.value], [executorTask('t2', o2.agent_id.value, exec, true)]),
    );
    await s.ack(await s.update('t2', 'TASK_RUNNING'));
    await s.ack(await s.update('t2', 'TASK_FINISHED'));
    const mid = sim.memory.charge(pid, 200 * MB, 'test 200 MB');
    assert.is(mid?.oom, false, '200 MB beside the executor fits 288 MB, not 160');
    if (mid?.oom === false) mid.release();
    // Past it: the container is destroyed; its task fails with the memory limitation.
    const big = sim.memory.charge(pid, 400 * MB, 'test 400 MB');
    assert.is(big?.oom, true);
    const failed = await s.update('t1', 'TASK_FAILED');
    assert.is(failed['reason'], 'REASON_CONTAINER_LIMITATION_MEMORY');
    assert.is(failed['source'], 'SOURCE_AGENT');
    assert.match(
      String(failed['message']),
      /^Memory limit exceeded: Requested: 288MB Maximum Used: \d+KB\n\nMEMORY STATISTICS: \n/,
    );
    const limited = (failed['limitation'] as { resources: { name: string }[] }).resources;
    assert.equal(
      limited.map((r) => r.name),
      ['mem'],
    );
    await s.ack(failed);
    await s.stream.next(ofType('FAILURE'));
    await eventually(() => (pidAlive(pid) ? undefined : true), 5000, 'the executor killed');
    assert.is(sim.history().tasks.find((t) => t.taskId === 't1')?.agentState, 'TASK_FAILED');
  });
});

test('without cgroups/mem (Mesos default posix/cpu,posix/mem) nothing is charged', async () => {
  await withSim({}, async (sim, s) => {
    const o = await offer(s);
    await s.call(
      'ACCEPT',
      launchBody([o.id.value], [commandTask('c', o.agent_id.value, 'sleep 30')]),
    );
    await s.ack(await s.update('c', 'TASK_RUNNING'));
    const pid = sim.agents[0]?.state.runs.values().next().value?.procs.get('c')?.pid ?? 0;
    assert.is(sim.memory.charge(pid, 10_000 * MB, 'huge'), undefined);
    await s.call('KILL', { kill: { task_id: { value: 'c' } } });
    await s.ack(await s.update('c', 'TASK_KILLED'));
  });
});

test('a command task: its process and its children are in its container (32 MB allowance + its own)', async () => {
  await withSim({ isolation: 'cgroups/mem' }, async (sim, s) => {
    const o = await offer(s);
    await s.call(
      'ACCEPT',
      launchBody(
        [o.id.value],
        [commandTask('c', o.agent_id.value, 'sleep 30 & echo $! > child; wait', {}, 64)],
      ),
    );
    await s.ack(await s.update('c', 'TASK_RUNNING'));
    const run = sim.agents[0]?.state.runs.values().next().value;
    const child = await eventually(() => {
      try {
        const n = Number(readFileSync(join(run?.sandbox ?? '', 'child'), 'utf8'));
        return n > 0 ? n : undefined;
      } catch {
        return undefined;
      }
    });
    assert.is(sim.memory.charge(process.pid, MB, 'not in a container'), undefined);
    const fits = sim.memory.charge(child, 60 * MB, '60 MB in a 96 MB container');
    assert.is(fits?.oom, false);
    if (fits?.oom === false) fits.release();
    const r = sim.memory.charge(child, 100 * MB, '100 MB in a 96 MB container');
    assert.is(r?.oom, true);
    const failed = await s.update('c', 'TASK_FAILED');
    assert.is(failed['reason'], 'REASON_CONTAINER_LIMITATION_MEMORY');
    assert.match(String(failed['message']), /Requested: 96MB/);
  });
});

test('isolator modules: prepare with the task environment before it runs, cleanup after it ends; a failed prepare fails the launch', async () => {
  const calls: string[] = [];
  const module = {
    prepare: (id: string, env: Readonly<Record<string, string>>) => {
      calls.push(`prepare ${env['VOL'] ?? '-'}`);
      return Promise.resolve(
        env['VOL'] === 'bad'
          ? { _tag: 'Left' as const, left: 'prepare() failed during mount attempt' }
          : { _tag: 'Right' as const },
      );
    },
    cleanup: (id: string) => {
      calls.push('cleanup');
      return Promise.resolve({ _tag: 'Right' as const, id });
    },
  };
  await withSim({ modules: [module] }, async (sim, s) => {
    const o1 = await offer(s);
    await s.call(
      'ACCEPT',
      launchBody(
        [o1.id.value],
        [commandTask('ok', o1.agent_id.value, 'echo "$VOL" > vol', { VOL: 'v1' })],
      ),
    );
    const running = await s.update('ok', 'TASK_RUNNING');
    assert.equal(calls, ['prepare v1'], 'prepared before the task ran');
    await s.ack(running);
    await s.ack(await s.update('ok', 'TASK_FINISHED'));
    await eventually(() => (calls.includes('cleanup') ? true : undefined), 5000, 'cleanup');
    const o2 = await offer(s);
    await s.call(
      'ACCEPT',
      launchBody([o2.id.value], [commandTask('bad', o2.agent_id.value, 'true', { VOL: 'bad' })]),
    );
    const failed = await s.update('bad', 'TASK_FAILED');
    assert.is(failed['reason'], 'REASON_CONTAINER_LAUNCH_FAILED');
    assert.is(
      failed['message'],
      'Failed to launch container: prepare() failed during mount attempt',
    );
    await eventually(
      () => (calls.filter((c) => c === 'cleanup').length === 2 ? true : undefined),
      5000,
      'cleanup of the failed container',
    );
    assert.is(sim.history().tasks.find((t) => t.taskId === 'bad')?.delivered, false);
  });
});

requirePrereq(test, schemaPrerequisite())(
  'every JSON the simulator sent or accepted matched the official schema',
  () => {
    assert.equal(schemaProblems, []);
  },
);

test.run();

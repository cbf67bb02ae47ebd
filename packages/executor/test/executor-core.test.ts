import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createExecutorCore, type StepRunner, type StepUpdate } from '../src/core.js';
import type { DeployStepSpec } from '@scaleio-framework/orchestrator';

const spec = (step: DeployStepSpec['step']): DeployStepSpec => ({
  step,
  role: 'storage',
  agentId: 'S1',
  hostname: 'node-1',
  ip: '10.0.0.1',
  mode: 'full',
  systemName: 'scaleio',
  protectionDomain: 'default',
  storagePool: 'default',
  mdms: [{ ip: '10.0.0.2', name: 'mdm1', role: 'primary' }],
  gatewayUrl: 'https://10.0.0.2',
  gatewayUser: 'admin',
  password: 'pw-never-shown',
  packageRepoUrl: 'http://127.0.0.1:1/',
  versions: { scaleio: '2.0-10000.2072', rexray: '0.11.4', dvdcli: '0.3.1', dvdi: '1.0.1' },
  agentFlags: 'mesos-slave-dir',
  agentService: 'mesos-slave',
  insecureTls: false,
});

function harness(runner: StepRunner) {
  const updates: StepUpdate[] = [];
  const core = createExecutorCore({
    runner,
    send: async (u) => void updates.push(u),
    log: () => undefined,
  });
  return {
    core,
    updates,
    states: (id: string) => updates.filter((u) => u.taskId === id).map((u) => u.state),
  };
}

test('a step runs and finishes with its result in the update', async () => {
  const h = harness({
    run: async (s) => ({ ok: true, result: { step: s.step, devices: ['/dev/xvdb'] } }),
  });
  h.core.launch('t1', spec('sds'));
  await h.core.idle();
  assert.equal(h.states('t1'), ['TASK_RUNNING', 'TASK_FINISHED']);
  assert.equal(h.updates.at(-1)?.data, { step: 'sds', devices: ['/dev/xvdb'] });
});

test('a failing step reports TASK_FAILED with its message; a throwing one too', async () => {
  const h = harness({
    run: async (s) =>
      s.step === 'sdc'
        ? { ok: false, error: 'sdc: dpkg exited 1' }
        : Promise.reject(new Error('boom')),
  });
  h.core.launch('a', spec('sdc'));
  h.core.launch('b', spec('lia'));
  await h.core.idle();
  assert.equal(
    h.updates.find((u) => u.taskId === 'a' && u.state === 'TASK_FAILED')?.message,
    'sdc: dpkg exited 1',
  );
  assert.equal(
    h.updates.find((u) => u.taskId === 'b' && u.state === 'TASK_FAILED')?.message,
    'step crashed: boom',
  );
});

test('a bad spec is TASK_ERROR naming the problem, without the password', async () => {
  const h = harness({ run: async () => ({ ok: true, result: { step: 'sds' } }) });
  h.core.launch('bad', { ...spec('sds'), step: 'dance', password: 'pw-never-shown' });
  h.core.launch('worse', 'not json object pw-never-shown');
  h.core.launch('worst', { ...spec('sds'), password: ['pw-never-shown'], mode: 9 });
  await h.core.idle();
  const bad = h.updates.find((u) => u.taskId === 'bad');
  assert.is(bad?.state, 'TASK_ERROR');
  assert.match(bad?.message ?? '', /step: expected .*"sds"/);
  assert.match(
    h.updates.find((u) => u.taskId === 'worst')?.message ?? '',
    /password: expected string/,
  );
  // Paths and expected types only: no value of the spec is ever quoted.
  assert.not.match(JSON.stringify(h.updates), 'pw-never-shown');
  assert.not.match(JSON.stringify(h.updates), 'dance');
  assert.is(h.updates.find((u) => u.taskId === 'worse')?.state, 'TASK_ERROR');
});

test('KILL aborts the running step and reports TASK_KILLED; a relaunch of a known task is ignored', async () => {
  const h = harness({
    run: (_s, signal) =>
      new Promise((resolve) =>
        signal.addEventListener('abort', () => resolve({ ok: false, error: 'aborted' })),
      ),
  });
  h.core.launch('k', spec('rexray'));
  h.core.launch('k', spec('rexray'));
  await new Promise((r) => setImmediate(r));
  assert.equal(h.core.running(), ['k']);
  h.core.kill('k');
  await h.core.idle();
  assert.equal(h.states('k'), ['TASK_RUNNING', 'TASK_KILLED']);
  h.core.kill('never-launched');
  await h.core.idle();
  assert.equal(h.states('never-launched'), ['TASK_KILLED']);
});

test('SHUTDOWN kills every running step and waits for their updates', async () => {
  const h = harness({
    run: (_s, signal) =>
      new Promise((resolve) =>
        signal.addEventListener('abort', () => resolve({ ok: false, error: 'aborted' })),
      ),
  });
  h.core.launch('x', spec('dvdcli'));
  await new Promise((r) => setImmediate(r));
  await h.core.shutdown();
  assert.equal(h.states('x'), ['TASK_RUNNING', 'TASK_KILLED']);
  assert.equal(h.core.running(), []);
});

test('a device-resolution probe answers with the path, or fails with the reason', async () => {
  const updates: StepUpdate[] = [];
  const core = createExecutorCore({
    runner: { run: async () => ({ ok: false, error: 'not a step' }) },
    resolve: async (p) =>
      p.volumeId === 'vol-1'
        ? { ok: true, path: '/dev/xvdf' }
        : { ok: false, error: 'not visible yet' },
    send: async (u) => void updates.push(u),
    log: () => undefined,
  });
  const probe = (volumeId: string) => ({
    kind: 'resolve-device',
    volumeId,
    sizeGiB: 100,
    guestPaths: ['/dev/xvdf'],
  });
  core.launch('p1', probe('vol-1'));
  core.launch('p2', probe('vol-2'));
  await core.idle();
  assert.equal(updates.find((u) => u.taskId === 'p1' && u.state === 'TASK_FINISHED')?.data, {
    kind: 'resolve-device',
    path: '/dev/xvdf',
  });
  assert.is(
    updates.find((u) => u.taskId === 'p2' && u.state === 'TASK_FAILED')?.message,
    'not visible yet',
  );
});

test.run();

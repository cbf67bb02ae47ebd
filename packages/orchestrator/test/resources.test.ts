import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  defaultClusterSpec,
  deployPlan,
  offerShortfall,
  stepFailureReason,
  taskKindOf,
  taskNeeds,
  type ClusterSpec,
} from '../src/index.js';

const spec: ClusterSpec = {
  ...defaultClusterSpec,
  stepMemMb: 64,
  repoInstallMemMb: 700,
  packageInstallMemMb: 300,
  gatewayMemMb: 1100,
  executorMemMb: 200,
};

test('every step has a kind: distribution packages, one package file, the gateway, light work', () => {
  assert.equal(
    Object.fromEntries(
      deployPlan.filter((s) => s.kind === 'task').map((s) => [s.id, taskKindOf(s.id)]),
    ),
    {
      prereqs: 'repo-install',
      'mdm-package': 'package-install',
      'mdm-cluster': 'light',
      lia: 'package-install',
      gateway: 'gateway',
      sds: 'package-install',
      sdc: 'package-install',
      rexray: 'package-install',
      dvdcli: 'package-install',
      dvdi: 'package-install',
      'agent-restart': 'light',
    },
  );
  assert.is(taskKindOf('probe'), 'light');
});

test('a task needs its kind’s memory, plus the executor’s when none runs on the agent', () => {
  const cases: [Parameters<typeof taskNeeds>[1], boolean, number][] = [
    ['prereqs', false, 900],
    ['prereqs', true, 700],
    ['sds', false, 500],
    ['gateway', false, 1300],
    ['mdm-cluster', true, 64],
    ['probe', false, 264],
  ];
  for (const [step, running, mem] of cases)
    assert.is(taskNeeds(spec, step, running).memMb, mem, `${step} ${running}`);
  const offer = { offerId: 'o', agentId: 'a1' as never, cpus: 4, memMb: 800 };
  assert.match(
    offerShortfall(offer, spec, 'prereqs') ?? '',
    /needs 0\.15.* \/ 900 with a new executor/,
  );
  assert.is(offerShortfall({ ...offer, executorRunning: true }, spec, 'prereqs'), undefined);
  assert.is(offerShortfall(offer, spec, 'sds'), undefined);
});

test('a memory kill names the step, the limit Mesos reported, what the container held and the option', () => {
  const reason = stepFailureReason(spec, 'prereqs', {
    state: 'TASK_FAILED',
    reason: 'REASON_CONTAINER_LIMITATION_MEMORY',
    message:
      'Memory limit exceeded: Requested: 900MB Maximum Used: 1001472KB\n\nMEMORY STATISTICS: \ncache 0\n',
  });
  assert.is(
    reason,
    'TASK_FAILED (REASON_CONTAINER_LIMITATION_MEMORY): step prereqs ran out of memory: Memory limit exceeded: Requested: 900MB Maximum Used: 1001472KB. Its container held the executor (200 MB) and this repo-install task (700 MB); raise repoInstallMemMb',
  );
  assert.is(
    stepFailureReason(spec, 'sds', { state: 'TASK_FAILED', message: 'exit 1' }),
    'TASK_FAILED: exit 1',
  );
});

test.run();

/**
 * Schema acceptance: every call builder of @scaleio-framework/mesos produces JSON that the strict
 * walker accepts against the official Mesos protos (`../shared/mesos-proto/`).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as E from 'fp-ts/lib/Either.js';
import {
  ExecutorCall,
  SchedulerCall,
  acceptCall,
  acceptInverseOffersCall,
  acknowledgeCall,
  acknowledgeOperationStatusCall,
  agentId,
  createOperation,
  declineCall,
  declineInverseOffersCall,
  destroyOperation,
  executorHeartbeatCall,
  executorId,
  executorMessageCall,
  executorSubscribeCall,
  executorTaskStatus,
  executorUpdateCall,
  frameworkId,
  killCall,
  launchGroupOperation,
  launchOperation,
  messageCall,
  newUuidBase64,
  offerId,
  reconcileCall,
  reconcileOperationsCall,
  requestCall,
  reserveOperation,
  reviveCall,
  shutdownCall,
  subscribeCall,
  suppressCall,
  taskId,
  teardownCall,
  unreserveOperation,
  updateFrameworkCall,
} from '@scaleio-framework/mesos';
import type { ExecutorInfo, FrameworkInfo, Resource, TaskInfo } from '@scaleio-framework/mesos';
import { requirePrereq } from '@scaleio-framework/testkit';
import { schemaPrerequisite, validateMessage } from '../src/index.js';

const must = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(JSON.stringify(e.left));
  return e.right;
};
const F = must(frameworkId('F-0000'));
const S0 = must(agentId('M-S0'));
const EX = must(executorId('storage-executor-agent-1'));
const T = must(taskId('vol-agent.7f3c'));
const O1 = must(offerId('M-O12'));
const bytes = (n: number) => new Uint8Array(n).fill(9);
const uuid = newUuidBase64(bytes);

const alloc = { allocation_info: { role: 'storage' } };
const cpus: Resource = {
  name: 'cpus',
  type: 'SCALAR',
  scalar: { value: 0.5 },
  role: '*',
  ...alloc,
};
const ports: Resource = {
  name: 'ports',
  type: 'RANGES',
  ranges: { range: [{ begin: 31000, end: 31000 }] },
  role: '*',
  ...alloc,
};
const reservedDisk: Resource = {
  name: 'disk',
  type: 'SCALAR',
  scalar: { value: 2048 },
  role: 'storage',
  reservation: {
    principal: 'storage-fw',
    labels: { labels: [{ key: 'owner', value: 'storage-fw' }] },
  },
  ...alloc,
};
const volume: Resource = {
  ...reservedDisk,
  disk: {
    persistence: { id: 'pv-vol-1', principal: 'storage-fw' },
    volume: { container_path: 'data', mode: 'RW' },
  },
};
const refinedDisk: Resource = {
  name: 'disk',
  type: 'SCALAR',
  scalar: { value: 2048 },
  ...alloc,
  reservations: [{ type: 'DYNAMIC', role: 'storage', principal: 'storage-fw' }],
};
const info: FrameworkInfo = {
  user: 'root',
  name: 'storage-framework',
  roles: ['storage'],
  capabilities: [
    { type: 'MULTI_ROLE' },
    { type: 'TASK_KILLING_STATE' },
    { type: 'PARTITION_AWARE' },
  ],
  failover_timeout: 604800,
  checkpoint: true,
  principal: 'storage-fw',
  hostname: 'sched-1.example',
  labels: { labels: [{ key: 'k', value: 'v' }] },
};
const executor: ExecutorInfo = {
  type: 'CUSTOM',
  executor_id: EX,
  name: 'storage executor',
  command: {
    value: './storage-executor',
    shell: false,
    arguments: ['storage-executor', '--verbose'],
    uris: [{ value: 'http://repo.example/storage-executor.tar.gz', extract: true, cache: false }],
    environment: { variables: [{ name: 'LOG_LEVEL', value: 'info' }] },
  },
  resources: [cpus],
  shutdown_grace_period: { nanoseconds: 10_000_000_000 },
};
const task: TaskInfo = {
  name: 'volume-agent',
  task_id: T,
  agent_id: S0,
  resources: [cpus, ports],
  executor,
  data: Buffer.from('{"volume":"vol-1"}').toString('base64'),
  labels: { labels: [{ key: 'volume', value: 'vol-1' }] },
  kill_policy: { grace_period: { nanoseconds: 5_000_000_000 } },
};
const commandTask: TaskInfo = {
  name: 'uses-rexray-volume',
  task_id: must(taskId('app-1')),
  agent_id: S0,
  resources: [cpus],
  command: { value: 'ls /mnt/volume' },
  container: {
    type: 'MESOS',
    volumes: [
      {
        container_path: '/mnt/volume',
        mode: 'RW',
        source: {
          type: 'DOCKER_VOLUME',
          docker_volume: {
            driver: 'rexray',
            name: 'vol-1',
            driver_options: { parameter: [{ key: 'size', value: '16' }] },
          },
        },
      },
    ],
  },
  limits: { cpus: { value: 2 } },
};

const { command: _command, ...executorWithoutCommand } = executor;
const defaultExecutor: ExecutorInfo = { ...executorWithoutCommand, type: 'DEFAULT' };
const { container: _container, ...groupTask } = commandTask;

const schedulerCalls: readonly [string, SchedulerCall][] = [
  ['subscribe (first)', subscribeCall(info, { suppressedRoles: [] })],
  ['subscribe (failover)', subscribeCall(info, { frameworkId: F })],
  ['teardown', teardownCall(F)],
  ['accept launch', acceptCall(F, [O1], [launchOperation([task, commandTask])], 5)],
  [
    'accept launch_group',
    acceptCall(F, [O1], [launchGroupOperation(defaultExecutor, [groupTask])]),
  ],
  [
    'accept reserve/create',
    acceptCall(
      F,
      [O1],
      [reserveOperation([reservedDisk], 'op-reserve-1'), createOperation([volume])],
    ),
  ],
  ['accept refined reserve', acceptCall(F, [O1], [reserveOperation([refinedDisk])])],
  [
    'accept destroy/unreserve',
    acceptCall(F, [O1], [destroyOperation([volume]), unreserveOperation([reservedDisk], 'op-2')]),
  ],
  ['decline', declineCall(F, [O1], 120)],
  ['decline (no filter)', declineCall(F, [O1])],
  ['revive', reviveCall(F, ['storage'])],
  ['revive (all)', reviveCall(F)],
  ['suppress', suppressCall(F, ['storage'])],
  ['kill', killCall(F, T, { agentId: S0, gracePeriodNanos: 0 })],
  ['shutdown', shutdownCall(F, EX, S0)],
  ['acknowledge', acknowledgeCall(F, S0, T, uuid)],
  ['reconcile explicit', reconcileCall(F, [{ taskId: T, agentId: S0 }, { taskId: T }])],
  ['reconcile implicit', reconcileCall(F)],
  ['message', messageCall(F, S0, EX, Buffer.from('hello'))],
  ['request', requestCall(F, [{ agentId: S0, resources: [cpus] }])],
  ['accept inverse offers', acceptInverseOffersCall(F, [O1], 60)],
  ['decline inverse offers', declineInverseOffersCall(F, [O1])],
  [
    'acknowledge operation status',
    acknowledgeOperationStatusCall(F, { value: 'op-reserve-1' }, uuid, S0),
  ],
  [
    'reconcile operations',
    reconcileOperationsCall(F, [{ operationId: { value: 'op-1' }, agentId: S0 }]),
  ],
  ['update framework', updateFrameworkCall(F, info, ['storage'])],
];

const who = { frameworkId: F, executorId: EX };
const status = executorTaskStatus(
  who,
  {
    taskId: T,
    state: 'TASK_RUNNING',
    message: 'mounted',
    data: Buffer.from('{}'),
    reason: 'REASON_RECONCILIATION',
  },
  { nowMs: 1_718_000_000_123, randomBytes: bytes },
);
const executorCalls: readonly [string, ExecutorCall][] = [
  ['subscribe (fresh)', executorSubscribeCall(who)],
  ['subscribe (recovering)', executorSubscribeCall(who, [task], [status])],
  ['update', executorUpdateCall(who, status)],
  ['message', executorMessageCall(who, Buffer.from('hi'))],
  ['heartbeat', executorHeartbeatCall(who)],
];

/** Tests that validate against the official schema (skipped without it; CI fails). */
const schemaTest = requirePrereq(test, schemaPrerequisite());

schemaTest('every scheduler call builder output fits mesos.v1.scheduler.Call', () => {
  const problems = schedulerCalls.flatMap(([name, call]) =>
    validateMessage(
      'mesos.v1.scheduler.Call',
      JSON.parse(JSON.stringify(SchedulerCall.encode(call))),
    ).map((p) => `${name}: ${p}`),
  );
  assert.equal(problems, []);
  const types = new Set(schedulerCalls.map(([, c]) => c.type));
  assert.is(types.size, 17, 'all 17 call types are covered');
});

schemaTest('every executor call builder output fits mesos.v1.executor.Call', () => {
  const problems = executorCalls.flatMap(([name, call]) =>
    validateMessage(
      'mesos.v1.executor.Call',
      JSON.parse(JSON.stringify(ExecutorCall.encode(call))),
    ).map((p) => `${name}: ${p}`),
  );
  assert.equal(problems, []);
});

schemaTest(
  'the walker is strict: a builder-shaped call with a docs-style mistake is caught',
  () => {
    const wrong = {
      ...JSON.parse(JSON.stringify(SchedulerCall.encode(reviveCall(F, ['storage'])))),
      revive: { role: 'storage' },
    };
    assert.ok(validateMessage('mesos.v1.scheduler.Call', wrong).length > 0);
  },
);

test.run();

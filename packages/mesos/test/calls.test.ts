import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as E from 'fp-ts/lib/Either.js';
import {
  ExecutorCall,
  SchedulerCall,
  acceptCall,
  acknowledgeCall,
  acknowledgeOperationStatusCall,
  acknowledgementFor,
  declineCall,
  executorSubscribeCall,
  executorTaskStatus,
  executorUpdateCall,
  frameworkId,
  isValidUuidBase64,
  killCall,
  launchOperation,
  messageCall,
  newUuidBase64,
  reconcileCall,
  reviveCall,
  shutdownCall,
  subscribeCall,
  suppressCall,
  teardownCall,
  uuidText,
} from '../src/index.js';
import { EX, F, S0, oid, scalarRes, tid, unwrap } from './helpers.js';

/** What goes on the wire. */
const wire = (c: SchedulerCall): unknown => JSON.parse(JSON.stringify(SchedulerCall.encode(c)));

test('builders produce the reference JSON exactly', () => {
  assert.equal(wire(declineCall(F, [oid('O1'), oid('O2')], 120)), {
    framework_id: { value: 'F' },
    type: 'DECLINE',
    decline: { offer_ids: [{ value: 'O1' }, { value: 'O2' }], filters: { refuse_seconds: 120 } },
  });
  assert.equal(wire(reviveCall(F, ['storage'])), {
    framework_id: { value: 'F' },
    type: 'REVIVE',
    revive: { roles: ['storage'] },
  });
  assert.equal(wire(suppressCall(F)), { framework_id: { value: 'F' }, type: 'SUPPRESS' });
  assert.equal(wire(killCall(F, tid('t'), { agentId: S0, gracePeriodNanos: 0 })), {
    framework_id: { value: 'F' },
    type: 'KILL',
    kill: {
      task_id: { value: 't' },
      agent_id: { value: 'S0' },
      kill_policy: { grace_period: { nanoseconds: 0 } },
    },
  });
  assert.equal(wire(shutdownCall(F, EX, S0)), {
    framework_id: { value: 'F' },
    type: 'SHUTDOWN',
    shutdown: { executor_id: { value: 'E' }, agent_id: { value: 'S0' } },
  });
  assert.equal(wire(acknowledgeCall(F, S0, tid('vol-agent.7f3c'), 'jc8bJ1HsT0i9h6mNHqz6aQ==')), {
    framework_id: { value: 'F' },
    type: 'ACKNOWLEDGE',
    acknowledge: {
      agent_id: { value: 'S0' },
      task_id: { value: 'vol-agent.7f3c' },
      uuid: 'jc8bJ1HsT0i9h6mNHqz6aQ==',
    },
  });
  assert.equal(wire(reconcileCall(F)), {
    framework_id: { value: 'F' },
    type: 'RECONCILE',
    reconcile: { tasks: [] },
  });
  assert.equal(wire(messageCall(F, S0, EX, Buffer.from('hello'))), {
    framework_id: { value: 'F' },
    type: 'MESSAGE',
    message: { agent_id: { value: 'S0' }, executor_id: { value: 'E' }, data: 'aGVsbG8=' },
  });
  assert.equal(
    wire(
      acknowledgeOperationStatusCall(F, { value: 'op-reserve-1' }, 'jc8bJ1HsT0i9h6mNHqz6aQ==', S0),
    ),
    {
      framework_id: { value: 'F' },
      type: 'ACKNOWLEDGE_OPERATION_STATUS',
      acknowledge_operation_status: {
        agent_id: { value: 'S0' },
        uuid: 'jc8bJ1HsT0i9h6mNHqz6aQ==',
        operation_id: { value: 'op-reserve-1' },
      },
    },
  );
  assert.equal(wire(teardownCall(F)), { framework_id: { value: 'F' }, type: 'TEARDOWN' });
});

test('subscribe: no ids on first subscription, both ids on failover', () => {
  const info = {
    user: 'root',
    name: 'storage-framework',
    roles: ['storage'],
    failover_timeout: 604800,
    checkpoint: true,
  };
  const first = wire(subscribeCall({ ...info, id: F })) as Record<string, unknown>;
  assert.equal(first, { type: 'SUBSCRIBE', subscribe: { framework_info: info } });
  const again = wire(subscribeCall(info, { frameworkId: unwrap(frameworkId('X-0000')) }));
  assert.equal(again, {
    type: 'SUBSCRIBE',
    framework_id: { value: 'X-0000' },
    subscribe: { framework_info: { ...info, id: { value: 'X-0000' } } },
  });
});

test('accept with a launch operation encodes the task', () => {
  const call = acceptCall(
    F,
    [oid('O1')],
    [
      launchOperation([
        {
          name: 'n',
          task_id: tid('t'),
          agent_id: S0,
          resources: [scalarRes('cpus', 0.5)],
          command: { value: 'true', shell: true },
        },
      ]),
    ],
    5,
  );
  const json = wire(call) as {
    accept: { operations: { launch: { task_infos: unknown[] } }[]; filters: unknown };
  };
  assert.equal(json.accept.filters, { refuse_seconds: 5 });
  assert.is(json.accept.operations[0]?.launch.task_infos.length, 1);
  assert.ok(E.isRight(SchedulerCall.decode(json)));
});

test('acknowledgementFor skips updates without a uuid', () => {
  assert.is(
    acknowledgementFor(F, { task_id: tid('t'), state: 'TASK_RUNNING', agent_id: S0 }),
    undefined,
  );
  const ack = acknowledgementFor(F, {
    task_id: tid('t'),
    state: 'TASK_RUNNING',
    agent_id: S0,
    uuid: 'jc8bJ1HsT0i9h6mNHqz6aQ==',
  });
  assert.is(ack?.acknowledge.uuid, 'jc8bJ1HsT0i9h6mNHqz6aQ==');
});

test('uuids are base64 of 16 bytes with a valid version, unlike the docs example', () => {
  let n = 0;
  const bytes = (size: number) => Uint8Array.from({ length: size }, () => (n += 37) & 0xff);
  const u = newUuidBase64(bytes);
  assert.is(Buffer.from(u, 'base64').length, 16);
  assert.ok(isValidUuidBase64(u));
  assert.match(
    uuidText(u),
    /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );
  assert.not.ok(isValidUuidBase64('ZDQwZjNmYTYtYjZhZi00MzdmLTk2NDQtNjdjYzk4NzQ0OWZjCg=='));
  assert.not.ok(isValidUuidBase64(Buffer.alloc(16).toString('base64')));
});

test('executor builders: subscribe always carries subscribe; statuses come from the executor', () => {
  const who = { frameworkId: F, executorId: EX };
  const sub = ExecutorCall.encode(executorSubscribeCall(who));
  assert.equal(JSON.parse(JSON.stringify(sub)), {
    type: 'SUBSCRIBE',
    framework_id: { value: 'F' },
    executor_id: { value: 'E' },
    subscribe: { unacknowledged_tasks: [], unacknowledged_updates: [] },
  });
  const status = executorTaskStatus(
    who,
    { taskId: tid('t'), state: 'TASK_RUNNING', data: Buffer.from('{}') },
    { nowMs: 1_718_000_000_123, randomBytes: (s) => new Uint8Array(s).fill(7) },
  );
  assert.is(status.source, 'SOURCE_EXECUTOR');
  assert.is(status.timestamp, 1_718_000_000.123);
  assert.ok(status.uuid !== undefined && isValidUuidBase64(status.uuid));
  assert.is(status.data, 'e30=');
  const upd = JSON.parse(JSON.stringify(ExecutorCall.encode(executorUpdateCall(who, status))));
  assert.is(upd.update.status.executor_id.value, 'E');
});

test.run();

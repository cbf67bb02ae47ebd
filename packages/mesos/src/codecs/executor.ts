/**
 * `mesos.v1.executor.Call` and `mesos.v1.executor.Event` as discriminated unions on `type`.
 * `executor_id` and `framework_id` are required on every executor call.
 *
 * @module
 */
import * as t from 'io-ts';
import { Base64, ExecutorID, FrameworkID, PlainID, TaskID, list, struct } from './base.js';
import { eventMember, typeUnion } from './members.js';
import { AgentInfo, FrameworkInfo } from './framework.js';
import { ExecutorInfo, KillPolicy, TaskGroupInfo, TaskInfo, TaskStatus } from './task.js';

const call = <K extends string, R extends t.Props>(type: K, payload: R) =>
  struct(
    `ExecutorCall.${type}`,
    { type: t.literal(type), framework_id: FrameworkID, executor_id: ExecutorID, ...payload },
    {},
  );

/** `mesos.v1.executor.Call`. SUBSCRIBE must carry `subscribe`, even when empty. */
export const ExecutorCall = typeUnion('ExecutorCall', [
  call('SUBSCRIBE', {
    subscribe: struct(
      'ExecutorSubscribe',
      {},
      {
        unacknowledged_tasks: list(TaskInfo),
        unacknowledged_updates: list(struct('ExecutorUpdate', { status: TaskStatus }, {})),
      },
    ),
  }),
  call('UPDATE', { update: struct('ExecutorUpdate', { status: TaskStatus }, {}) }),
  call('MESSAGE', { message: struct('ExecutorMessage', { data: Base64 }, {}) }),
  call('HEARTBEAT', {}),
]);
/** `mesos.v1.executor.Call`. */
export type ExecutorCall = t.TypeOf<typeof ExecutorCall>;

const event = eventMember('ExecutorEvent');

/** `mesos.v1.executor.Event`. */
export const ExecutorEvent = typeUnion('ExecutorEvent', [
  event('SUBSCRIBED', {
    subscribed: struct(
      'ExecutorSubscribed',
      { executor_info: ExecutorInfo, framework_info: FrameworkInfo, agent_info: AgentInfo },
      { container_id: PlainID },
    ),
  }),
  event('LAUNCH', { launch: struct('ExecutorLaunch', { task: TaskInfo }, {}) }),
  event('LAUNCH_GROUP', {
    launch_group: struct('ExecutorLaunchGroup', { task_group: TaskGroupInfo }, {}),
  }),
  event('KILL', {
    kill: struct('ExecutorKill', { task_id: TaskID }, { kill_policy: KillPolicy }),
  }),
  event('ACKNOWLEDGED', {
    acknowledged: struct('ExecutorAcknowledged', { task_id: TaskID, uuid: Base64 }, {}),
  }),
  event('MESSAGE', { message: struct('ExecutorEventMessage', { data: Base64 }, {}) }),
  event('ERROR', { error: struct('ExecutorError', { message: t.string }, {}) }),
  event('SHUTDOWN', {}),
  event('HEARTBEAT', {}),
]);
/** `mesos.v1.executor.Event`. */
export type ExecutorEvent = t.TypeOf<typeof ExecutorEvent>;

/** io-ts codec of mesos.v1.scheduler.Call, the body of `POST /api/v1/scheduler`. */
import * as t from 'io-ts';
import {
  FrameworkInfo,
  Filters,
  Id,
  KillPolicy,
  TaskInfo,
  ExecutorInfo,
  Resource,
} from './common.js';

/** mesos.v1.Offer.Operation (LAUNCH, LAUNCH_GROUP, RESERVE, UNRESERVE are carried out). */
export const Operation = t.intersection([
  t.partial({ type: t.string, id: Id }),
  t.partial({
    launch: t.partial({ task_infos: t.array(TaskInfo) }),
    reserve: t.partial({ resources: t.array(Resource), source: t.array(Resource) }),
    unreserve: t.partial({ resources: t.array(Resource) }),
    launch_group: t.intersection([
      t.type({ executor: ExecutorInfo, task_group: t.partial({ tasks: t.array(TaskInfo) }) }),
      t.partial({}),
    ]),
  }),
]);
/** An offer operation. */
export type Operation = t.TypeOf<typeof Operation>;

const Roles = t.partial({ roles: t.array(t.string) });

/** mesos.v1.scheduler.Call: `type` may be any string; unknown ones are answered 501. */
export const SchedulerCall = t.intersection([
  t.type({ type: t.string }),
  t.partial({
    framework_id: Id,
    subscribe: t.intersection([
      t.type({ framework_info: FrameworkInfo }),
      t.partial({ suppressed_roles: t.array(t.string) }),
    ]),
    accept: t.intersection([
      t.partial({ offer_ids: t.array(Id), operations: t.array(Operation), filters: Filters }),
      t.partial({}),
    ]),
    decline: t.partial({ offer_ids: t.array(Id), filters: Filters }),
    revive: Roles,
    suppress: Roles,
    kill: t.intersection([
      t.type({ task_id: Id }),
      t.partial({ agent_id: Id, kill_policy: KillPolicy }),
    ]),
    shutdown: t.type({ executor_id: Id, agent_id: Id }),
    acknowledge: t.type({ agent_id: Id, task_id: Id, uuid: t.string }),
    reconcile: t.partial({
      tasks: t.array(t.intersection([t.type({ task_id: Id }), t.partial({ agent_id: Id })])),
    }),
    message: t.type({ agent_id: Id, executor_id: Id, data: t.string }),
    update_framework: t.intersection([
      t.type({ framework_info: FrameworkInfo }),
      t.partial({ suppressed_roles: t.array(t.string) }),
    ]),
  }),
]);
/** A scheduler call. */
export type SchedulerCall = t.TypeOf<typeof SchedulerCall>;

/** Call types of mesos.v1.scheduler.Call.Type (UNKNOWN excluded). */
export const CALL_TYPES = [
  'SUBSCRIBE',
  'TEARDOWN',
  'ACCEPT',
  'DECLINE',
  'REVIVE',
  'KILL',
  'SHUTDOWN',
  'ACKNOWLEDGE',
  'RECONCILE',
  'MESSAGE',
  'REQUEST',
  'SUPPRESS',
  'ACCEPT_INVERSE_OFFERS',
  'DECLINE_INVERSE_OFFERS',
  'ACKNOWLEDGE_OPERATION_STATUS',
  'RECONCILE_OPERATIONS',
  'UPDATE_FRAMEWORK',
] as const;

/** Sub-message each call type must carry (validation::scheduler::call::validate). */
export const REQUIRED_SUBMESSAGE: Partial<Record<string, string>> = {
  SUBSCRIBE: 'subscribe',
  ACCEPT: 'accept',
  DECLINE: 'decline',
  ACCEPT_INVERSE_OFFERS: 'accept_inverse_offers',
  DECLINE_INVERSE_OFFERS: 'decline_inverse_offers',
  KILL: 'kill',
  SHUTDOWN: 'shutdown',
  ACKNOWLEDGE: 'acknowledge',
  ACKNOWLEDGE_OPERATION_STATUS: 'acknowledge_operation_status',
  RECONCILE: 'reconcile',
  RECONCILE_OPERATIONS: 'reconcile_operations',
  MESSAGE: 'message',
  REQUEST: 'request',
  UPDATE_FRAMEWORK: 'update_framework',
};

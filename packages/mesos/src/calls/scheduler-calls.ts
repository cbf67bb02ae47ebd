/**
 * Pure builders of scheduler calls and offer operations. Each returns a value that encodes to
 * exactly the JSON Mesos accepts; sending is the client's job.
 *
 * @module
 */
import type { AgentID, ExecutorID, FrameworkID, OfferID, PlainID, TaskID } from '../codecs/base.js';
import type { Filters, FrameworkInfo, OfferOperation } from '../codecs/framework.js';
import type { Resource } from '../codecs/resource.js';
import type { SchedulerCall } from '../codecs/scheduler.js';
import type { ExecutorInfo, TaskInfo, TaskStatus } from '../codecs/task.js';

/** The member of {@link SchedulerCall} with the given type. */
export type CallOf<K extends SchedulerCall['type']> = Extract<SchedulerCall, { type: K }>;

const filtersOf = (refuseSeconds: number | undefined): { filters?: Filters } =>
  refuseSeconds === undefined ? {} : { filters: { refuse_seconds: refuseSeconds } };

/**
 * SUBSCRIBE. With a stored framework id both `framework_id` and `framework_info.id` are set
 * (failover); without one, neither is.
 */
export const subscribeCall = (
  frameworkInfo: FrameworkInfo,
  options: {
    readonly frameworkId?: FrameworkID;
    readonly suppressedRoles?: readonly string[];
  } = {},
): CallOf<'SUBSCRIBE'> => {
  const { id: _ignored, ...info } = frameworkInfo;
  const suppressed =
    options.suppressedRoles === undefined ? {} : { suppressed_roles: [...options.suppressedRoles] };
  return options.frameworkId === undefined
    ? { type: 'SUBSCRIBE', subscribe: { framework_info: info, ...suppressed } }
    : {
        type: 'SUBSCRIBE',
        framework_id: options.frameworkId,
        subscribe: { framework_info: { ...info, id: options.frameworkId }, ...suppressed },
      };
};

/** TEARDOWN: end the framework, killing all its tasks. The id cannot be reused afterwards. */
export const teardownCall = (frameworkId: FrameworkID): CallOf<'TEARDOWN'> => ({
  type: 'TEARDOWN',
  framework_id: frameworkId,
});

/** ACCEPT offers (all from one agent) applying operations in order. */
export const acceptCall = (
  frameworkId: FrameworkID,
  offerIds: readonly OfferID[],
  operations: readonly OfferOperation[],
  refuseSeconds?: number,
): CallOf<'ACCEPT'> => ({
  type: 'ACCEPT',
  framework_id: frameworkId,
  accept: { offer_ids: [...offerIds], operations: [...operations], ...filtersOf(refuseSeconds) },
});

/** DECLINE offers, optionally refusing the agent's resources for `refuseSeconds`. */
export const declineCall = (
  frameworkId: FrameworkID,
  offerIds: readonly OfferID[],
  refuseSeconds?: number,
): CallOf<'DECLINE'> => ({
  type: 'DECLINE',
  framework_id: frameworkId,
  decline: { offer_ids: [...offerIds], ...filtersOf(refuseSeconds) },
});

/** REVIVE: un-suppress and clear decline filters for the roles (all roles when empty). */
export const reviveCall = (
  frameworkId: FrameworkID,
  roles: readonly string[] = [],
): CallOf<'REVIVE'> =>
  roles.length === 0
    ? { type: 'REVIVE', framework_id: frameworkId }
    : { type: 'REVIVE', framework_id: frameworkId, revive: { roles: [...roles] } };

/** SUPPRESS offers for the roles (all roles when empty). */
export const suppressCall = (
  frameworkId: FrameworkID,
  roles: readonly string[] = [],
): CallOf<'SUPPRESS'> =>
  roles.length === 0
    ? { type: 'SUPPRESS', framework_id: frameworkId }
    : { type: 'SUPPRESS', framework_id: frameworkId, suppress: { roles: [...roles] } };

/** KILL a task, optionally naming its agent and a grace period. */
export const killCall = (
  frameworkId: FrameworkID,
  taskId: TaskID,
  options: { readonly agentId?: AgentID; readonly gracePeriodNanos?: number } = {},
): CallOf<'KILL'> => ({
  type: 'KILL',
  framework_id: frameworkId,
  kill: {
    task_id: taskId,
    ...(options.agentId === undefined ? {} : { agent_id: options.agentId }),
    ...(options.gracePeriodNanos === undefined
      ? {}
      : { kill_policy: { grace_period: { nanoseconds: options.gracePeriodNanos } } }),
  },
});

/** SHUTDOWN a custom executor on an agent. */
export const shutdownCall = (
  frameworkId: FrameworkID,
  executorId: ExecutorID,
  agentId: AgentID,
): CallOf<'SHUTDOWN'> => ({
  type: 'SHUTDOWN',
  framework_id: frameworkId,
  shutdown: { executor_id: executorId, agent_id: agentId },
});

/** ACKNOWLEDGE a status update, echoing its base64 uuid unchanged. */
export const acknowledgeCall = (
  frameworkId: FrameworkID,
  agentId: AgentID,
  taskId: TaskID,
  uuid: string,
): CallOf<'ACKNOWLEDGE'> => ({
  type: 'ACKNOWLEDGE',
  framework_id: frameworkId,
  acknowledge: { agent_id: agentId, task_id: taskId, uuid },
});

/**
 * The ACKNOWLEDGE a status update needs, or `undefined` when it needs none (no uuid: master-made
 * updates such as reconciliation answers are never acknowledged).
 */
export const acknowledgementFor = (
  frameworkId: FrameworkID,
  status: TaskStatus,
): CallOf<'ACKNOWLEDGE'> | undefined =>
  status.uuid === undefined || status.agent_id === undefined
    ? undefined
    : acknowledgeCall(frameworkId, status.agent_id, status.task_id, status.uuid);

/** RECONCILE the listed tasks explicitly, or all tasks implicitly when the list is empty. */
export const reconcileCall = (
  frameworkId: FrameworkID,
  tasks: readonly { readonly taskId: TaskID; readonly agentId?: AgentID }[] = [],
): CallOf<'RECONCILE'> => ({
  type: 'RECONCILE',
  framework_id: frameworkId,
  reconcile: {
    tasks: tasks.map((task) =>
      task.agentId === undefined
        ? { task_id: task.taskId }
        : { task_id: task.taskId, agent_id: task.agentId },
    ),
  },
});

/** MESSAGE: best-effort bytes to an executor. */
export const messageCall = (
  frameworkId: FrameworkID,
  agentId: AgentID,
  executorId: ExecutorID,
  data: Uint8Array,
): CallOf<'MESSAGE'> => ({
  type: 'MESSAGE',
  framework_id: frameworkId,
  message: {
    agent_id: agentId,
    executor_id: executorId,
    data: Buffer.from(data).toString('base64'),
  },
});

/** ACCEPT_INVERSE_OFFERS. */
export const acceptInverseOffersCall = (
  frameworkId: FrameworkID,
  inverseOfferIds: readonly OfferID[],
  refuseSeconds?: number,
): CallOf<'ACCEPT_INVERSE_OFFERS'> => ({
  type: 'ACCEPT_INVERSE_OFFERS',
  framework_id: frameworkId,
  accept_inverse_offers: { inverse_offer_ids: [...inverseOfferIds], ...filtersOf(refuseSeconds) },
});

/** DECLINE_INVERSE_OFFERS. */
export const declineInverseOffersCall = (
  frameworkId: FrameworkID,
  inverseOfferIds: readonly OfferID[],
  refuseSeconds?: number,
): CallOf<'DECLINE_INVERSE_OFFERS'> => ({
  type: 'DECLINE_INVERSE_OFFERS',
  framework_id: frameworkId,
  decline_inverse_offers: { inverse_offer_ids: [...inverseOfferIds], ...filtersOf(refuseSeconds) },
});

/** ACKNOWLEDGE_OPERATION_STATUS, echoing `status.uuid.value`. */
export const acknowledgeOperationStatusCall = (
  frameworkId: FrameworkID,
  operationId: PlainID,
  uuid: string,
  agentId?: AgentID,
): CallOf<'ACKNOWLEDGE_OPERATION_STATUS'> => ({
  type: 'ACKNOWLEDGE_OPERATION_STATUS',
  framework_id: frameworkId,
  acknowledge_operation_status: {
    uuid,
    operation_id: operationId,
    ...(agentId === undefined ? {} : { agent_id: agentId }),
  },
});

/** RECONCILE_OPERATIONS (all operations when empty). */
export const reconcileOperationsCall = (
  frameworkId: FrameworkID,
  operations: readonly { readonly operationId: PlainID; readonly agentId?: AgentID }[] = [],
): CallOf<'RECONCILE_OPERATIONS'> => ({
  type: 'RECONCILE_OPERATIONS',
  framework_id: frameworkId,
  reconcile_operations: {
    operations: operations.map((op) =>
      op.agentId === undefined
        ? { operation_id: op.operationId }
        : { operation_id: op.operationId, agent_id: op.agentId },
    ),
  },
});

/** REQUEST resources (the built-in allocator ignores it). */
export const requestCall = (
  frameworkId: FrameworkID,
  requests: readonly { readonly agentId?: AgentID; readonly resources: readonly Resource[] }[],
): CallOf<'REQUEST'> => ({
  type: 'REQUEST',
  framework_id: frameworkId,
  request: {
    requests: requests.map((r) =>
      r.agentId === undefined
        ? { resources: [...r.resources] }
        : { agent_id: r.agentId, resources: [...r.resources] },
    ),
  },
});

/** UPDATE_FRAMEWORK: change name, roles, capabilities, failover timeout, labels. */
export const updateFrameworkCall = (
  frameworkId: FrameworkID,
  frameworkInfo: FrameworkInfo,
  suppressedRoles?: readonly string[],
): CallOf<'UPDATE_FRAMEWORK'> => ({
  type: 'UPDATE_FRAMEWORK',
  framework_id: frameworkId,
  update_framework: {
    framework_info: { ...frameworkInfo, id: frameworkId },
    ...(suppressedRoles === undefined ? {} : { suppressed_roles: [...suppressedRoles] }),
  },
});

/** LAUNCH operation. */
export const launchOperation = (tasks: readonly TaskInfo[]): OfferOperation => ({
  type: 'LAUNCH',
  launch: { task_infos: [...tasks] },
});

/** LAUNCH_GROUP operation (executor of type DEFAULT with resources). */
export const launchGroupOperation = (
  executor: ExecutorInfo,
  tasks: readonly TaskInfo[],
): OfferOperation => ({
  type: 'LAUNCH_GROUP',
  launch_group: { executor, task_group: { tasks: [...tasks] } },
});

const withId = (operationId: string | undefined): { id?: PlainID } =>
  operationId === undefined ? {} : { id: { value: operationId } };

/** RESERVE operation; an `operationId` asks for operation status updates. */
export const reserveOperation = (
  resources: readonly Resource[],
  operationId?: string,
): OfferOperation => ({
  type: 'RESERVE',
  ...withId(operationId),
  reserve: { resources: [...resources] },
});

/** UNRESERVE operation. */
export const unreserveOperation = (
  resources: readonly Resource[],
  operationId?: string,
): OfferOperation => ({
  type: 'UNRESERVE',
  ...withId(operationId),
  unreserve: { resources: [...resources] },
});

/** CREATE persistent volumes. */
export const createOperation = (
  volumes: readonly Resource[],
  operationId?: string,
): OfferOperation => ({
  type: 'CREATE',
  ...withId(operationId),
  create: { volumes: [...volumes] },
});

/** DESTROY persistent volumes. */
export const destroyOperation = (
  volumes: readonly Resource[],
  operationId?: string,
): OfferOperation => ({
  type: 'DESTROY',
  ...withId(operationId),
  destroy: { volumes: [...volumes] },
});

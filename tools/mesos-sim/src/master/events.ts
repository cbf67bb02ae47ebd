/** Builders of mesos.v1.scheduler.Event values (pure). */
import type { TaskStatus } from '../wire/common.js';

/** SUBSCRIBED. */
export const subscribedEvent = (
  frameworkId: string,
  heartbeatSeconds: number,
  master: Record<string, unknown>,
): Record<string, unknown> => ({
  type: 'SUBSCRIBED',
  subscribed: {
    framework_id: { value: frameworkId },
    heartbeat_interval_seconds: heartbeatSeconds,
    master_info: master,
  },
});

/** HEARTBEAT. */
export const heartbeatEvent = (): Record<string, unknown> => ({ type: 'HEARTBEAT' });

/** ERROR: fatal for the subscription. */
export const errorEvent = (message: string): Record<string, unknown> => ({
  type: 'ERROR',
  error: { message },
});

/** OFFERS (nested twice, as the real master writes it). */
export const offersEvent = (
  offers: readonly Record<string, unknown>[],
): Record<string, unknown> => ({
  type: 'OFFERS',
  offers: { offers },
});

/** RESCIND. */
export const rescindEvent = (offerId: string): Record<string, unknown> => ({
  type: 'RESCIND',
  rescind: { offer_id: { value: offerId } },
});

/** UPDATE. */
export const updateEvent = (status: TaskStatus): Record<string, unknown> => ({
  type: 'UPDATE',
  update: { status },
});

/** MESSAGE from an executor. */
export const messageEvent = (
  agentId: string,
  executorId: string,
  data: string,
): Record<string, unknown> => ({
  type: 'MESSAGE',
  message: { agent_id: { value: agentId }, executor_id: { value: executorId }, data },
});

/** FAILURE: an executor exited (with its wait status) or an agent was removed. */
export const failureEvent = (
  agentId: string,
  executorId?: string,
  status?: number,
): Record<string, unknown> => ({
  type: 'FAILURE',
  failure: {
    agent_id: { value: agentId },
    ...(executorId !== undefined ? { executor_id: { value: executorId } } : {}),
    ...(status !== undefined ? { status } : {}),
  },
});

/** A status the master creates itself: SOURCE_MASTER and never a uuid. */
export const masterStatus = (
  now: number,
  taskId: string,
  state: string,
  reason: string,
  message: string,
  extra: Partial<TaskStatus> = {},
): TaskStatus => ({
  task_id: { value: taskId },
  state,
  source: 'SOURCE_MASTER',
  reason,
  message,
  timestamp: now / 1000,
  ...extra,
});

/** UPDATE_OPERATION_STATUS for a dropped operation that asked for feedback (`Master::drop`). */
export const operationErrorEvent = (
  operationId: string,
  message: string,
): Record<string, unknown> => ({
  type: 'UPDATE_OPERATION_STATUS',
  update_operation_status: {
    status: { operation_id: { value: operationId }, state: 'OPERATION_ERROR', message },
  },
});

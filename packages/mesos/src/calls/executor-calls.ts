/**
 * Pure builders of executor calls and of the task statuses an executor sends.
 *
 * @module
 */
import type { ExecutorID, FrameworkID, TaskID } from '../codecs/base.js';
import type { ExecutorCall } from '../codecs/executor.js';
import type { TaskInfo, TaskState, TaskStatus, TaskStatusReason } from '../codecs/task.js';
import type { RandomBytes } from '../uuid.js';
import { newUuidBase64 } from '../uuid.js';

/** The member of {@link ExecutorCall} with the given type. */
export type ExecutorCallOf<K extends ExecutorCall['type']> = Extract<ExecutorCall, { type: K }>;

/** Who this executor is: the two ids every executor call carries. */
export interface ExecutorIdentity {
  readonly frameworkId: FrameworkID;
  readonly executorId: ExecutorID;
}

/** SUBSCRIBE, with the tasks and updates the agent has not acknowledged (empty lists on first start). */
export const executorSubscribeCall = (
  who: ExecutorIdentity,
  unacknowledgedTasks: readonly TaskInfo[] = [],
  unacknowledgedUpdates: readonly TaskStatus[] = [],
): ExecutorCallOf<'SUBSCRIBE'> => ({
  type: 'SUBSCRIBE',
  framework_id: who.frameworkId,
  executor_id: who.executorId,
  subscribe: {
    unacknowledged_tasks: [...unacknowledgedTasks],
    unacknowledged_updates: unacknowledgedUpdates.map((status) => ({ status })),
  },
});

/** UPDATE: send a task status (it must carry a uuid and source SOURCE_EXECUTOR). */
export const executorUpdateCall = (
  who: ExecutorIdentity,
  status: TaskStatus,
): ExecutorCallOf<'UPDATE'> => ({
  type: 'UPDATE',
  framework_id: who.frameworkId,
  executor_id: who.executorId,
  update: { status },
});

/** MESSAGE: bytes for the scheduler (best effort). */
export const executorMessageCall = (
  who: ExecutorIdentity,
  data: Uint8Array,
): ExecutorCallOf<'MESSAGE'> => ({
  type: 'MESSAGE',
  framework_id: who.frameworkId,
  executor_id: who.executorId,
  message: { data: Buffer.from(data).toString('base64') },
});

/** HEARTBEAT: optional keepalive. */
export const executorHeartbeatCall = (who: ExecutorIdentity): ExecutorCallOf<'HEARTBEAT'> => ({
  type: 'HEARTBEAT',
  framework_id: who.frameworkId,
  executor_id: who.executorId,
});

/** What varies between the statuses an executor sends. */
export interface StatusInput {
  readonly taskId: TaskID;
  readonly state: Exclude<TaskState, 'TASK_STAGING'>;
  readonly message?: string;
  readonly reason?: TaskStatusReason;
  readonly data?: Uint8Array;
}

/**
 * A TaskStatus ready for UPDATE: source SOURCE_EXECUTOR, this executor's id, a fresh uuid and
 * a timestamp in seconds (both injected).
 */
export const executorTaskStatus = (
  who: ExecutorIdentity,
  input: StatusInput,
  env: { readonly nowMs: number; readonly randomBytes: RandomBytes },
): TaskStatus => ({
  task_id: input.taskId,
  state: input.state,
  source: 'SOURCE_EXECUTOR',
  executor_id: who.executorId,
  uuid: newUuidBase64(env.randomBytes),
  timestamp: env.nowMs / 1000,
  ...(input.message === undefined ? {} : { message: input.message }),
  ...(input.reason === undefined ? {} : { reason: input.reason }),
  ...(input.data === undefined ? {} : { data: Buffer.from(input.data).toString('base64') }),
});

/** io-ts codec of mesos.v1.executor.Call, the body of `POST /api/v1/executor`. */
import * as t from 'io-ts';
import { Id, TaskInfo, TaskStatus } from './common.js';

/** mesos.v1.executor.Call: `executor_id` and `framework_id` are required on every call. */
export const ExecutorCall = t.intersection([
  t.type({ type: t.string, executor_id: Id, framework_id: Id }),
  t.partial({
    subscribe: t.partial({
      unacknowledged_tasks: t.array(TaskInfo),
      unacknowledged_updates: t.array(t.type({ status: TaskStatus })),
    }),
    update: t.type({ status: TaskStatus }),
    message: t.type({ data: t.string }),
  }),
]);
/** An executor call. */
export type ExecutorCall = t.TypeOf<typeof ExecutorCall>;

/** What an agent tells the master about its tasks when it (re)registers, and reconciliation through it. */
import { uuidBase64 } from '../ids.js';
import { isTerminal } from '../model/framework.js';
import type { ReportedTask } from '../model/ports.js';
import type { TaskStatus } from '../wire/common.js';
import type { AgentState } from './state.js';

/**
 * The tasks of `ReregisterSlaveMessage` (slave.cpp `Slave::doReliableRegistration`): every task
 * of a live executor that is not terminal or whose updates are not all acknowledged, with its
 * latest state and the state of its oldest unacknowledged update.
 */
export const reportTasks = (a: AgentState): ReportedTask[] =>
  [...a.runs.values()].flatMap((run) =>
    [...run.tasks.values()].flatMap((t): ReportedTask[] => {
      const head = a.updates.head(run.frameworkId, t.info.task_id.value);
      if (isTerminal(t.state) && head === undefined) return [];
      return [
        {
          frameworkId: run.frameworkId,
          executorId: run.kind === 'command' ? undefined : run.executorId,
          info: t.info,
          state: t.state,
          statusUpdateState: head?.state,
        },
      ];
    }),
  );

/**
 * The master asks about a task the agent does not have (`ReconcileTasksMessage` on
 * reregistration): the agent answers `state` (TASK_DROPPED for PARTITION_AWARE frameworks,
 * TASK_LOST otherwise) with REASON_RECONCILIATION, through its status update manager
 * (slave.cpp `Slave::reregistered`).
 */
export const unknownTask = (
  a: AgentState,
  frameworkId: string,
  taskId: string,
  state: string,
): void => {
  if (a.master.frameworkInfo(frameworkId) === undefined) return;
  const status: TaskStatus = {
    task_id: { value: taskId },
    state,
    source: 'SOURCE_AGENT',
    reason: 'REASON_RECONCILIATION',
    message: 'Reconciliation: task unknown to the agent',
    agent_id: { value: a.id },
    timestamp: a.ctx.clock.now() / 1000,
    uuid: uuidBase64(),
  };
  a.updates.add(frameworkId, status);
};

import { isTerminalState, TaskState } from '@scaleio-framework/mesos';

/**
 * What a task state means for a step: `finished`, `failed` (an attempt is used), `lost` (it
 * vanished without running to an end: launched again under the same id, no attempt used), or
 * undefined while it is not over. Terminal states are Mesos's own set (`isTerminalState`);
 * `TASK_UNKNOWN` (the master does not know the task, e.g. in a reconciliation answer) is lost too.
 */
export const taskOutcome = (state: string): 'finished' | 'failed' | 'lost' | undefined => {
  if (state === 'TASK_FINISHED') return 'finished';
  if (state === 'TASK_FAILED' || state === 'TASK_ERROR' || state === 'TASK_KILLED') return 'failed';
  if (state === 'TASK_UNKNOWN') return 'lost';
  return TaskState.is(state) && isTerminalState(state) ? 'lost' : undefined;
};

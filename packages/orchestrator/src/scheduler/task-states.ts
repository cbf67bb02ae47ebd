import { isTerminalState, TaskState } from '@scaleio-framework/mesos';

/** What a task's state means for its step. */
export type TaskOutcome = 'finished' | 'failed' | 'lost' | 'gone' | 'unreachable' | 'alive';

/**
 * What a task state means for a step: `finished`; `failed` (an attempt is used); `gone` (its
 * agent is gone for good: `TASK_GONE`, `TASK_GONE_BY_OPERATOR`); `lost` (it vanished without
 * running to an end: launched again under a new id, no attempt used); `unreachable` (its agent is
 * partitioned: the task may still run, nothing is relaunched); `alive` (any state that is not
 * over: the task is heard of). Terminal states are Mesos's own set (`isTerminalState`);
 * `TASK_UNKNOWN` (the master does not know the task, e.g. in a reconciliation answer) is lost.
 * Sources: mesos.proto `TaskState`, docs/high-availability-framework-guide.md.
 */
export const taskOutcome = (state: string): TaskOutcome | undefined => {
  if (state === 'TASK_FINISHED') return 'finished';
  if (state === 'TASK_FAILED' || state === 'TASK_ERROR' || state === 'TASK_KILLED') return 'failed';
  if (state === 'TASK_GONE' || state === 'TASK_GONE_BY_OPERATOR') return 'gone';
  if (state === 'TASK_UNREACHABLE') return 'unreachable';
  if (state === 'TASK_UNKNOWN') return 'lost';
  if (!TaskState.is(state)) return undefined;
  return isTerminalState(state) ? 'lost' : 'alive';
};

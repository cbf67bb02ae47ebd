import { isTerminalState, TaskState } from '@scaleio-framework/mesos';

/** What a task's state means for its step. */
export type TaskOutcome = 'finished' | 'failed' | 'lost' | 'gone' | 'unreachable' | 'alive';

/**
 * Reasons with which the master reports a task of an agent it removed (`Master::_removeSlave`,
 * `Master::markGone`): the agent itself will not come back under its id. Both spellings: v1
 * `REASON_AGENT_*`, v0 `REASON_SLAVE_*` (mesos.proto `TaskStatus.Reason`).
 */
const AGENT_REMOVED = new Set([
  'REASON_AGENT_REMOVED',
  'REASON_AGENT_REMOVED_BY_OPERATOR',
  'REASON_SLAVE_REMOVED',
  'REASON_SLAVE_REMOVED_BY_OPERATOR',
]);

/**
 * What a task state means for a step: `finished`; `failed` (an attempt is used); `gone` (its
 * agent is gone for good: `TASK_GONE_BY_OPERATOR`, or `TASK_GONE` because the master removed the
 * agent); `lost` (it vanished without running to an end: launched again under a new id, no
 * attempt used) — among them a plain `TASK_GONE`, which says the *task* is certainly not running
 * (mesos.proto: e.g. after an agent or containerizer error) while its agent may be fine: an
 * explicit reconciliation answers it for a task unknown to a registered agent, as after a launch
 * lost in a partition (docs/reconciliation.md, `Master::reconcile`); `unreachable` (its agent is
 * partitioned: the task may still run, nothing is relaunched); `alive` (any state that is not
 * over: the task is heard of). Terminal states are Mesos's own set (`isTerminalState`);
 * `TASK_UNKNOWN` (the master does not know the task, e.g. in a reconciliation answer) is lost.
 * Sources: mesos.proto `TaskState`, docs/high-availability-framework-guide.md.
 */
export const taskOutcome = (state: string, reason?: string): TaskOutcome | undefined => {
  if (state === 'TASK_FINISHED') return 'finished';
  if (state === 'TASK_FAILED' || state === 'TASK_ERROR' || state === 'TASK_KILLED') return 'failed';
  if (state === 'TASK_GONE_BY_OPERATOR') return 'gone';
  if (state === 'TASK_GONE')
    return reason !== undefined && AGENT_REMOVED.has(reason) ? 'gone' : 'lost';
  if (state === 'TASK_UNREACHABLE') return 'unreachable';
  if (state === 'TASK_UNKNOWN') return 'lost';
  if (!TaskState.is(state)) return undefined;
  return isTerminalState(state) ? 'lost' : 'alive';
};

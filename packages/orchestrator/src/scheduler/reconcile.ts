/**
 * Explicit reconciliation until every task has an answer. A new leading master knows no task
 * until its agent reregisters, answers nothing for it meanwhile, and sends nothing when the agent
 * comes back (docs/reconciliation.md, docs/high-availability-framework-guide.md "Agent
 * Reregistration"): only asking again tells. So after every (re)subscription the running tasks
 * are asked about with a capped, doubling delay until an update for each has come.
 */
import type { Action } from './io.js';
import { runningTasks, type Awaiting, type SchedulerModel } from './model.js';

/** First delay before asking again. */
export const RECONCILE_FIRST_MS = 1000;
/** The longest delay between two askings. */
export const RECONCILE_MAX_MS = 60_000;

/** After (re)subscribing: every running task is asked about now and awaits its answer. */
export const awaitAll = (m: SchedulerModel, now: number): SchedulerModel => ({
  ...m,
  awaiting: new Map(
    runningTasks(m).map((t) => [
      t.taskId,
      { agentId: t.agentId, nextAt: now + RECONCILE_FIRST_MS, delayMs: RECONCILE_FIRST_MS },
    ]),
  ),
});

/** An update was heard for `taskId`: it no longer awaits an answer. */
export const answered = (m: SchedulerModel, taskId: string): SchedulerModel => {
  if (!m.awaiting.has(taskId)) return m;
  const awaiting = new Map(m.awaiting);
  awaiting.delete(taskId);
  return { ...m, awaiting };
};

/** The tasks due to be asked about again (those still running), and the model with new delays. */
export function reconcileDue(
  m: SchedulerModel,
  now: number,
): { model: SchedulerModel; actions: Action[] } {
  if (m.awaiting.size === 0) return { model: m, actions: [] };
  const running = new Set(runningTasks(m).map((t) => t.taskId));
  const awaiting = new Map<string, Awaiting>();
  const due: { taskId: string; agentId: string }[] = [];
  for (const [taskId, a] of m.awaiting) {
    if (!running.has(taskId)) continue;
    if (a.nextAt > now) {
      awaiting.set(taskId, a);
      continue;
    }
    due.push({ taskId, agentId: a.agentId });
    const delayMs = Math.min(RECONCILE_MAX_MS, a.delayMs * 2);
    awaiting.set(taskId, { agentId: a.agentId, nextAt: now + delayMs, delayMs });
  }
  return {
    model: { ...m, awaiting },
    actions: due.length > 0 ? [{ _tag: 'reconcile', tasks: due }] : [],
  };
}

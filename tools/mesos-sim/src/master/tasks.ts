/** Master-side task life: forwarded status updates, ACKNOWLEDGE, KILL, RECONCILE, executor loss. */
import { hasCapability, isTerminal, type Framework, type MasterTask } from '../model/framework.js';
import type { TaskStatus } from '../wire/common.js';
import type { SchedulerCall } from '../wire/scheduler-call.js';
import { cacheTask, frameworkTasks, sendEvent, type MasterCore } from './core.js';
import { failureEvent, masterStatus, updateEvent } from './events.js';
import { reach } from './links.js';

/** An agent forwards the head update of a task's stream: record it and pass it on with its uuid. */
export const forwardStatus = (
  core: MasterCore,
  agentId: string,
  frameworkId: string,
  status: TaskStatus,
  latestState: string,
): void => {
  const task = core.tasks.get(frameworkId)?.get(status.task_id.value);
  if (task !== undefined) {
    if (task.state !== latestState)
      task.statuses.push({ state: latestState, timestamp: core.ctx.clock.now() / 1000 });
    task.state = latestState;
    task.statusUpdateState = status.state;
    task.latest = status;
  }
  const fw = core.frameworks.get(frameworkId);
  if (fw !== undefined)
    sendEvent(core, fw, updateEvent({ ...status, agent_id: { value: agentId } }));
};

/**
 * ACKNOWLEDGE (uuid already checked): passed to the agent (lost when the master cannot reach
 * it); a terminal acknowledged update moves the task to the completed tasks.
 */
export const acknowledge = (
  core: MasterCore,
  fw: Framework,
  ack: NonNullable<SchedulerCall['acknowledge']>,
): void => {
  const agent = reach(core, ack.agent_id.value);
  if (agent === undefined) return;
  const state = agent.acknowledge(fw.id, ack.task_id.value, ack.uuid);
  if (state !== undefined && isTerminal(state)) {
    const task = core.tasks.get(fw.id)?.get(ack.task_id.value);
    if (task !== undefined && isTerminal(task.state)) {
      core.tasks.get(fw.id)?.delete(ack.task_id.value);
      cacheTask(core.completedTasks, task);
    }
  }
};

const reconcileKnown = (core: MasterCore, task: MasterTask): TaskStatus =>
  masterStatus(
    core.ctx.clock.now(),
    task.info.task_id.value,
    task.statusUpdateState ?? task.state,
    'REASON_RECONCILIATION',
    'Reconciliation: Latest task state',
    {
      agent_id: { value: task.agentId },
      ...(task.executorId !== undefined ? { executor_id: { value: task.executorId } } : {}),
      ...(task.latest?.healthy !== undefined ? { healthy: task.latest.healthy } : {}),
    },
  );

/** A reconciliation answer for a task the master does not know, or `undefined` for silence. */
const unknownAnswer = (
  core: MasterCore,
  aware: boolean,
  taskId: string,
  agentId: string | undefined,
): TaskStatus | undefined => {
  const link = agentId === undefined ? undefined : core.agents.get(agentId);
  const anyRecovering = [...core.agents.values()].some((l) => l.status === 'recovered');
  const now = core.ctx.clock.now();
  const answer = (state: string, message: string, extra: Partial<TaskStatus> = {}) =>
    masterStatus(now, taskId, aware ? state : 'TASK_LOST', 'REASON_RECONCILIATION', message, {
      ...(agentId !== undefined ? { agent_id: { value: agentId } } : {}),
      ...extra,
    });
  // (2) recovered agent, or no agent id while any agent recovers: no answer.
  if (link?.status === 'recovered' || (agentId === undefined && anyRecovering)) return undefined;
  // (3) registered agent: the task is unknown to it.
  if (link !== undefined && (link.status === 'registered' || link.status === 'disconnected'))
    return answer('TASK_GONE', 'Reconciliation: Task is unknown to the agent');
  // (4) unreachable agent, with the time it was marked so.
  if (link?.status === 'unreachable')
    return answer('TASK_UNREACHABLE', 'Reconciliation: Task is unreachable', {
      unreachable_time: { nanoseconds: Math.round((link.unreachableSince ?? now) * 1e6) },
    });
  // (5) gone agent.
  if (link?.status === 'gone')
    return answer('TASK_GONE_BY_OPERATOR', 'Reconciliation: Task is gone');
  // (6) unknown agent.
  return answer('TASK_UNKNOWN', 'Reconciliation: Task is unknown');
};

/**
 * RECONCILE (`Master::reconcile`). Implicit (no tasks): the latest state of every task the
 * master knows, and only those (after a failover, only tasks of reregistered agents). Explicit:
 * (1) a known task's latest state; (2) nothing for a task of a recovered agent, or with no
 * agent id while any agent is recovering; (3) TASK_GONE on a registered agent; (4)
 * TASK_UNREACHABLE on an unreachable one; (5) TASK_GONE_BY_OPERATOR on a gone one; (6)
 * TASK_UNKNOWN otherwise; (3)-(6) are TASK_LOST for frameworks that are not PARTITION_AWARE.
 * All with REASON_RECONCILIATION, SOURCE_MASTER and no uuid.
 */
export const reconcile = (
  core: MasterCore,
  fw: Framework,
  tasks: readonly { task_id: { value: string }; agent_id?: { value: string } }[],
): void => {
  const table = frameworkTasks(core, fw.id);
  if (tasks.length === 0) {
    for (const task of table.values()) sendEvent(core, fw, updateEvent(reconcileKnown(core, task)));
    return;
  }
  const aware = hasCapability(fw.info, 'PARTITION_AWARE');
  for (const { task_id, agent_id } of tasks) {
    const task = table.get(task_id.value);
    const status =
      task !== undefined
        ? reconcileKnown(core, task)
        : unknownAnswer(core, aware, task_id.value, agent_id?.value);
    if (status !== undefined) sendEvent(core, fw, updateEvent(status));
  }
};

/** KILL: to the task's agent; an unknown task is answered by explicit reconciliation instead. */
export const kill = (
  core: MasterCore,
  fw: Framework,
  k: NonNullable<SchedulerCall['kill']>,
): void => {
  const task = core.tasks.get(fw.id)?.get(k.task_id.value);
  if (task === undefined)
    return reconcile(core, fw, [
      { task_id: k.task_id, ...(k.agent_id !== undefined ? { agent_id: k.agent_id } : {}) },
    ]);
  if (k.agent_id !== undefined && k.agent_id.value !== task.agentId) return;
  // Kept to be sent again when the agent reregisters: it may be partitioned without the
  // master knowing yet (master.cpp `Master::kill`, `reconcileKnownSlave`).
  core.agents.get(task.agentId)?.killedTasks.add(`${fw.id}\u0000${k.task_id.value}`);
  reach(core, task.agentId)?.kill(
    fw.id,
    k.task_id.value,
    k.kill_policy?.grace_period?.nanoseconds ?? task.info.kill_policy?.grace_period?.nanoseconds,
  );
};

/** An executor exited: the scheduler gets FAILURE with the raw wait status. */
export const executorExited = (
  core: MasterCore,
  agentId: string,
  frameworkId: string,
  executorId: string,
  status: number,
): void => {
  const fw = core.frameworks.get(frameworkId);
  if (fw !== undefined) sendEvent(core, fw, failureEvent(agentId, executorId, status));
};

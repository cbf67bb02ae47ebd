/** Master-side task life: forwarded status updates, ACKNOWLEDGE, KILL, RECONCILE, executor and agent loss. */
import { hasCapability, isTerminal, type Framework, type MasterTask } from '../model/framework.js';
import type { TaskStatus } from '../wire/common.js';
import type { SchedulerCall } from '../wire/scheduler-call.js';
import { removeOffers } from './allocator.js';
import { frameworkTasks, sendEvent, type MasterCore } from './core.js';
import { failureEvent, masterStatus, updateEvent } from './events.js';

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
    task.state = latestState;
    task.statusUpdateState = status.state;
    task.latest = status;
  }
  const fw = core.frameworks.get(frameworkId);
  if (fw !== undefined)
    sendEvent(core, fw, updateEvent({ ...status, agent_id: { value: agentId } }));
};

/** ACKNOWLEDGE (uuid already checked): passed to the agent; a terminal acknowledged update removes the task. */
export const acknowledge = (
  core: MasterCore,
  fw: Framework,
  ack: NonNullable<SchedulerCall['acknowledge']>,
): void => {
  const agent = core.agents.get(ack.agent_id.value);
  if (agent === undefined) return;
  const state = agent.acknowledge(fw.id, ack.task_id.value, ack.uuid);
  if (state !== undefined && isTerminal(state)) {
    const task = core.tasks.get(fw.id)?.get(ack.task_id.value);
    if (task !== undefined && isTerminal(task.state))
      core.tasks.get(fw.id)?.delete(ack.task_id.value);
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

/** RECONCILE: implicit for an empty list, explicit otherwise (reference §1.9). No uuid, SOURCE_MASTER. */
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
  const now = core.ctx.clock.now();
  for (const { task_id, agent_id } of tasks) {
    const task = table.get(task_id.value);
    if (task !== undefined) {
      sendEvent(core, fw, updateEvent(reconcileKnown(core, task)));
      continue;
    }
    const agentId = agent_id?.value;
    const extra = agent_id !== undefined ? { agent_id } : {};
    let state: string;
    let message: string;
    if (agentId !== undefined && core.agents.has(agentId)) {
      state = aware ? 'TASK_GONE' : 'TASK_LOST';
      message = 'Reconciliation: Task is unknown to the agent';
    } else if (agentId !== undefined && core.removedAgents.has(agentId)) {
      state = aware ? 'TASK_GONE_BY_OPERATOR' : 'TASK_LOST';
      message = 'Reconciliation: Task is unknown';
    } else {
      state = aware ? 'TASK_UNKNOWN' : 'TASK_LOST';
      message = 'Reconciliation: Task is unknown';
    }
    sendEvent(
      core,
      fw,
      updateEvent(masterStatus(now, task_id.value, state, 'REASON_RECONCILIATION', message, extra)),
    );
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
  core.agents
    .get(task.agentId)
    ?.kill(
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

/** Removes an agent: its tasks become LOST/GONE_BY_OPERATOR (no uuid), offers are rescinded, FAILURE to all. */
export const removeAgent = (core: MasterCore, agentId: string): void => {
  core.agents.delete(agentId);
  core.removedAgents.add(agentId);
  removeOffers(core, (o) => o.agentId === agentId, true);
  const now = core.ctx.clock.now();
  for (const [frameworkId, table] of core.tasks) {
    const fw = core.frameworks.get(frameworkId);
    for (const [taskId, task] of [...table]) {
      if (task.agentId !== agentId) continue;
      table.delete(taskId);
      if (fw === undefined || isTerminal(task.state)) continue;
      const state = hasCapability(fw.info, 'PARTITION_AWARE')
        ? 'TASK_GONE_BY_OPERATOR'
        : 'TASK_LOST';
      sendEvent(
        core,
        fw,
        updateEvent(
          masterStatus(now, taskId, state, 'REASON_AGENT_REMOVED', 'Agent was removed', {
            agent_id: { value: agentId },
            ...(task.executorId !== undefined ? { executor_id: { value: task.executorId } } : {}),
          }),
        ),
      );
    }
  }
  for (const fw of core.frameworks.values()) sendEvent(core, fw, failureEvent(agentId));
};

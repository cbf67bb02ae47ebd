/**
 * An agent (re)registering with the master: after its process restarted, after a network
 * partition healed, or with a new leader after a master failover. Sources: master.cpp
 * `reregisterSlave`, `__reregisterSlave`, `___reregisterSlave`, `reconcileKnownSlave`; slave.cpp
 * `Slave::reregistered`, `Slave::detected`.
 */
import { hasCapability, isTerminal, type MasterTask } from '../model/framework.js';
import type { ReportedTask } from '../model/ports.js';
import { frameworkTasks, sendEvent, type MasterCore } from './core.js';
import { masterStatus, updateEvent } from './events.js';
import { taskPlace } from './links.js';

const toMasterTask = (core: MasterCore, agentId: string, t: ReportedTask): MasterTask => ({
  frameworkId: t.frameworkId,
  agentId,
  executorId: t.executorId,
  info: t.info,
  state: t.state,
  statusUpdateState: t.statusUpdateState,
  latest: undefined,
  resources: t.info.resources ?? [],
  statuses: [{ state: t.state, timestamp: core.ctx.clock.now() / 1000 }],
  unreachableTime: undefined,
});

/**
 * The master admits a (re)registering agent, by what it knew of it:
 * - `gone`: refused, and told to shut down ("Agent has been marked gone").
 * - `recovered` (after a master failover): its tasks are added as it reports them; nothing is
 *   sent to frameworks (only reconciliation tells them).
 * - `unreachable`: its tasks are added back and each one's latest state is sent with
 *   REASON_AGENT_REREGISTERED ("Unreachable agent re-reregistered", no uuid); its entries leave
 *   the unreachable cache.
 * - `registered`/`disconnected`: tasks the master has that the agent does not are reconciled
 *   through the agent, which answers TASK_DROPPED (TASK_LOST if not PARTITION_AWARE) with
 *   REASON_RECONCILIATION; kills the agent may have missed are sent again.
 * Then the agent's pending status updates flow again, and frameworks the master removed are shut
 * down on it.
 */
export const reregister = (core: MasterCore, agentId: string): void => {
  const l = core.agents.get(agentId);
  if (l === undefined) return;
  l.cancelRegistration?.();
  l.cancelRegistration = undefined;
  l.wantsToRegister = false;
  const port = l.port;
  if (l.status === 'gone') {
    port.shutdownAll();
    return;
  }
  const before = l.status;
  l.cancelTimer?.();
  l.cancelTimer = undefined;
  const reported = port.report().filter((t) => !core.removedFrameworks.has(t.frameworkId));
  if (before === 'registered' || before === 'disconnected') {
    const known = new Set(reported.map((t) => `${t.frameworkId}\u0000${t.info.task_id.value}`));
    for (const [frameworkId, table] of core.tasks)
      for (const task of table.values()) {
        if (task.agentId !== agentId || known.has(`${frameworkId}\u0000${task.info.task_id.value}`))
          continue;
        const fw = core.frameworks.get(frameworkId);
        const aware = fw !== undefined && hasCapability(fw.info, 'PARTITION_AWARE');
        port.unknownTask(
          frameworkId,
          task.info.task_id.value,
          aware ? 'TASK_DROPPED' : 'TASK_LOST',
        );
      }
    for (const t of reported)
      if (
        !isTerminal(t.state) &&
        l.killedTasks.has(`${t.frameworkId}\u0000${t.info.task_id.value}`)
      )
        port.kill(t.frameworkId, t.info.task_id.value, undefined);
  } else {
    for (const t of reported) {
      frameworkTasks(core, t.frameworkId).set(t.info.task_id.value, toMasterTask(core, agentId, t));
      core.unreachableTasks.get(t.frameworkId)?.delete(t.info.task_id.value);
      if (before !== 'unreachable') continue;
      const fw = core.frameworks.get(t.frameworkId);
      if (fw === undefined) continue;
      const task = toMasterTask(core, agentId, t);
      sendEvent(
        core,
        fw,
        updateEvent(
          masterStatus(
            core.ctx.clock.now(),
            t.info.task_id.value,
            t.state,
            'REASON_AGENT_REREGISTERED',
            'Unreachable agent re-reregistered',
            taskPlace(task),
          ),
        ),
      );
    }
    for (const cache of core.unreachableTasks.values())
      for (const [taskId, task] of [...cache]) if (task.agentId === agentId) cache.delete(taskId);
  }
  l.killedTasks.clear();
  l.status = 'registered';
  l.unreachableSince = undefined;
  l.reregisteredAt = core.ctx.clock.now();
  core.ctx.history.agentEvent({ at: l.reregisteredAt, agentId, event: 'reregistered' });
  for (const fwId of port.frameworkIds())
    if (core.removedFrameworks.has(fwId)) port.shutdownFramework(fwId);
  port.resumeAllUpdates();
  core.allocate();
};

/**
 * The agent tries to (re)register `delayMs` from now (its registration backoff). While its
 * process is down or its network cut, it waits, and registers once it can.
 */
export const registerLater = (core: MasterCore, agentId: string, delayMs?: number): void => {
  const l = core.agents.get(agentId);
  if (l === undefined) return;
  l.cancelRegistration?.();
  const ms = delayMs ?? l.reregisterDelayMs ?? core.ctx.timing.agentReregisterDelayMs;
  const attempt = (): void => {
    l.cancelRegistration = undefined;
    if (l.partitioned || !l.port.isActive() || core.leader === undefined) {
      l.wantsToRegister = true;
      return;
    }
    reregister(core, agentId);
  };
  if (ms <= 0) return attempt();
  l.cancelRegistration = core.ctx.clock.setTimer(ms, attempt);
};

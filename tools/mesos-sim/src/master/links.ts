/**
 * The master's side of its agents: who it can reach, health checks, network partitions, agents
 * marked unreachable or gone, agents whose connection broke, and agents recovered from the
 * registry after a master failover. Sources: master.cpp (`SlaveObserver`, `Master::exited`,
 * `agentReregisterTimeout`, `markUnreachable`, `_markUnreachable`, `markGone`, `__removeSlave`,
 * `recoveredSlavesTimeout`), docs/high-availability-framework-guide.md.
 */
import { hasCapability, type MasterTask } from '../model/framework.js';
import type { AgentPort } from '../model/ports.js';
import { toBag } from '../model/resources.js';
import { stoutDuration } from '../ids.js';
import { removeOffers } from './allocator.js';
import { cacheTask, sendEvent, type AgentLink, type MasterCore } from './core.js';
import { failureEvent, masterStatus, updateEvent } from './events.js';

/** The agent, when the master can reach it now (registered, link up, process up); messages to others are lost. */
export const reach = (core: MasterCore, agentId: string): AgentPort | undefined => {
  const l = core.agents.get(agentId);
  return l !== undefined && l.status === 'registered' && !l.partitioned && l.port.isActive()
    ? l.port
    : undefined;
};

/** Whether the master hears from the agent now (messages from it are otherwise lost). */
export const hears = (core: MasterCore, agentId: string): boolean =>
  reach(core, agentId) !== undefined;

const note = (core: MasterCore, agentId: string, event: AgentEventName): void =>
  core.ctx.history.agentEvent({ at: core.ctx.clock.now(), agentId, event });
type AgentEventName = Parameters<MasterCore['ctx']['history']['agentEvent']>[0]['event'];

const arm = (core: MasterCore, l: AgentLink, ms: number, fn: () => void): void => {
  l.cancelTimer?.();
  l.cancelTimer = core.ctx.clock.setTimer(ms, () => {
    l.cancelTimer = undefined;
    fn();
  });
};

/** The health-check window: `agent_ping_timeout` × `max_agent_ping_timeouts` (75 s by default). */
export const healthWindowMs = (core: MasterCore): number =>
  core.ctx.timing.agentPingTimeoutMs * core.ctx.timing.maxAgentPingTimeouts;

/** A newly registered agent. */
export const addLink = (
  core: MasterCore,
  port: AgentPort,
  reregisterDelayMs: number | undefined,
): AgentLink => {
  const link: AgentLink = {
    port,
    status: 'registered',
    partitioned: false,
    partitionedAt: undefined,
    wantsToRegister: false,
    unreachableSince: undefined,
    total: toBag(port.resources),
    registeredAt: core.ctx.clock.now(),
    reregisteredAt: undefined,
    reregisterDelayMs,
    cancelTimer: undefined,
    cancelRegistration: undefined,
    killedTasks: new Set(),
  };
  core.agents.set(port.id, link);
  return link;
};

/** The TaskStatus fields naming a task's agent and executor. */
export const taskPlace = (task: MasterTask): { agent_id: { value: string } } =>
  ({
    agent_id: { value: task.agentId },
    ...(task.executorId !== undefined ? { executor_id: { value: task.executorId } } : {}),
  }) as { agent_id: { value: string } };

/** Records a new state of a task in the master (`Master::updateTask`). */
export const setTaskState = (core: MasterCore, task: MasterTask, state: string): void => {
  task.state = state;
  task.statusUpdateState = undefined;
  task.statuses.push({ state, timestamp: core.ctx.clock.now() / 1000 });
};

/**
 * Takes every task of the agent out of the master's task table: each gets `state(aware)` with
 * `reason(aware)` (no uuid: the master made it) and goes to the unreachable or completed cache.
 */
const removeAgentTasks = (
  core: MasterCore,
  agentId: string,
  to: 'unreachable' | 'completed',
  message: string,
  pick: (aware: boolean) => { state: string; reason: string },
  unreachableTime?: number,
): void => {
  for (const [frameworkId, table] of core.tasks) {
    const fw = core.frameworks.get(frameworkId);
    for (const [taskId, task] of [...table]) {
      if (task.agentId !== agentId) continue;
      table.delete(taskId);
      const { state, reason } = pick(fw !== undefined && hasCapability(fw.info, 'PARTITION_AWARE'));
      setTaskState(core, task, state);
      task.unreachableTime = unreachableTime;
      cacheTask(to === 'unreachable' ? core.unreachableTasks : core.completedTasks, task);
      const extra =
        unreachableTime === undefined
          ? {}
          : { unreachable_time: { nanoseconds: Math.round(unreachableTime * 1e6) } };
      const status = masterStatus(core.ctx.clock.now(), taskId, state, reason, message, {
        ...taskPlace(task),
        ...extra,
      });
      if (fw !== undefined) sendEvent(core, fw, updateEvent(status));
    }
  }
};

const agentLost = (core: MasterCore, agentId: string): void => {
  for (const fw of core.frameworks.values()) sendEvent(core, fw, failureEvent(agentId));
};

/**
 * Marks an agent unreachable (`Master::_markUnreachable`): its offers are rescinded; its tasks
 * become TASK_UNREACHABLE for PARTITION_AWARE frameworks, TASK_LOST for others, both with
 * REASON_AGENT_REMOVED and `unreachable_time`, and move to the unreachable cache; every framework
 * gets FAILURE for the agent (`sendSlaveLost`). During a master failover the master knows none
 * of its tasks: only FAILURE is sent.
 */
export const markUnreachable = (
  core: MasterCore,
  agentId: string,
  message: string,
  duringFailover: boolean,
): void => {
  const l = core.agents.get(agentId);
  if (l === undefined || l.status === 'unreachable' || l.status === 'gone') return;
  l.cancelTimer?.();
  l.cancelTimer = undefined;
  const now = core.ctx.clock.now();
  l.status = 'unreachable';
  l.unreachableSince = now;
  note(core, agentId, 'unreachable');
  removeOffers(core, (o) => o.agentId === agentId, true);
  if (!duringFailover)
    removeAgentTasks(
      core,
      agentId,
      'unreachable',
      message,
      (aware) => ({
        state: aware ? 'TASK_UNREACHABLE' : 'TASK_LOST',
        reason: 'REASON_AGENT_REMOVED',
      }),
      now,
    );
  agentLost(core, agentId);
};

/**
 * The operator marks an agent gone (`Master::markGone`, operator call MARK_AGENT_GONE). A
 * registered agent is told to shut down (its executors and tasks are killed) and removed
 * (`__removeSlave` without an unreachable time): its tasks become TASK_GONE_BY_OPERATOR with
 * REASON_AGENT_REMOVED_BY_OPERATOR (TASK_LOST, REASON_AGENT_REMOVED if not PARTITION_AWARE),
 * FAILURE is sent. The tasks of an unreachable agent get the same updates from the unreachable
 * cache and no FAILURE; a recovered agent's tasks are not known, so nothing is sent (MESOS-9739).
 * A gone agent that comes back is refused and shut down.
 */
export const markGone = (core: MasterCore, agentId: string): void => {
  const l = core.agents.get(agentId);
  if (l === undefined || l.status === 'gone') return;
  const before = l.status;
  l.status = 'gone';
  l.cancelTimer?.();
  l.cancelTimer = undefined;
  note(core, agentId, 'gone');
  const message = 'Agent has been marked gone';
  const pick = (aware: boolean) =>
    aware
      ? { state: 'TASK_GONE_BY_OPERATOR', reason: 'REASON_AGENT_REMOVED_BY_OPERATOR' }
      : { state: 'TASK_LOST', reason: 'REASON_AGENT_REMOVED' };
  if (before === 'recovered') return;
  if (before === 'unreachable') {
    for (const [frameworkId, cache] of core.unreachableTasks) {
      const fw = core.frameworks.get(frameworkId);
      for (const [taskId, task] of [...cache]) {
        if (task.agentId !== agentId) continue;
        cache.delete(taskId);
        const { state, reason } = pick(
          fw !== undefined && hasCapability(fw.info, 'PARTITION_AWARE'),
        );
        setTaskState(core, task, state);
        cacheTask(core.completedTasks, task);
        const status = masterStatus(core.ctx.clock.now(), taskId, state, reason, message, {
          ...taskPlace(task),
        });
        if (fw !== undefined) sendEvent(core, fw, updateEvent(status));
      }
    }
    return;
  }
  reach(core, agentId)?.shutdownAll();
  removeAgentTasks(core, agentId, 'completed', message, pick);
  removeOffers(core, (o) => o.agentId === agentId, true);
  agentLost(core, agentId);
};

/**
 * The agent's connection broke (its process stopped or restarts: `Master::exited`,
 * `disconnect`, `deactivate`): its offers are rescinded at once, and it has
 * `agent_reregister_timeout` to reregister before it is marked unreachable.
 */
export const agentDisconnected = (core: MasterCore, agentId: string): void => {
  const l = core.agents.get(agentId);
  if (l === undefined || l.status !== 'registered' || l.partitioned) return;
  l.status = 'disconnected';
  note(core, agentId, 'disconnected');
  removeOffers(core, (o) => o.agentId === agentId, true);
  const timeout = core.ctx.timing.agentReregisterTimeoutMs;
  arm(core, l, timeout, () =>
    markUnreachable(
      core,
      agentId,
      `agent did not reregister within ${stoutDuration(timeout)} after disconnecting`,
      false,
    ),
  );
};

/**
 * The network between the master and the agent is cut. Nothing tells the master: its pings go
 * unanswered, and after the health-check window it marks the agent unreachable
 * (`SlaveObserver::timeout`, "health check timed out"). Until then it still offers the agent's
 * resources and sends it launches, kills and acknowledgements, which are lost.
 */
export const partition = (core: MasterCore, agentId: string): void => {
  const l = core.agents.get(agentId);
  if (l === undefined || l.partitioned) return;
  l.partitioned = true;
  l.partitionedAt = core.ctx.clock.now();
  note(core, agentId, 'partitioned');
  if (l.status === 'registered')
    arm(core, l, healthWindowMs(core), () =>
      markUnreachable(core, agentId, 'health check timed out', false),
    );
};

/**
 * The network is back. A pong cancels a pending health-check timeout (`SlaveObserver::pong`).
 * An agent cut for the whole window had stopped hearing the master's pings as well and
 * reregisters (slave.cpp `Slave::pingTimeout`); so does one that was waiting to register.
 * Returns whether the agent should now (re)register.
 */
export const heal = (core: MasterCore, agentId: string): boolean => {
  const l = core.agents.get(agentId);
  if (l === undefined || !l.partitioned) return false;
  const lasted = core.ctx.clock.now() - (l.partitionedAt ?? 0);
  l.partitioned = false;
  l.partitionedAt = undefined;
  note(core, agentId, 'healed');
  if (l.status === 'registered') {
    l.cancelTimer?.();
    l.cancelTimer = undefined;
    return lasted >= healthWindowMs(core) || l.wantsToRegister;
  }
  return l.wantsToRegister || l.status !== 'disconnected';
};

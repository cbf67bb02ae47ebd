/**
 * The master side of a master failover: what the new leader knows, and the agents that do not
 * come back (master.cpp `Master::recover`, `recoveredSlavesTimeout`; MESOS-6785).
 */
import { stoutDuration } from '../ids.js';
import type { MasterCore } from './core.js';
import { markUnreachable } from './links.js';

/**
 * Master failover (`Master::recover`): the new leader knows the agents from the registry, but no
 * task and no offer; registered agents become `recovered` until they reregister, and those that
 * have not within `agent_reregister_timeout` of the election are marked unreachable
 * (`recoveredSlavesTimeout`). The unreachable task cache is lost (MESOS-6785).
 */
export const recoverAll = (core: MasterCore): void => {
  core.tasks.clear();
  core.unreachableTasks.clear();
  core.completedTasks.clear();
  for (const [agentId, l] of core.agents) {
    l.cancelTimer?.();
    l.cancelTimer = undefined;
    l.cancelRegistration?.();
    l.cancelRegistration = undefined;
    if (l.status !== 'registered' && l.status !== 'disconnected') continue;
    l.status = 'recovered';
    core.ctx.history.agentEvent({ at: core.ctx.clock.now(), agentId, event: 'recovered' });
  }
};

/** Starts the new leader's `agent_reregister_timeout` for the recovered agents. */
export const armRecoveredTimeout = (core: MasterCore): void => {
  const timeout = core.ctx.timing.agentReregisterTimeoutMs;
  const epoch = core.masterId;
  core.ctx.clock.setTimer(timeout, () => {
    if (core.masterId !== epoch) return;
    for (const [agentId, l] of core.agents)
      if (l.status === 'recovered')
        markUnreachable(
          core,
          agentId,
          `did not reregister within ${stoutDuration(timeout)} after master failover`,
          true,
        );
  });
};

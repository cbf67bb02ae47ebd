/**
 * The scheduler core's side of placement: it tracks when agents appeared (in memory), asks the
 * settle window whether MDM roles may be committed, re-plans on every new agent until they are,
 * and REVIVEs once they are (Mesos keeps the DECLINE filters of the agents held back so far;
 * REVIVE removes them: scheduler HTTP API, `REVIVE`, mesos.apache.org/documentation/latest/scheduler-http-api/).
 */
import type { AgentFacts, AgentId } from '../agents.js';
import { observeAgents } from '../observe.js';
import { agentsSeenAfter, settleWindow } from '../placement.js';
import type { DeployState } from '../state.js';
import { logLine, type Action } from './io.js';
import type { SchedulerModel } from './model.js';
import type { SchedulerSettings } from './settings.js';

/** Whether this deploy state still waits for its MDM roles (no node holds one yet, or some open). */
const uncommitted = (d: DeployState, settings: SchedulerSettings): boolean =>
  settings.spec.mode === 'full' && d.faultSets === null;

/**
 * Observes `agents` (the model's, with `added` new ones since the last call) at `now`: the deploy
 * state placement leaves, the agents seen, and a REVIVE plus a log line when this call committed
 * the MDM roles.
 */
export function observePlacement(
  m: SchedulerModel,
  agents: ReadonlyMap<AgentId, AgentFacts>,
  added: number,
  settings: SchedulerSettings,
  now: number,
): { model: SchedulerModel; actions: Action[] } {
  const seen = agentsSeenAfter(m.agentsSeen, added, now);
  const before = uncommitted(m.deploy, settings);
  const settle = before ? settleWindow(seen, settings.spec, now) : undefined;
  const deploy = observeAgents(m.deploy, [...agents.values()], settings.spec, settle);
  const model = { ...m, agents, deploy, ...(seen === undefined ? {} : { agentsSeen: seen }) };
  if (!before || uncommitted(deploy, settings)) return { model, actions: [] };
  // Agents offered before this call were declined with a filter while placement was open; on
  // the first offers nobody was, and nothing needs reviving.
  const declinedBefore = m.agents.size > 0;
  const mdms = Object.values(deploy.nodes).filter((n) =>
    ['primary', 'secondary', 'tiebreaker'].includes(n.role),
  );
  return {
    model: declinedBefore ? { ...model, suppressed: false } : model,
    actions: [
      logLine('info', 'placement committed', {
        agents: agents.size,
        mdms: mdms.map((n) => `${n.role} ${n.hostname}`).join(', '),
        faultSets: deploy.faultSets?.names.join(',') ?? '',
      }),
      ...(declinedBefore ? [{ _tag: 'revive' } as const] : []),
    ],
  };
}

/** A tick while placement is open: the settle window may have closed without any new offer. */
export const placementTick = (
  m: SchedulerModel,
  settings: SchedulerSettings,
  now: number,
): { model: SchedulerModel; actions: Action[] } =>
  uncommitted(m.deploy, settings) && m.agents.size > 0
    ? observePlacement(m, m.agents, 0, settings, now)
    : { model: m, actions: [] };

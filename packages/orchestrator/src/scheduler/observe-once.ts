/**
 * Observing the agents once per change: `observePlacement` scans every known agent (roles, fault
 * sets), which at 10,000 agents costs more than the rest of an OFFERS event. When no agent's
 * facts changed since a call that left the deploy state as it was, and the MDM roles are
 * committed (so the answer does not depend on time), the same call would again change nothing:
 * it is skipped. A remembered fixed point, keyed by the state object (states are replaced, never
 * mutated), so the function stays pure.
 */
import type { AgentFacts, AgentId } from '../agents.js';
import type { DeployState } from '../state.js';
import type { Action } from './io.js';
import type { SchedulerModel } from './model.js';
import { observePlacement } from './placement.js';
import type { SchedulerSettings } from './settings.js';

/** Deploy states that observing this very agents map left unchanged. */
const fixedPoints = new WeakMap<DeployState, ReadonlyMap<AgentId, AgentFacts>>();

const committed = (d: DeployState, s: SchedulerSettings): boolean =>
  s.spec.mode !== 'full' || d.faultSets !== null;

/** {@link observePlacement}, skipped when it is known to change nothing. */
export function observeOnce(
  m: SchedulerModel,
  agents: ReadonlyMap<AgentId, AgentFacts>,
  added: number,
  settings: SchedulerSettings,
  now: number,
): { model: SchedulerModel; actions: Action[] } {
  if (
    added === 0 &&
    agents === m.agents &&
    committed(m.deploy, settings) &&
    fixedPoints.get(m.deploy) === agents
  )
    return { model: m, actions: [] };
  const placed = observePlacement(m, agents, added, settings, now);
  if (placed.model.deploy === m.deploy && committed(m.deploy, settings))
    fixedPoints.set(m.deploy, agents);
  return placed;
}

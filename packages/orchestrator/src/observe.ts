import { type AgentFacts } from './agents.js';
import { objectName, planFaultSets } from './faultsets.js';
import { stepsFor } from './plan.js';
import { isMdm, isStorage, selectRoles } from './roles.js';
import type { ClusterSpec } from './spec.js';
import type { DeployState, DeployStepState, NodeState } from './state.js';

/** The attributes a node keeps: the `scaleio-*` ones (its declared storage and persona). */
export const keptAttributes = (a: Readonly<Record<string, string>>): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(a)) if (k.startsWith('scaleio-')) out[k] = v;
  return out;
};

const sameAttributes = (
  a: Readonly<Record<string, string>> | undefined,
  b: Readonly<Record<string, string>>,
): boolean => {
  const ka = Object.keys(a ?? {});
  return ka.length === Object.keys(b).length && ka.every((k) => a?.[k] === b[k]);
};

/**
 * Records the agents seen in offers: chooses roles for new ones (never changing a kept role),
 * adds them with their steps pending, refreshes addresses, and decides the fault sets once every
 * MDM role is filled. New agents join at the phase they need: their own steps start pending and
 * cluster-wide barriers that are already met do not hold them. Returns `state` itself when
 * nothing changed (the caller need not save it).
 */
export function observeAgents(
  state: DeployState,
  agents: readonly AgentFacts[],
  spec: ClusterSpec,
): DeployState {
  const kept = Object.fromEntries(Object.values(state.nodes).map((n) => [n.agentId, n.role]));
  const sel = selectRoles(agents, spec, kept);
  const nodes: Record<string, NodeState> = { ...state.nodes };
  const facts = new Map(agents.map((a) => [a.agentId, a]));
  let changed = false; // unchanged agents give back the same state (nothing to save)
  for (const a of agents) {
    const role = sel.roles[a.agentId];
    if (role === undefined) continue;
    const prev = nodes[a.agentId];
    const attributes = keptAttributes(a.attributes);
    if (prev) {
      if (
        prev.hostname !== a.hostname ||
        prev.ip !== a.ip ||
        !sameAttributes(prev.attributes, attributes)
      ) {
        nodes[a.agentId] = { ...prev, hostname: a.hostname, ip: a.ip, attributes };
        changed = true;
      }
      continue;
    }
    if (
      spec.mode === 'full' &&
      isMdm(role) === false &&
      sel.waiting.length > 0 &&
      state.faultSets === null
    ) {
      // Until the MDMs are chosen, an agent may still become one: hold it back.
      continue;
    }
    const steps: Record<string, DeployStepState> = {};
    for (const id of stepsFor(role, spec.mode)) steps[id] = { status: 'pending', attempts: 0 };
    nodes[a.agentId] = {
      agentId: a.agentId,
      hostname: a.hostname,
      ip: a.ip,
      role,
      faultSet: '',
      devices: [],
      steps,
      attributes,
    };
    changed = true;
  }
  let faultSets = state.faultSets;
  const mdmsChosen = spec.mode === 'existing' || sel.waiting.length === 0;
  if (faultSets === null && mdmsChosen && Object.keys(nodes).length > 0) {
    const storage = Object.values(nodes)
      .filter((n) => isStorage(n.role))
      .map((n) => facts.get(n.agentId))
      .filter((a): a is AgentFacts => a !== undefined);
    const plan = planFaultSets(storage, spec.faultSetAttribute);
    for (const [id, fs] of Object.entries(plan.byNode)) {
      const n = nodes[id];
      if (n) nodes[id] = { ...n, faultSet: fs };
      changed = true;
    }
    faultSets = { names: [...plan.names], warning: plan.warning ?? '' };
  } else if (faultSets !== null && faultSets.names.length > 0) {
    // A storage node that joins later goes into its attribute's fault set.
    for (const n of Object.values(nodes)) {
      if (n.faultSet !== '' || !isStorage(n.role)) continue;
      const v = facts.get(n.agentId)?.attributes[spec.faultSetAttribute];
      if (v === undefined) continue;
      const name = objectName('fs_', v);
      nodes[n.agentId] = { ...n, faultSet: name };
      changed = true;
      if (!faultSets.names.includes(name))
        faultSets = { ...faultSets, names: [...faultSets.names, name].sort() };
    }
  }
  if (
    !changed &&
    faultSets === state.faultSets &&
    sel.waiting.join('\n') === state.waiting.join('\n')
  )
    return state;
  return { ...state, nodes, faultSets, waiting: [...sel.waiting] };
}

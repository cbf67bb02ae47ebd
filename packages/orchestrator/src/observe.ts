import { type AgentFacts } from './agents.js';
import { planFaultSets } from './faultsets.js';
import { faultSetForLateNode, settledNow, type Settle } from './placement.js';
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
 * Records the agents seen in offers: chooses roles for new ones (never changing a kept role;
 * MDM roles only once `settle` says the settle window closed), adds them with their steps
 * pending, refreshes addresses, and decides the fault sets from every storage node once every
 * MDM role is filled. New agents join at the phase they need: their own steps start pending and
 * cluster-wide barriers that are already met do not hold them. A storage node that cannot be
 * put in a fault set while fault sets are in use is held, named in `waiting`. Returns `state`
 * itself when nothing changed (the caller need not save it).
 */
export function observeAgents(
  state: DeployState,
  agents: readonly AgentFacts[],
  spec: ClusterSpec,
  settle: Settle = settledNow,
): DeployState {
  const kept = Object.fromEntries(Object.values(state.nodes).map((n) => [n.agentId, n.role]));
  const sel = selectRoles(agents, spec, kept, settle);
  const held: string[] = [];
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
    let faultSet = '';
    if (state.faultSets !== null && isStorage(role)) {
      const fs = faultSetForLateNode(a, state.faultSets.names.length > 0, spec);
      if (fs._tag === 'held') {
        held.push(fs.why);
        continue;
      }
      if (fs._tag === 'faultSet') faultSet = fs.name;
    }
    const steps: Record<string, DeployStepState> = {};
    for (const id of stepsFor(role, spec.mode)) steps[id] = { status: 'pending', attempts: 0 };
    nodes[a.agentId] = {
      agentId: a.agentId,
      hostname: a.hostname,
      ip: a.ip,
      role,
      faultSet,
      devices: [],
      steps,
      attributes,
    };
    changed = true;
  }
  let faultSets = state.faultSets;
  const mdmsChosen = spec.mode === 'existing' || sel.waiting.length === 0;
  if (faultSets === null && mdmsChosen && Object.keys(nodes).length > 0) {
    const decided = initialFaultSets(nodes, facts, spec, held);
    for (const id of decided.drop) delete nodes[id];
    for (const [id, fs] of Object.entries(decided.plan.byNode)) {
      const n = nodes[id];
      if (n) nodes[id] = { ...n, faultSet: fs };
    }
    changed = true;
    faultSets = { names: [...decided.plan.names], warning: decided.plan.warning ?? '' };
  } else if (faultSets !== null && faultSets.names.length > 0) {
    // A late node's fault set may be a new one (a new rack): the names list follows.
    const names = new Set(faultSets.names);
    for (const n of Object.values(nodes)) if (n.faultSet !== '') names.add(n.faultSet);
    if (names.size !== faultSets.names.length)
      faultSets = { ...faultSets, names: [...names].sort() };
  }
  const waiting = [...sel.waiting, ...held];
  if (!changed && faultSets === state.faultSets && waiting.join('\n') === state.waiting.join('\n'))
    return state;
  return { ...state, nodes, faultSets, waiting };
}

/**
 * The fault sets decided from every storage node known when the MDM roles are committed. Nodes
 * without the attribute take `faultSetDefault`; without one, storage-only nodes are held (dropped
 * from this round, named in `held`) when the rest make valid fault sets. An MDM node without the
 * attribute and no default means no fault sets (it cannot be held).
 */
function initialFaultSets(
  nodes: Readonly<Record<string, NodeState>>,
  facts: ReadonlyMap<string, AgentFacts>,
  spec: ClusterSpec,
  held: string[],
): { plan: ReturnType<typeof planFaultSets>; drop: string[] } {
  const attr = spec.faultSetAttribute;
  const storage = Object.values(nodes)
    .filter((n) => isStorage(n.role))
    .map((n) => facts.get(n.agentId))
    .filter((a): a is AgentFacts => a !== undefined)
    .map((a) =>
      a.attributes[attr] === undefined && spec.faultSetDefault !== '' && attr !== ''
        ? { ...a, attributes: { ...a.attributes, [attr]: spec.faultSetDefault } }
        : a,
    );
  const missing = storage.filter((a) => a.attributes[attr] === undefined);
  const holdable = missing.filter((a) => !isMdm(nodes[a.agentId]?.role ?? 'storage'));
  if (attr === '' || missing.length === 0 || holdable.length < missing.length)
    return { plan: planFaultSets(storage, attr), drop: [] };
  const plan = planFaultSets(
    storage.filter((a) => a.attributes[attr] !== undefined),
    attr,
  );
  if (plan.names.length === 0) return { plan: planFaultSets(storage, attr), drop: [] };
  for (const a of holdable) {
    const fs = faultSetForLateNode(a, true, spec);
    if (fs._tag === 'held') held.push(fs.why);
  }
  return { plan, drop: holdable.map((a) => a.agentId) };
}

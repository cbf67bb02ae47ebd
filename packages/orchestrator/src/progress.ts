import * as t from 'io-ts';
import { AgentId, declaredStorage, type AgentFacts } from './agents.js';
import { objectName, planFaultSets } from './faultsets.js';
import { deployPlan, stepDef, stepsFor, StepId, type Barrier } from './plan.js';
import { isMdm, isStorage, Role, selectRoles } from './roles.js';
import type { ClusterSpec } from './spec.js';
import { nextStatus, StepStatus, type StepEvent } from './transitions.js';

/** One step's progress on one node. */
export const StepState = t.intersection([
  t.type({ status: StepStatus, attempts: t.number }),
  t.partial({ lastError: t.string, notBefore: t.number, taskId: t.string, updatedAt: t.number }),
]);
/** One step's progress on one node. */
export type StepState = t.TypeOf<typeof StepState>;

/** A node of the deployment and its progress. */
export const NodeState = t.type({
  agentId: AgentId,
  hostname: t.string,
  ip: t.string,
  role: Role,
  /** Fault set name, or `''` for none. */
  faultSet: t.string,
  /** Free block devices the SDS step reported, to be added to the pool. */
  devices: t.array(t.string),
  steps: t.record(t.string, StepState),
});
/** A node of the deployment and its progress. */
export type NodeState = t.TypeOf<typeof NodeState>;

/** The persisted deploy state: the orchestrator's whole memory. */
export const DeployState = t.type({
  schemaVersion: t.literal(1),
  nodes: t.record(t.string, NodeState),
  /** Fault-set placement, decided once when the initial MDM nodes are known. */
  faultSets: t.union([t.null, t.type({ names: t.array(t.string), warning: t.string })]),
  /** Why the deploy waits, from the last role selection. */
  waiting: t.array(t.string),
});
/** The persisted deploy state. */
export type DeployState = t.TypeOf<typeof DeployState>;

/** A deploy state with no nodes. */
export const emptyDeployState = (): DeployState => ({
  schemaVersion: 1,
  nodes: {},
  faultSets: null,
  waiting: [],
});

const nodeOf = (s: DeployState, id: AgentId): NodeState | undefined => s.nodes[id];
const stepOf = (n: NodeState, id: StepId): StepState | undefined => n.steps[id];

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
    if (prev) {
      if (prev.hostname !== a.hostname || prev.ip !== a.ip) {
        nodes[a.agentId] = { ...prev, hostname: a.hostname, ip: a.ip };
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
    const steps: Record<string, StepState> = {};
    for (const id of stepsFor(role, spec.mode)) steps[id] = { status: 'pending', attempts: 0 };
    nodes[a.agentId] = {
      agentId: a.agentId,
      hostname: a.hostname,
      ip: a.ip,
      role,
      faultSet: '',
      devices: [],
      steps,
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

/** Backoff before attempt `attempts + 1`: base * 2^(attempts-1), capped. */
export const retryDelayMs = (attempts: number, spec: ClusterSpec): number =>
  Math.min(spec.retryMaxMs, spec.retryBaseMs * 2 ** Math.max(0, attempts - 1));

/** The deterministic task id of a step's attempt: a relaunch of the same attempt reuses it. */
export const taskIdFor = (agentId: AgentId, step: StepId, attempt: number): string =>
  `scaleio.${step}.${attempt}.${agentId}`;

/** Reads a task id made by {@link taskIdFor}; `undefined` for any other task id. */
export function parseTaskId(
  taskId: string,
): { step: StepId; attempt: number; agentId: AgentId } | undefined {
  const m = /^scaleio\.([a-z-]+)\.(\d+)\.(.+)$/.exec(taskId);
  if (!m || !StepId.is(m[1]) || !AgentId.is(m[3])) return undefined;
  return { step: m[1], attempt: Number(m[2]), agentId: m[3] };
}

/** Options of {@link applyStepEvent}. */
export interface StepEventInput {
  readonly agentId: AgentId;
  readonly step: StepId;
  readonly event: StepEvent;
  readonly now: number;
  /** Why it failed (events `fail` and `lost`). Must not contain secrets. */
  readonly reason?: string;
}

/**
 * Applies one step event through the transition table. Events that do not apply (a duplicate or
 * late status update) leave the state as it is.
 */
export function applyStepEvent(
  state: DeployState,
  spec: ClusterSpec,
  e: StepEventInput,
): DeployState {
  const node = nodeOf(state, e.agentId);
  const step = node && stepOf(node, e.step);
  if (!node || !step) return state;
  const attempts = e.event === 'fail' ? step.attempts + 1 : e.event === 'retry' ? 0 : step.attempts;
  const to = nextStatus(step.status, e.event, attempts >= spec.maxAttempts);
  if (to === undefined) return state;
  const next: StepState = { status: to, attempts, updatedAt: e.now };
  if (e.event === 'start') next.taskId = taskIdFor(e.agentId, e.step, attempts);
  if (to === 'delayed') next.notBefore = e.now + retryDelayMs(attempts, spec);
  if (e.reason !== undefined && (e.event === 'fail' || e.event === 'lost'))
    next.lastError = e.reason;
  else if (to !== 'done' && step.lastError !== undefined && e.event !== 'retry')
    next.lastError = step.lastError;
  return {
    ...state,
    nodes: { ...state.nodes, [e.agentId]: { ...node, steps: { ...node.steps, [e.step]: next } } },
  };
}

/** Records the free devices that a node's SDS step reported. */
export const recordDevices = (
  state: DeployState,
  agentId: AgentId,
  devices: readonly string[],
): DeployState => {
  const n = nodeOf(state, agentId);
  return n
    ? { ...state, nodes: { ...state.nodes, [agentId]: { ...n, devices: [...devices] } } }
    : state;
};

const allDone = (state: DeployState, pick: (n: NodeState) => boolean, step: StepId) => {
  const ns = Object.values(state.nodes).filter(pick);
  return ns.length > 0 && ns.every((n) => stepOf(n, step)?.status === 'done');
};

/** Whether a cluster-wide barrier is met for a node's step. */
export function barrierMet(
  state: DeployState,
  spec: ClusterSpec,
  b: Barrier,
  step: StepId,
  self: AgentId,
): boolean {
  const existing = spec.mode === 'existing';
  switch (b) {
    case 'mdm-packages':
      return (
        Object.values(state.nodes).filter((n) => isMdm(n.role)).length === spec.mdmCount &&
        allDone(state, (n) => isMdm(n.role), 'mdm-package')
      );
    case 'mdm-cluster':
      return existing || allDone(state, (n) => n.role === 'primary', 'mdm-cluster');
    case 'gateway':
      return existing || allDone(state, (n) => n.role === 'primary', 'gateway');
    case 'serial': {
      const node = nodeOf(state, self);
      return node !== undefined && mayJoinRolling(spec, node, runningOthers(state, step, self));
    }
  }
}

/** The other nodes running `step` now. */
const runningOthers = (state: DeployState, step: StepId, self: AgentId): NodeState[] =>
  Object.values(state.nodes).filter(
    (n) => n.agentId !== self && stepOf(n, step)?.status === 'running',
  );

/**
 * Whether `node` may start a rolling (serial) step next to `others` that run it: one at a time
 * by default; up to `maxConcurrentRestarts` at once, all in the same fault set, never an MDM node
 * together with another node.
 */
export const mayJoinRolling = (
  spec: ClusterSpec,
  node: NodeState,
  others: readonly NodeState[],
): boolean =>
  others.length === 0 ||
  (others.length < spec.maxConcurrentRestarts &&
    !isMdm(node.role) &&
    others.every((o) => !isMdm(o.role) && o.faultSet === node.faultSet));

/** A step that can start now. */
export interface RunnableStep {
  readonly agentId: AgentId;
  readonly step: StepId;
  readonly kind: 'task' | 'gateway';
}

/**
 * Every step that can start now: pending (or delayed past its backoff), its node's earlier steps
 * done, its barriers met, and — for task steps — no other task of the same node running.
 */
export function runnableSteps(state: DeployState, spec: ClusterSpec, now: number): RunnableStep[] {
  const out: RunnableStep[] = [];
  // Nodes running each serial step (looked up once per call), plus those handed it in this batch.
  const rolling = new Map<StepId, NodeState[]>();
  const rollingOf = (step: StepId): NodeState[] => {
    let r = rolling.get(step);
    if (r === undefined) {
      r = Object.values(state.nodes).filter((x) => stepOf(x, step)?.status === 'running');
      rolling.set(step, r);
    }
    return r;
  };
  for (const n of Object.values(state.nodes)) {
    const busy = deployPlan.some((d) => d.kind === 'task' && stepOf(n, d.id)?.status === 'running');
    for (const d of deployPlan) {
      const s = stepOf(n, d.id);
      if (!s) continue;
      const ready = s.status === 'pending' || (s.status === 'delayed' && (s.notBefore ?? 0) <= now);
      if (!ready) continue;
      if (d.kind === 'task' && busy) continue;
      if (!d.after.every((a) => (stepOf(n, a)?.status ?? 'done') === 'done')) continue;
      const clusterWide = d.barriers.filter((b) => b !== 'serial');
      if (!clusterWide.every((b) => barrierMet(state, spec, b, d.id, n.agentId))) continue;
      if (d.barriers.includes('serial')) {
        // This node's step is not running (it is ready), so every node in the list is another.
        const others = rollingOf(d.id);
        if (!mayJoinRolling(spec, n, others)) continue;
        others.push(n);
      }
      out.push({ agentId: n.agentId, step: d.id, kind: d.kind });
      if (d.kind === 'task') break; // one task at a time per node, in plan order
    }
  }
  return out;
}

/** True when every step of every node is done. */
export const deployComplete = (state: DeployState): boolean =>
  Object.keys(state.nodes).length > 0 &&
  Object.values(state.nodes).every((n) => Object.values(n.steps).every((s) => s.status === 'done'));

/** A node's progress for people: its phase, current step and last error. */
export interface NodeProgress {
  readonly agentId: AgentId;
  readonly hostname: string;
  readonly role: Role;
  readonly faultSet: string;
  readonly phase: string;
  readonly step: StepId | 'done';
  readonly status: StepStatus;
  readonly done: number;
  readonly total: number;
  readonly lastError: string | undefined;
}

/** Progress of every node, sorted by hostname. */
export function progress(state: DeployState): NodeProgress[] {
  return Object.values(state.nodes)
    .map((n): NodeProgress => {
      const ids = deployPlan.map((d) => d.id).filter((id) => n.steps[id] !== undefined);
      const current = ids.find((id) => stepOf(n, id)?.status !== 'done');
      const s = current ? stepOf(n, current) : undefined;
      return {
        agentId: n.agentId,
        hostname: n.hostname,
        role: n.role,
        faultSet: n.faultSet,
        phase: current ? stepDef(current).phase : 'done',
        step: current ?? 'done',
        status: s?.status ?? 'done',
        done: ids.filter((id) => stepOf(n, id)?.status === 'done').length,
        total: ids.length,
        lastError: s?.lastError,
      };
    })
    .sort((a, b) => a.hostname.localeCompare(b.hostname));
}

/** What the gateway must hold for one storage node: names are deterministic. */
export interface StorageObjects {
  readonly protectionDomain: string;
  readonly faultSet: string | undefined;
  readonly sdsName: string;
  readonly sdsIp: string;
  /** Devices per storage pool. */
  readonly pools: readonly { readonly pool: string; readonly devices: readonly string[] }[];
}

/**
 * The gateway objects for a storage node: declared attributes (`scaleio-sds-*`) win; otherwise
 * the node's reported free devices go into the configured protection domain and pool.
 */
export function storageObjectsFor(
  state: DeployState,
  spec: ClusterSpec,
  agentId: AgentId,
  attributes: Readonly<Record<string, string>> = {},
): StorageObjects | undefined {
  const n = nodeOf(state, agentId);
  if (!n || !isStorage(n.role)) return undefined;
  const declared = declaredStorage(attributes);
  const [pd, pools] = Object.entries(declared.provides)[0] ?? [spec.protectionDomain, undefined];
  return {
    protectionDomain: pd,
    faultSet: n.faultSet === '' ? undefined : n.faultSet,
    sdsName: objectName('sds_', n.hostname),
    sdsIp: n.ip,
    pools: pools
      ? Object.entries(pools).map(([pool, devices]) => ({ pool, devices }))
      : [{ pool: spec.storagePool, devices: n.devices }],
  };
}

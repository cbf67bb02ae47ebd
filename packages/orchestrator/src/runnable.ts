import type { AgentId } from './agents.js';
import { deployPlan, type Barrier, type DeployStep } from './plan.js';
import { mayRestartBeside } from './restarts.js';
import { isMdm } from './roles.js';
import type { ClusterSpec } from './spec.js';
import { nodeOf, stepOf, type DeployState, type NodeState } from './state.js';

const allDone = (state: DeployState, pick: (n: NodeState) => boolean, step: DeployStep) => {
  const ns = Object.values(state.nodes).filter(pick);
  return ns.length > 0 && ns.every((n) => stepOf(n, step)?.status === 'done');
};

/** Whether a cluster-wide barrier is met for a node's step. */
export function barrierMet(
  state: DeployState,
  spec: ClusterSpec,
  b: Barrier,
  step: DeployStep,
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
const runningOthers = (state: DeployState, step: DeployStep, self: AgentId): NodeState[] =>
  Object.values(state.nodes).filter(
    (n) => n.agentId !== self && stepOf(n, step)?.status === 'running',
  );

/**
 * Whether `node` may start a rolling (serial) step next to `others` that run it: one per fault
 * domain at a time, up to `maxConcurrentRestarts` at once, never an MDM node together with
 * another node (`restarts.ts`).
 */
export const mayJoinRolling = (
  spec: ClusterSpec,
  node: NodeState,
  others: readonly NodeState[],
): boolean => mayRestartBeside(spec.maxConcurrentRestarts, node, others);

/**
 * Whether the primary holds `step` until its MDM cluster exists: every node's SDC and volume
 * wiring waits for the cluster and the gateway, which only the primary makes, so the primary does
 * not start its own SDS (or anything else) while its cluster waits for the other MDM packages.
 */
const heldForCluster = (spec: ClusterSpec, n: NodeState, step: DeployStep): boolean =>
  spec.mode === 'full' &&
  n.role === 'primary' &&
  step !== 'prereqs' &&
  step !== 'mdm-package' &&
  step !== 'mdm-cluster' &&
  stepOf(n, 'mdm-cluster')?.status !== 'done';

/** A step that can start now. */
export interface RunnableStep {
  readonly agentId: AgentId;
  readonly step: DeployStep;
  readonly kind: 'task' | 'gateway';
}

/** A computed {@link runnableSteps} and the times for which it holds. */
interface RunnableMemo {
  readonly spec: ClusterSpec;
  /** It holds for every `now` in `[from, until)`: no delayed step's backoff ends in between. */
  readonly from: number;
  readonly until: number;
  readonly steps: readonly RunnableStep[];
}

/** The last answer per deploy state (states are replaced, never mutated: identity is the key). */
const runnableMemo = new WeakMap<DeployState, RunnableMemo>();

/**
 * Every step that can start now: pending (or delayed past its backoff), its node's earlier steps
 * done, its barriers met, and — for task steps — no other task of the same node running.
 *
 * Remembered per state object: the answer depends on `now` only through the backoffs of delayed
 * steps, so a state that did not change (a steady cluster: every OFFERS event, every update of
 * another framework's agent, every tick) is answered without a scan of its nodes. The array is
 * frozen (shared between callers).
 */
export function runnableSteps(
  state: DeployState,
  spec: ClusterSpec,
  now: number,
): readonly RunnableStep[] {
  const m = runnableMemo.get(state);
  if (m !== undefined && m.spec === spec && now >= m.from && now < m.until) return m.steps;
  let from = -Infinity;
  let until = Infinity;
  for (const n of Object.values(state.nodes))
    for (const s of Object.values(n.steps))
      if (s.status === 'delayed') {
        const at = s.notBefore ?? 0;
        if (at <= now) from = Math.max(from, at);
        else until = Math.min(until, at);
      }
  const steps = Object.freeze(scanRunnable(state, spec, now));
  runnableMemo.set(state, { spec, from, until, steps });
  return steps;
}

function scanRunnable(state: DeployState, spec: ClusterSpec, now: number): RunnableStep[] {
  const out: RunnableStep[] = [];
  // Nodes running each serial step (looked up once per call), plus those handed it in this batch.
  const rolling = new Map<DeployStep, NodeState[]>();
  const rollingOf = (step: DeployStep): NodeState[] => {
    let r = rolling.get(step);
    if (r === undefined) {
      r = Object.values(state.nodes).filter((x) => stepOf(x, step)?.status === 'running');
      rolling.set(step, r);
    }
    return r;
  };
  for (const n of Object.values(state.nodes)) {
    if (n.goneAt !== undefined) continue; // its agent is gone for good: nothing runs there
    const busy = deployPlan.some((d) => d.kind === 'task' && stepOf(n, d.id)?.status === 'running');
    for (const d of deployPlan) {
      const s = stepOf(n, d.id);
      if (!s) continue;
      const ready = s.status === 'pending' || (s.status === 'delayed' && (s.notBefore ?? 0) <= now);
      if (!ready) continue;
      if (d.kind === 'task' && busy) continue;
      if (heldForCluster(spec, n, d.id)) continue;
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

import type { AgentId } from './agents.js';
import { deployPlan, type Barrier, type DeployStep } from './plan.js';
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
  readonly step: DeployStep;
  readonly kind: 'task' | 'gateway';
}

/**
 * Every step that can start now: pending (or delayed past its backoff), its node's earlier steps
 * done, its barriers met, and — for task steps — no other task of the same node running.
 */
export function runnableSteps(state: DeployState, spec: ClusterSpec, now: number): RunnableStep[] {
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

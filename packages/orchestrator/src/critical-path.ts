/**
 * The critical-path lower bound of a deploy: the least wall time any execution of the deploy
 * plan can take, given each step's duration on each node, under the plan's own rules — each
 * node's earlier steps (`after`), the cluster-wide barriers, one task at a time per node
 * (gateway steps run in the scheduler beside it), and the rolling restart's concurrency rule
 * (`restarts.ts`). Pure: `deploy-bench` compares the measured wall time with it.
 *
 * How it bounds (every relaxation only lowers the result, so it stays a lower bound):
 * - barriers: the MDM chain alone (prerequisites, MDM packages on every MDM node, the cluster,
 *   LIA and the gateway on the primary), as if nothing else ran on those nodes;
 * - each node: its task steps on one machine with those release times, in order of release
 *   (earliest release first is optimal for the makespan of one machine with release times and
 *   chains: Lawler 1973), its gateway steps beside them;
 * - restarts: each fault domain's restarts, plus every MDM node's (which run alone), on one
 *   machine from the moment each node's own steps allow it; and all restarts on
 *   `maxConcurrentRestarts` machines (the classic bound: a release time plus the work released
 *   from then on, shared by the machines).
 */
import type { AgentId } from './agents.js';
import { stepDef, stepsFor, type DeployStep } from './plan.js';
import { restartDomainOf } from './restarts.js';
import { isMdm } from './roles.js';
import type { ClusterSpec } from './spec.js';
import type { DeployState, NodeState } from './state.js';

/** The modelled duration (ms) of `step` on the node `agentId`; 0 when it takes no time. */
export type StepDuration = (agentId: AgentId, step: DeployStep) => number;

/** The bound and where it comes from. */
export interface CriticalPath {
  /** The lower bound on the deploy's wall time (ms). */
  readonly totalMs: number;
  /** The bound from the nodes' own steps and the barriers, restarts aside (ms). */
  readonly installMs: number;
  /** The bound from the rolling restart (ms; 0 without restarts). */
  readonly restartMs: number;
  /** Earliest end of every barrier (ms). */
  readonly barriers: Readonly<Record<'mdm-packages' | 'mdm-cluster' | 'gateway', number>>;
}

const RESTART: DeployStep = 'agent-restart';

/** Steps of `n` in the deploy, in plan order. */
const stepsOf = (n: NodeState, spec: Pick<ClusterSpec, 'mode'>): DeployStep[] =>
  stepsFor(n.role, spec.mode);

/** The earliest end of each barrier, from the MDM chain alone. */
const barrierTimes = (
  nodes: readonly NodeState[],
  spec: Pick<ClusterSpec, 'mode'>,
  d: StepDuration,
): CriticalPath['barriers'] => {
  if (spec.mode === 'existing') return { 'mdm-packages': 0, 'mdm-cluster': 0, gateway: 0 };
  const mdms = nodes.filter((n) => isMdm(n.role));
  const pkg = Math.max(
    0,
    ...mdms.map((n) => d(n.agentId, 'prereqs') + d(n.agentId, 'mdm-package')),
  );
  const primary = nodes.find((n) => n.role === 'primary');
  if (primary === undefined)
    return { 'mdm-packages': pkg, 'mdm-cluster': Infinity, gateway: Infinity };
  const cluster = pkg + d(primary.agentId, 'mdm-cluster');
  const gateway = cluster + d(primary.agentId, 'lia') + d(primary.agentId, 'gateway');
  return { 'mdm-packages': pkg, 'mdm-cluster': cluster, gateway };
};

/**
 * One node's steps (all but the restart) on one machine in order of release; returns when each
 * step ends at the earliest.
 */
const nodeSchedule = (
  n: NodeState,
  spec: Pick<ClusterSpec, 'mode'>,
  d: StepDuration,
  barriers: CriticalPath['barriers'],
  only?: ReadonlySet<DeployStep>,
): Map<DeployStep, number> => {
  const steps = stepsOf(n, spec).filter((s) => s !== RESTART && (only?.has(s) ?? true));
  const has = new Set(steps);
  const end = new Map<DeployStep, number>();
  let free = 0;
  while (end.size < steps.length) {
    let pick: { step: DeployStep; release: number } | undefined;
    for (const s of steps) {
      if (end.has(s)) continue;
      const def = stepDef(s);
      const own = def.barriers.flatMap((b) => ownBarrierSteps(n, b));
      if (![...def.after, ...own].every((a) => !has.has(a) || end.has(a))) continue;
      const release = Math.max(
        0,
        ...[...def.after, ...own].map((a) => end.get(a) ?? 0),
        ...def.barriers.filter((b) => b !== 'serial').map((b) => barriers[b]),
      );
      if (pick === undefined || release < pick.release) pick = { step: s, release };
    }
    if (pick === undefined) break; // unreachable: `after` only names earlier plan steps
    const task = stepDef(pick.step).kind === 'task';
    const start = task ? Math.max(pick.release, free) : pick.release;
    const stop = start + d(n.agentId, pick.step);
    if (task) free = stop;
    end.set(pick.step, stop);
  }
  return end;
};

/** The node's own steps a barrier waits for (the primary makes the cluster and the gateway). */
const ownBarrierSteps = (n: NodeState, b: string): DeployStep[] =>
  b === 'mdm-packages' && isMdm(n.role)
    ? ['mdm-package']
    : b === 'mdm-cluster' && n.role === 'primary'
      ? ['mdm-cluster']
      : b === 'gateway' && n.role === 'primary'
        ? ['gateway']
        : [];

/**
 * The steps of `n` that `step` waits for, directly, through others, or through a barrier that the
 * node's own step meets (not `step` itself).
 */
const closure = (n: NodeState, step: DeployStep): ReadonlySet<DeployStep> => {
  const out = new Set<DeployStep>();
  const visit = (s: DeployStep): void => {
    const def = stepDef(s);
    for (const a of [...def.after, ...def.barriers.flatMap((b) => ownBarrierSteps(n, b))])
      if (!out.has(a)) {
        out.add(a);
        visit(a);
      }
  };
  visit(step);
  return out;
};

/** The least makespan of jobs on one machine, each not before its release: earliest first. */
const oneMachine = (jobs: readonly { release: number; ms: number }[]): number => {
  let t = 0;
  for (const j of [...jobs].sort((a, b) => a.release - b.release))
    t = Math.max(t, j.release) + j.ms;
  return t;
};

/** Jobs on `m` identical machines: max over release times r of r + (work released at or after r) / m. */
const machines = (jobs: readonly { release: number; ms: number }[], m: number): number => {
  const sorted = [...jobs].sort((a, b) => b.release - a.release);
  let work = 0;
  let best = 0;
  for (const j of sorted) {
    work += j.ms;
    best = Math.max(best, j.release + work / m, j.release + j.ms);
  }
  return best;
};

/**
 * The critical-path lower bound of deploying `state`'s nodes (their roles and fault sets as the
 * state holds them) with step durations `d`, under `spec`'s mode and restart rule.
 */
export function criticalPath(
  state: DeployState,
  spec: Pick<ClusterSpec, 'mode' | 'maxConcurrentRestarts'>,
  d: StepDuration,
): CriticalPath {
  const nodes = Object.values(state.nodes).filter((n) => n.goneAt === undefined);
  const barriers = barrierTimes(nodes, spec, d);
  let installMs = 0;
  const restarts: { node: NodeState; release: number; ms: number }[] = [];
  for (const n of nodes) {
    const end = nodeSchedule(n, spec, d, barriers);
    installMs = Math.max(installMs, ...end.values());
    if (!stepsOf(n, spec).includes(RESTART)) continue;
    // Only the steps the restart waits for (a secondary MDM's LIA and gateway may come later).
    const needed = nodeSchedule(n, spec, d, barriers, closure(n, RESTART));
    const before = stepDef(RESTART).after.map((a) => needed.get(a) ?? 0);
    restarts.push({ node: n, release: Math.max(0, ...before), ms: d(n.agentId, RESTART) });
  }
  let restartMs = 0;
  if (restarts.length > 0) {
    const mdm = restarts.filter((r) => isMdm(r.node.role));
    const domains = new Set(restarts.map((r) => restartDomainOf(r.node)));
    for (const dom of domains)
      restartMs = Math.max(
        restartMs,
        oneMachine([
          ...restarts.filter((r) => !isMdm(r.node.role) && restartDomainOf(r.node) === dom),
          ...mdm,
        ]),
      );
    restartMs = Math.max(restartMs, machines(restarts, Math.max(1, spec.maxConcurrentRestarts)));
  }
  return { totalMs: Math.max(installMs, restartMs), installMs, restartMs, barriers };
}

import type { AgentId } from './agents.js';
import type { DeployStep } from './plan.js';
import { executorResources, stepResources, type TaskResources } from './resources.js';
import { runnableSteps, type RunnableStep } from './runnable.js';
import type { DeployState } from './state.js';
import { nextTaskId } from './step-events.js';
import type { ClusterSpec } from './spec.js';

/** The part of an offer that decisions need. */
export interface OfferView {
  readonly offerId: string;
  readonly agentId: AgentId;
  /** Scalar resources of the offer that the framework's role may use. */
  readonly cpus: number;
  readonly memMb: number;
  /**
   * Whether the framework's executor already runs on the agent (the offer names it in
   * `executor_ids`); otherwise the first task there also pays for the executor. Absent: not known,
   * counted as not running.
   */
  readonly executorRunning?: boolean;
}

/**
 * What the task of `step` (a deploy step, or a device probe) needs on an offer: its kind's
 * resources, plus the executor's when it does not run there yet.
 */
export const taskNeeds = (
  spec: ClusterSpec,
  step: DeployStep | 'probe',
  executorRunning: boolean,
): TaskResources => {
  const own = stepResources(spec, step);
  if (executorRunning) return own;
  const exec = executorResources(spec);
  return { cpus: own.cpus + exec.cpus, memMb: own.memMb + exec.memMb };
};

/**
 * The one offer-fit rule: undefined when the offer holds the task of `step` (and the executor
 * when needed), else why not.
 */
export const offerShortfall = (
  o: OfferView,
  spec: ClusterSpec,
  step: DeployStep | 'probe',
): string | undefined => {
  const running = o.executorRunning ?? false;
  const need = taskNeeds(spec, step, running);
  return o.cpus >= need.cpus && o.memMb >= need.memMb
    ? undefined
    : `${o.cpus} cpus / ${o.memMb} MB, needs ${need.cpus} / ${need.memMb}${running ? '' : ' with a new executor'}`;
};

/**
 * `refuse_seconds` of a DECLINE of a node with no work left in the plan (every step done or
 * failed, or its agent gone): a day. A DECLINE filter holds until it expires or the framework
 * REVIVEs (scheduler HTTP API, `REVIVE` removes every filter the framework set;
 * mesos.apache.org/documentation/latest/scheduler-http-api/), and the core REVIVEs as soon as such
 * a node has work again (an operator retry, a probe, a new plan step), so the length costs
 * nothing and a steady cluster's agents stay quiet.
 */
export const NO_WORK_REFUSE_SECONDS = 86_400;

/**
 * The refuse seconds that match the plan for a node none of whose steps can run now: until its
 * earliest backoff ends when a step is delayed; {@link NO_WORK_REFUSE_SECONDS} when it has no
 * work left; the spec's `declineRefuseSeconds` when a step waits for something that may change
 * any moment (a task running, a barrier, another node), and for agents outside the deployment.
 */
export function refuseSecondsFor(
  state: DeployState,
  spec: ClusterSpec,
  agentId: AgentId,
  now: number,
): number {
  const node = state.nodes[agentId];
  if (node === undefined) return spec.declineRefuseSeconds;
  if (node.goneAt !== undefined) return NO_WORK_REFUSE_SECONDS;
  let delayedUntil = Infinity;
  for (const step in node.steps) {
    const s = node.steps[step as DeployStep];
    if (s === undefined || s.status === 'done' || s.status === 'failed') continue;
    if (s.status !== 'delayed' || s.notBefore === undefined || s.notBefore <= now)
      return spec.declineRefuseSeconds;
    delayedUntil = Math.min(delayedUntil, s.notBefore);
  }
  if (delayedUntil === Infinity) return NO_WORK_REFUSE_SECONDS;
  return Math.max(1, Math.ceil((delayedUntil - now) / 1000));
}

/** What to do with one offer. */
export type OfferDecision =
  | {
      readonly _tag: 'launch';
      readonly offerId: string;
      readonly agentId: AgentId;
      readonly step: DeployStep;
      /** The id of the task to launch (the attempt after the `start` event). */
      readonly taskId: string;
    }
  | {
      readonly _tag: 'decline';
      readonly offerId: string;
      /** The offer's agent, so that the caller needs no lookup per declined offer. */
      readonly agentId: AgentId;
      readonly refuseSeconds: number;
      readonly reason: string;
    };

/**
 * Matches offers to runnable task steps: at most one step per agent per round, only when the
 * offer holds the step's resources. Every other offer is declined with a filter. Pure: the
 * caller records the `start` event (the intent) before it sends ACCEPT. Linear in the number of
 * offers plus nodes (one pass over the runnable steps, then a map lookup per offer), so an OFFERS
 * event from 10,000 agents costs no more per offer than one from 5.
 */
export function decideOffers(
  state: DeployState,
  spec: ClusterSpec,
  offers: readonly OfferView[],
  now: number,
): OfferDecision[] {
  // The first runnable task step of each agent (runnableSteps yields at most one per node).
  const runnable = new Map<AgentId, DeployStep>();
  for (const r of runnableSteps(state, spec, now))
    if (r.kind === 'task' && !runnable.has(r.agentId)) runnable.set(r.agentId, r.step);
  const used = new Set<AgentId>();
  return offers.map((o): OfferDecision => {
    const step = runnable.get(o.agentId);
    if (step === undefined || used.has(o.agentId)) {
      const known = state.nodes[o.agentId] !== undefined;
      return {
        _tag: 'decline',
        offerId: o.offerId,
        agentId: o.agentId,
        refuseSeconds: used.has(o.agentId)
          ? spec.declineRefuseSeconds
          : refuseSecondsFor(state, spec, o.agentId, now),
        reason: known
          ? 'no step of this node can run now'
          : 'agent not (yet) part of the deployment',
      };
    }
    const short = offerShortfall(o, spec, step);
    if (short !== undefined)
      return {
        _tag: 'decline',
        offerId: o.offerId,
        agentId: o.agentId,
        refuseSeconds: spec.declineRefuseSeconds,
        reason: `offer too small for step ${step}: ${short}`,
      };
    used.add(o.agentId);
    const st = state.nodes[o.agentId]?.steps[step] ?? { status: 'pending' as const, attempts: 0 };
    return {
      _tag: 'launch',
      offerId: o.offerId,
      agentId: o.agentId,
      step,
      taskId: nextTaskId(o.agentId, step, st),
    };
  });
}

/**
 * Whether the framework wants offers: yes while a task step can run now or roles are still
 * open; otherwise the caller SUPPRESSes, and REVIVEs when this turns true again (a retry's
 * backoff ran out, an operator retry, a periodic look for new agents).
 */
export function wantsOffers(state: DeployState, spec: ClusterSpec, now: number): boolean {
  return wantsOffersGiven(state, () => runnableSteps(state, spec, now));
}

/**
 * {@link wantsOffers} for a caller that already has `runnableSteps(state, spec, now)` of this
 * very state (pass it, or a function computing it on demand): saves a scan of every node, which
 * at 10,000 nodes costs as much as the rest of an OFFERS event.
 */
export function wantsOffersGiven(
  state: DeployState,
  runnable: readonly RunnableStep[] | (() => readonly RunnableStep[]),
): boolean {
  if (state.waiting.length > 0 || !hasNodes(state)) return true;
  return (typeof runnable === 'function' ? runnable() : runnable).some((r) => r.kind === 'task');
}

/** Whether a nodes record has a node, by record (records are replaced, never mutated). */
const nonEmpty = new WeakMap<object, boolean>();

/**
 * Whether the state has a node. Asked once per decision: even `for…in` lists all 10,000 keys
 * before its first turn, so the answer is remembered per nodes record.
 */
const hasNodes = (state: DeployState): boolean => {
  const known = nonEmpty.get(state.nodes);
  if (known !== undefined) return known;
  const has = Object.keys(state.nodes).length > 0;
  nonEmpty.set(state.nodes, has);
  return has;
};

/** The earliest time a delayed step becomes runnable, for the caller's next wake-up. */
export function nextWakeUp(state: DeployState): number | undefined {
  let t: number | undefined;
  for (const n of Object.values(state.nodes))
    for (const s of Object.values(n.steps))
      if (s.status === 'delayed' && s.notBefore !== undefined)
        t = t === undefined ? s.notBefore : Math.min(t, s.notBefore);
  return t;
}

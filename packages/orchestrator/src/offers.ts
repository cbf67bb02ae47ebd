import type { AgentId } from './agents.js';
import type { StepId } from './plan.js';
import { runnableSteps, taskIdFor, type DeployState } from './progress.js';
import type { ClusterSpec } from './spec.js';

/** The part of an offer that decisions need. */
export interface OfferView {
  readonly offerId: string;
  readonly agentId: AgentId;
  readonly cpus: number;
  readonly memMb: number;
}

/** What to do with one offer. */
export type OfferDecision =
  | {
      readonly _tag: 'launch';
      readonly offerId: string;
      readonly agentId: AgentId;
      readonly step: StepId;
      /** The id of the task to launch (the attempt after the `start` event). */
      readonly taskId: string;
    }
  | {
      readonly _tag: 'decline';
      readonly offerId: string;
      readonly refuseSeconds: number;
      readonly reason: string;
    };

/**
 * Matches offers to runnable task steps: at most one step per agent per round, only when the
 * offer holds the step's resources. Every other offer is declined with a filter. Pure: the
 * caller records the `start` event (the intent) before it sends ACCEPT.
 */
export function decideOffers(
  state: DeployState,
  spec: ClusterSpec,
  offers: readonly OfferView[],
  now: number,
): OfferDecision[] {
  const runnable = runnableSteps(state, spec, now).filter((r) => r.kind === 'task');
  const used = new Set<AgentId>();
  return offers.map((o): OfferDecision => {
    const r = runnable.find((x) => x.agentId === o.agentId);
    if (!r || used.has(o.agentId)) {
      const known = state.nodes[o.agentId] !== undefined;
      return {
        _tag: 'decline',
        offerId: o.offerId,
        refuseSeconds: spec.declineRefuseSeconds,
        reason: known
          ? 'no step of this node can run now'
          : 'agent not (yet) part of the deployment',
      };
    }
    if (o.cpus < spec.stepCpus || o.memMb < spec.stepMemMb)
      return {
        _tag: 'decline',
        offerId: o.offerId,
        refuseSeconds: spec.declineRefuseSeconds,
        reason: `offer too small for step ${r.step}: ${o.cpus} cpus / ${o.memMb} MB, needs ${spec.stepCpus} / ${spec.stepMemMb}`,
      };
    used.add(o.agentId);
    const attempts = state.nodes[o.agentId]?.steps[r.step]?.attempts ?? 0;
    return {
      _tag: 'launch',
      offerId: o.offerId,
      agentId: o.agentId,
      step: r.step,
      taskId: taskIdFor(o.agentId, r.step, attempts),
    };
  });
}

/**
 * Whether the framework wants offers: yes while a task step can run now or roles are still
 * open; otherwise the caller SUPPRESSes, and REVIVEs when this turns true again (a retry's
 * backoff ran out, an operator retry, a periodic look for new agents).
 */
export function wantsOffers(state: DeployState, spec: ClusterSpec, now: number): boolean {
  return (
    state.waiting.length > 0 ||
    Object.keys(state.nodes).length === 0 ||
    runnableSteps(state, spec, now).some((r) => r.kind === 'task')
  );
}

/** The earliest time a delayed step becomes runnable, for the caller's next wake-up. */
export function nextWakeUp(state: DeployState): number | undefined {
  let t: number | undefined;
  for (const n of Object.values(state.nodes))
    for (const s of Object.values(n.steps))
      if (s.status === 'delayed' && s.notBefore !== undefined)
        t = t === undefined ? s.notBefore : Math.min(t, s.notBefore);
  return t;
}

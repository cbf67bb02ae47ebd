import { deployComplete, progress, type DeployState } from '@scaleio-framework/orchestrator';

/** Facts about the scheduler process that the status shows besides the deploy state. */
export interface SchedulerFacts {
  readonly frameworkId: string | undefined;
  readonly master: string | undefined;
  readonly subscribed: boolean;
  readonly leader: boolean;
  readonly suppressed: boolean;
  readonly startedAt: number;
}

/**
 * The `/api/v1/status` document: built only from values that hold no secret (node progress,
 * roles, fault sets, warnings). Pure.
 */
export function statusView(state: DeployState, facts: SchedulerFacts, now: number) {
  const nodes = progress(state);
  const byPhase: Record<string, number> = {};
  for (const n of nodes) byPhase[n.phase] = (byPhase[n.phase] ?? 0) + 1;
  return {
    framework: {
      id: facts.frameworkId ?? null,
      master: facts.master ?? null,
      subscribed: facts.subscribed,
      leader: facts.leader,
      offersSuppressed: facts.suppressed,
      uptimeSeconds: Math.round((now - facts.startedAt) / 1000),
    },
    deploy: {
      complete: deployComplete(state),
      nodesByPhase: byPhase,
      waiting: state.waiting,
      faultSets: state.faultSets?.names ?? [],
      warnings: state.faultSets?.warning ? [state.faultSets.warning] : [],
      failedNodes: nodes.filter((n) => n.status === 'failed').map((n) => n.hostname),
    },
    nodes: nodes.map((n) => ({
      agentId: n.agentId,
      hostname: n.hostname,
      role: n.role,
      faultSet: n.faultSet || null,
      phase: n.phase,
      step: n.step,
      status: n.status,
      stepsDone: n.done,
      stepsTotal: n.total,
      lastError: n.lastError ?? null,
    })),
  };
}

/** The status document's type. */
export type StatusView = ReturnType<typeof statusView>;

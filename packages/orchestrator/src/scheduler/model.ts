/**
 * The scheduler core's state: the persisted deploy state plus what lives only in memory (agents
 * seen in offers, whether offers are suppressed, device probes waiting or running).
 */
import type { AgentFacts, AgentId } from '../agents.js';
import type { AgentsSeen } from '../placement.js';
import { stepDef, type DeployStep } from '../plan.js';
import { emptyDeployState, type DeployState } from '../state.js';
import { applyStepEvent } from '../step-events.js';
import type { ResolveDeviceSpec } from '../task-data.js';
import type { UpgradeTaskSpec } from '../upgrade/task.js';
import type { MembershipTaskSpec } from '../membership/task.js';
import type { SchedulerSettings } from './settings.js';

/**
 * A task outside the deploy plan, run on its agent's executor: a device-resolution probe for
 * capacity healing, or a rolling-upgrade task.
 */
export interface Probe {
  /** The requester's id; the answer names it. */
  readonly id: string;
  readonly agentId: AgentId;
  readonly spec: ResolveDeviceSpec | UpgradeTaskSpec | MembershipTaskSpec;
}

/** A task asked about and not answered yet. */
export interface Awaiting {
  readonly agentId: string;
  /** When to ask again. */
  readonly nextAt: number;
  /** The delay that led to `nextAt` (doubles, capped). */
  readonly delayMs: number;
}

/** A launched task watched until it leaves TASK_STAGING (see `launch-timeout.ts`). */
export interface Staging {
  readonly agentId: string;
  /** When it was launched (or its wait started anew: unreachable, agent reregistered). */
  readonly since: number;
  /** A KILL was sent for it: its TASK_KILLED is a lost launch, not a failed step. */
  readonly killed?: boolean;
  /** When the first KILL of this wait was sent. */
  readonly firstKillAt?: number;
  /** When the last KILL was sent. */
  readonly killedAt?: number;
  /** When the master answered TASK_STAGING after the first KILL (it still holds the task). */
  readonly confirmedAt?: number;
  /** It left TASK_STAGING after our KILL (kept only to read its TASK_KILLED as ours). */
  readonly left?: boolean;
  /**
   * Launched by an earlier scheduler: most likely running long since, so it counts only once the
   * master says it is still TASK_STAGING (the reconciliation at subscribe asks).
   */
  readonly inherited?: boolean;
}

/** Everything the core decides from. Replaced, never mutated. */
export interface SchedulerModel {
  /** Persisted: the shell saves it before performing the actions of a decision that changed it. */
  readonly deploy: DeployState;
  /** The newest facts of every agent seen in an offer since start. */
  readonly agents: ReadonlyMap<AgentId, AgentFacts>;
  /** When agents appeared since start (the placement settle window); absent before any. */
  readonly agentsSeen?: AgentsSeen;
  /** Whether offers are suppressed (as last asked of Mesos). */
  readonly suppressed: boolean;
  /**
   * Offers were revived to look for new agents: they stay wanted until the next OFFERS event has
   * shown who is there.
   */
  readonly discovering: boolean;
  /**
   * A SUPPRESS or REVIVE call failed (the master is away, say): offer interest is not asked
   * again before this time, so that a refused call is retried on a later tick, not in a loop.
   */
  readonly interestRetryAt: number;
  /** Probes waiting for an offer from their agent, oldest first. */
  readonly queuedProbes: readonly Probe[];
  /** Probes launched, by task id. */
  readonly runningProbes: ReadonlyMap<string, Probe>;
  /** Makes probe task ids unique within this process. */
  readonly probeSeq: number;
  /**
   * Agents whose offers were declined with a long filter (`NO_WORK_REFUSE_SECONDS`) since
   * the last REVIVE: when one of them has work again the core REVIVEs (which removes every
   * filter), or its offers would stay away until the filter expires. Absent: none.
   */
  readonly longRefused?: ReadonlySet<AgentId>;
  /** Tasks asked about by explicit reconciliation and not answered yet, by task id. */
  readonly awaiting: ReadonlyMap<string, Awaiting>;
  /** Launched tasks not yet heard of beyond TASK_STAGING, by task id (the launch timeout). */
  readonly staging: ReadonlyMap<string, Staging>;
}

/**
 * The model at start-up, from the saved deploy state. A gateway step left `running` by a
 * scheduler that died during its gateway calls is back to `pending` (no attempt used): its work
 * is find-or-create, so it simply runs again.
 */
export function initialModel(
  saved: DeployState | undefined,
  settings: SchedulerSettings,
  now: number,
): SchedulerModel {
  let deploy = saved ?? emptyDeployState();
  for (const n of Object.values(deploy.nodes))
    for (const [step, st] of Object.entries(n.steps))
      if (st.status === 'running' && stepDef(step as DeployStep).kind === 'gateway')
        deploy = applyStepEvent(deploy, settings.spec, {
          agentId: n.agentId,
          step: step as DeployStep,
          event: 'lost',
          now,
          reason: 'the scheduler restarted during the gateway calls',
        });
  const model: SchedulerModel = {
    deploy,
    agents: new Map(),
    suppressed: false,
    discovering: false,
    interestRetryAt: 0,
    queuedProbes: [],
    runningProbes: new Map(),
    probeSeq: 0,
    awaiting: new Map(),
    staging: new Map(),
  };
  // Tasks a previous instance launched are watched from now on, once known to be staging.
  return {
    ...model,
    staging: new Map(
      runningTasks(model).map((t) => [
        t.taskId,
        { agentId: t.agentId, since: now, inherited: true },
      ]),
    ),
  };
}

/** How long offer interest waits after a refused SUPPRESS or REVIVE (about one tick). */
export const INTEREST_RETRY_MS = 1000;

/** Whether a node has a task running: a deploy step or a probe (one task per node at a time). */
export const nodeBusy = (m: SchedulerModel, agentId: AgentId): boolean =>
  Object.entries(m.deploy.nodes[agentId]?.steps ?? {}).some(
    ([step, st]) => st.status === 'running' && stepDef(step as DeployStep).kind === 'task',
  ) || [...m.runningProbes.values()].some((p) => p.agentId === agentId);

/** The tasks the deploy state says are running, for explicit reconciliation. */
export const runningTasks = (m: SchedulerModel): { taskId: string; agentId: string }[] =>
  Object.values(m.deploy.nodes).flatMap((n) =>
    Object.values(n.steps)
      .filter((s) => s.status === 'running' && s.taskId !== undefined)
      .map((s) => ({ taskId: s.taskId as string, agentId: n.agentId as string })),
  );

/**
 * The operator surface's read models, fed where the observations happen — a deploy state decided,
 * pools sampled, the healer's status changed, the system read from the gateway, leadership won —
 * and only read by the HTTP handlers. Reading the status or the metrics never changes a gauge, a
 * history point or anything else.
 */
import type { DeployState } from '@scaleio-framework/orchestrator';
import type { HealerStatus, PoolStat } from '@scaleio-framework/healing';
import { createEventLog, type EventLog } from './events.js';
import { createExpansionTracker } from './expansion-outcomes.js';
import {
  healingStatusInputs,
  noThresholds,
  poolInfosOf,
  type PoolThresholds,
} from './healing-view.js';
import { createCapacityHistory, type CapacityHistory } from './history.js';
import { createMetrics, type Metrics } from './metrics.js';
import { emptyStatusInputs, type StatusInputs, type SystemInfo } from './status.js';
import type { UpgradeInfo } from './upgrade-info.js';
import type { MembershipEntryInfo, SdsRemovalInfo } from './membership-info.js';
import { createStepTimer } from './step-timing.js';

/** The parts of the status inputs that observations fill in. */
export type ObservedInputs = Pick<
  StatusInputs,
  'pools' | 'ledger' | 'healing' | 'system' | 'upgrade' | 'membership' | 'sdsRemovals'
>;

/** The read models and the observations that feed them. */
export interface OperatorReadModels {
  readonly metrics: Metrics;
  readonly history: CapacityHistory;
  /** Recent events (the log's decisions and warnings). */
  readonly events: EventLog;
  /**
   * A deploy state was decided (the scheduler core's `observe`): the nodes-by-phase gauge and the
   * durations of the steps that ended since the state before.
   */
  observeDeploy(state: DeployState): void;
  /** Pools were sampled (healing off): the status's pools, the history and the pool gauges. */
  observePools(pools: readonly PoolInfo[]): void;
  /** A statistics read of every pool at `atMs` (healing off): as {@link observePools}. */
  observePoolStats(stats: readonly PoolStat[], atMs: number): void;
  /**
   * The healer's status changed: its pools (as above), its ledger, its healing section, the
   * decisions gauge, and the expansions that reached a final stage since the status before.
   */
  observeHealer(status: HealerStatus, thresholds: PoolThresholds): void;
  /** The system and its MDM cluster were read from the gateway (`undefined`: not there). */
  observeSystem(system: SystemInfo | undefined): void;
  /** This instance started or stopped leading. */
  observeLeader(leading: boolean): void;
  /** The rolling upgrade's progress changed (`undefined`: none ever ran). */
  observeUpgrade(upgrade: UpgradeInfo | undefined): void;
  /** The membership ledger changed (lost MDM member replacements). */
  observeMembership(entries: readonly MembershipEntryInfo[]): void;
  /** The SDS removal ledger changed (lost SDSs). */
  observeSdsRemovals(entries: readonly SdsRemovalInfo[]): void;
  /** What the observations left for the status document. */
  statusInputs(): ObservedInputs;
}

type PoolInfo = StatusInputs['pools'][number];

/** The capacity healing settings as configured (what the surface shows before any round). */
export interface HealingSettings {
  readonly enabled: boolean;
  /** The policy's thresholds: pools are shown against them even while healing is off. */
  readonly thresholds: PoolThresholds;
}

/** Options of {@link createReadModels}: existing models to feed, else new ones. */
export interface ReadModelsOptions {
  readonly metrics?: Metrics;
  readonly history?: CapacityHistory;
  readonly events?: EventLog;
  /** Healing as configured (default: off, no thresholds). */
  readonly healing?: HealingSettings;
  /**
   * Epoch ms the process started: ledger entries that were already final before it (read back
   * after a restart) are not counted as expansions again. Default: now.
   */
  readonly startedAtMs?: number;
}

/**
 * Creates the read models (empty until the first observation).
 *
 * @example
 * ```ts
 * const models = createReadModels({ healing: { enabled: false, thresholds } });
 * const core = createSchedulerCore(settings, { ...deps, observe: (m) => models.observeDeploy(m.deploy) });
 * ```
 */
export function createReadModels(o: ReadModelsOptions = {}): OperatorReadModels {
  const metrics = o.metrics ?? createMetrics();
  const history = o.history ?? createCapacityHistory();
  const events = o.events ?? createEventLog();
  const settings = o.healing ?? { enabled: false, thresholds: noThresholds };
  const stepTimer = createStepTimer();
  let lastDeploy: DeployState | undefined;
  const expansions = createExpansionTracker(o.startedAtMs ?? Date.now());
  let observed: ObservedInputs = {
    pools: emptyStatusInputs.pools,
    ledger: emptyStatusInputs.ledger,
    healing: { ...emptyStatusInputs.healing, enabled: settings.enabled },
    system: undefined,
  };
  const record = (p: readonly PoolInfo[]): void => {
    history.record(p);
    metrics.observePools(p);
  };
  const observePools = (p: readonly PoolInfo[]): void => {
    record(p);
    observed = { ...observed, pools: p };
  };
  return {
    metrics,
    history,
    events,
    observeDeploy(state) {
      // Every decision reports its state; one that did not change it (most OFFERS events and
      // updates of a steady cluster) leaves the gauges and step timings as they are.
      if (state === lastDeploy) return;
      lastDeploy = state;
      metrics.observeState(state);
      for (const e of stepTimer(state)) metrics.recordStep(e.step, e.outcome, e.seconds);
    },
    observePools,
    observePoolStats: (stats, atMs) => observePools(poolInfosOf(stats, atMs, settings.thresholds)),
    observeHealer(status, thresholds) {
      const h = healingStatusInputs(status, thresholds);
      record(h.pools);
      metrics.observeHealingDecisions(h.healing.pools ?? []);
      for (const outcome of expansions(status)) metrics.recordExpansion(outcome);
      observed = { ...observed, ...h };
    },
    observeSystem(system) {
      metrics.observeSystem(system);
      observed = { ...observed, system };
    },
    observeLeader: (leading) => metrics.observeLeader(leading),
    observeUpgrade(upgrade) {
      observed = { ...observed, upgrade };
    },
    observeMembership(membership) {
      observed = { ...observed, membership };
    },
    observeSdsRemovals(sdsRemovals) {
      observed = { ...observed, sdsRemovals };
    },
    statusInputs: () => observed,
  };
}

/**
 * The operator surface's read models, fed where the observations happen — a deploy state decided,
 * pools sampled, the healer's status changed — and only read by the HTTP handlers. Reading the
 * status or the metrics never changes a gauge, a history point or anything else.
 */
import type { DeployState } from '@scaleio-framework/orchestrator';
import type { HealerStatus, PoolStat } from '@scaleio-framework/healing';
import { createEventLog, type EventLog } from './events.js';
import { healingStatusInputs, poolInfosOf, type PoolThresholds } from './healing-view.js';
import { createCapacityHistory, type CapacityHistory } from './history.js';
import { createMetrics, type Metrics } from './metrics.js';
import { emptyStatusInputs, type StatusInputs } from './status.js';

/** The parts of the status inputs that observations fill in. */
export type ObservedInputs = Pick<StatusInputs, 'pools' | 'ledger' | 'healing'>;

/** The read models and the observations that feed them. */
export interface OperatorReadModels {
  readonly metrics: Metrics;
  readonly history: CapacityHistory;
  /** Recent events (the log's decisions and warnings). */
  readonly events: EventLog;
  /** A deploy state was decided (the scheduler core's `observe`): the nodes-by-phase gauge. */
  observeDeploy(state: DeployState): void;
  /** Pools were sampled (healing off): the status's pools, the history and the pool gauges. */
  observePools(pools: readonly PoolInfo[]): void;
  /** A statistics read of every pool at `atMs` (healing off): as {@link observePools}. */
  observePoolStats(stats: readonly PoolStat[], atMs: number): void;
  /** The healer's status changed: its pools (as above), its ledger and its healing section. */
  observeHealer(status: HealerStatus, thresholds: PoolThresholds): void;
  /** What the observations left for the status document. */
  statusInputs(): ObservedInputs;
}

type PoolInfo = StatusInputs['pools'][number];

/** Options of {@link createReadModels}: existing models to feed, else new ones. */
export interface ReadModelsOptions {
  readonly metrics?: Metrics;
  readonly history?: CapacityHistory;
  readonly events?: EventLog;
}

/** Creates the read models (empty until the first observation). */
export function createReadModels(o: ReadModelsOptions = {}): OperatorReadModels {
  const metrics = o.metrics ?? createMetrics();
  const history = o.history ?? createCapacityHistory();
  const events = o.events ?? createEventLog();
  let observed: ObservedInputs = {
    pools: emptyStatusInputs.pools,
    ledger: emptyStatusInputs.ledger,
    healing: emptyStatusInputs.healing,
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
    observeDeploy: (state) => metrics.observeState(state),
    observePools,
    observePoolStats: (stats, atMs) => observePools(poolInfosOf(stats, atMs)),
    observeHealer(status, thresholds) {
      const h = healingStatusInputs(status, thresholds);
      record(h.pools);
      observed = h;
    },
    statusInputs: () => observed,
  };
}

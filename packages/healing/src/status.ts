/**
 * The healer's status view: what the status API and the dashboard show. Built from the in-memory
 * caches (last ledger read, last samples, last decisions); never does IO.
 */
import {
  countsAgainstCaps,
  type Decision,
  type TriggerFacts,
  type Volume,
} from '@scaleio-framework/capacity';
import type { HealingConfig } from './config.js';
import type { HealingEvent } from './events.js';
import type { HealingEntry } from './ledger.js';
import type { PoolStat } from './ports.js';

/** The last decision of one pool, flattened for JSON. */
export interface DecisionView {
  readonly atMs: number;
  readonly tag: Decision['_tag'];
  /** Wait reason (`cooldown`, `belowTrigger`, …) or the blocking cap (`dailyBudget`, `totalCap`, …). */
  readonly why?: string;
  readonly reason: string;
  readonly facts: TriggerFacts | null;
  readonly totalGiB?: number;
  readonly untilMs?: number;
}

/** One pool in the status. */
export interface PoolStatusView {
  readonly pool: string;
  readonly poolId: string;
  readonly protectionDomain: string;
  readonly percentFull: number;
  readonly usedGiB: number;
  readonly capacityGiB: number;
  readonly sampledAtMs: number;
  readonly samples: number;
  readonly nodes: number;
  readonly decision: DecisionView | null;
  /** The cap that blocked the last decision, if any: the answer to "why did it not grow?". */
  readonly blockedBy: string | null;
}

/** The whole status. */
export interface HealerStatus {
  readonly enabled: boolean;
  readonly paused: boolean;
  readonly dryRun: boolean;
  readonly approval: boolean;
  readonly pools: ReadonlyArray<PoolStatusView>;
  readonly inFlight: ReadonlyArray<HealingEntry>;
  readonly awaitingApproval: ReadonlyArray<HealingEntry>;
  /** The newest finished entries (at most 20), newest first. */
  readonly recent: ReadonlyArray<HealingEntry>;
  readonly totals: {
    readonly volumes: number;
    readonly addedGiB: number;
    readonly last24hGiB: number;
    readonly failed: number;
    readonly rolledBack: number;
  };
  readonly leaks: {
    readonly checkedAtMs: number;
    readonly volumes: ReadonlyArray<Pick<Volume, 'id' | 'node' | 'sizeGiB' | 'state'>>;
  } | null;
  readonly lastError: string | null;
  readonly events: ReadonlyArray<HealingEvent>;
}

/** Flattens a decision for the status. */
export const decisionView = (d: Decision, atMs: number): DecisionView => {
  const base = { atMs, tag: d._tag, reason: d.reason, facts: d.facts };
  switch (d._tag) {
    case 'Expand':
      return { ...base, totalGiB: d.totalGiB };
    case 'Blocked':
      return { ...base, why: d.cap };
    case 'Wait':
      return d.untilMs === undefined
        ? { ...base, why: d.why }
        : { ...base, why: d.why, untilMs: d.untilMs };
  }
};

/** Everything {@link buildStatus} reads. */
export interface StatusInput {
  readonly config: HealingConfig;
  readonly paused: boolean;
  readonly entries: ReadonlyArray<HealingEntry>;
  readonly latest: ReadonlyArray<PoolStat & { readonly atMs: number }>;
  readonly sampleCount: (pool: string) => number;
  readonly decisions: ReadonlyMap<string, DecisionView>;
  readonly leaks: HealerStatus['leaks'];
  readonly lastError: string | null;
  readonly events: ReadonlyArray<HealingEvent>;
  readonly nowMs: number;
}

/** Builds the status from the caches. Pure. */
export const buildStatus = (i: StatusInput): HealerStatus => {
  const real = i.entries.filter(countsAgainstCaps);
  const finished = i.entries.filter((e) => e.state !== 'inProgress');
  return {
    enabled: i.config.enabled,
    paused: i.paused,
    dryRun: i.config.policy.dryRun,
    approval: i.config.approval,
    pools: i.latest.map((s) => {
      const d = i.decisions.get(s.pool.key) ?? null;
      return {
        pool: s.pool.key,
        poolId: s.pool.id,
        protectionDomain: s.pool.protectionDomain,
        percentFull: s.percentFull,
        usedGiB: s.usedGiB,
        capacityGiB: s.capacityGiB,
        sampledAtMs: s.atMs,
        samples: i.sampleCount(s.pool.key),
        nodes: s.nodes.length,
        decision: d,
        blockedBy: d?.tag === 'Blocked' ? (d.why ?? null) : null,
      };
    }),
    inFlight: i.entries.filter((e) => e.state === 'inProgress' && e.stage !== 'awaitingApproval'),
    awaitingApproval: i.entries.filter((e) => e.stage === 'awaitingApproval'),
    recent: [...finished].sort((a, b) => b.updatedAtMs - a.updatedAtMs).slice(0, 20),
    totals: {
      volumes: real.length,
      addedGiB: real.reduce((a, e) => a + e.sizeGiB, 0),
      last24hGiB: real
        .filter((e) => e.atMs > i.nowMs - 86_400_000)
        .reduce((a, e) => a + e.sizeGiB, 0),
      failed: i.entries.filter((e) => e.stage === 'failed').length,
      rolledBack: i.entries.filter((e) => e.stage === 'rolledBack').length,
    },
    leaks: i.leaks,
    lastError: i.lastError,
    events: i.events,
  };
};

/**
 * The healer's status view — what the status API and the dashboard show — and what the status
 * says about one entry. Built from the healer's state; pure.
 */
import { countsAgainstCaps } from '@scaleio-framework/capacity';
import type { HealingConfig } from './config.js';
import type { DecisionView } from './decide.js';
import type { HealingEvent } from './events.js';
import { percentFullOfFigures } from './figures.js';
import type { HealingEntry } from './ledger.js';
import type { LeakReport } from './leaks.js';
import type { HealerState } from './state.js';
import type { ShrinkView } from './shrink-decide.js';

/** One pool in the status. Figures in bytes, as read from the gateway. */
export interface PoolStatusView {
  readonly pool: string;
  readonly poolId: string;
  readonly protectionDomain: string;
  /** The pool's name within its protection domain. */
  readonly name: string;
  /** `inUse / (max − spare)`, unrounded. */
  readonly percentFull: number;
  readonly inUseBytes: number;
  readonly maxBytes: number;
  readonly spareBytes: number;
  readonly sampledAtMs: number;
  readonly samples: number;
  readonly nodes: number;
  readonly decision: DecisionView | null;
  /** The cap that blocked the last decision, if any: the answer to "why did it not grow?". */
  readonly blockedBy: string | null;
  /** The last shrink decision (null before the first, or with shrinking off and no drain). */
  readonly shrink: ShrinkView | null;
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
    /** Volumes a shrink removed (their devices drained, the volumes deleted). */
    readonly removed: number;
    readonly removedGiB: number;
  };
  readonly leaks: LeakReport | null;
  readonly lastError: string | null;
  readonly events: ReadonlyArray<HealingEvent>;
}

/** Builds the status from the healer's state. Pure. */
export const buildStatus = (s: HealerState, config: HealingConfig, nowMs: number): HealerStatus => {
  const entries = s.ledger.entries;
  const real = entries.filter(countsAgainstCaps);
  const finished = entries.filter((e) => e.state !== 'inProgress');
  return {
    enabled: config.enabled,
    paused: s.ledger.paused,
    dryRun: config.policy.dryRun,
    approval: config.approval,
    pools: Object.values(s.pools).map(({ latest, samples }) => {
      const d = s.decisions[latest.pool.key] ?? null;
      return {
        pool: latest.pool.key,
        poolId: latest.pool.id,
        protectionDomain: latest.pool.protectionDomain,
        name: latest.pool.name,
        percentFull: percentFullOfFigures(latest.figures),
        ...latest.figures,
        sampledAtMs: latest.atMs,
        samples: samples.length,
        nodes: latest.nodes.length,
        decision: d,
        blockedBy: d?.tag === 'Blocked' ? (d.why ?? null) : null,
        shrink: s.shrinks[latest.pool.key] ?? null,
      };
    }),
    inFlight: entries.filter((e) => e.state === 'inProgress' && e.stage !== 'awaitingApproval'),
    awaitingApproval: entries.filter(
      (e) => e.stage === 'awaitingApproval' || e.stage === 'shrinkApproval',
    ),
    recent: [...finished].sort((a, b) => b.updatedAtMs - a.updatedAtMs).slice(0, 20),
    totals: {
      volumes: real.length,
      addedGiB: real.reduce((a, e) => a + e.sizeGiB, 0),
      last24hGiB: real
        .filter((e) => e.atMs > nowMs - 86_400_000)
        .reduce((a, e) => a + e.sizeGiB, 0),
      failed: entries.filter((e) => e.stage === 'failed').length,
      rolledBack: entries.filter((e) => e.stage === 'rolledBack').length,
      removed: entries.filter((e) => e.stage === 'removed').length,
      removedGiB: entries.filter((e) => e.stage === 'removed').reduce((a, e) => a + e.sizeGiB, 0),
    },
    leaks: s.leaks,
    lastError: s.lastError,
    events: s.events,
  };
};

/** What the status says about an entry: why it failed or was undone, else its decision. */
export const entryReason = (e: HealingEntry): string | undefined => {
  const undone = e.state === 'failed' || e.state === 'rolledBack' || e.stage === 'rollingBack';
  return undone
    ? (e.reason ?? e.lastError ?? e.decision)
    : e.lastError !== undefined && e.state === 'inProgress'
      ? `${e.decision ?? e.stage} (${e.stage}, attempt ${e.attempts}: ${e.lastError})`
      : (e.decision ?? e.reason);
};

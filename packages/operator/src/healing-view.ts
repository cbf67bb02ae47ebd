/**
 * The healer's status and pool reads in the shapes of the status API: a read model, pure. Pools
 * carry their real max and spare (bytes), so the status shows `usableKb = max − spare`.
 */
import {
  entryReason,
  type HealerStatus,
  type HealingEntry,
  type PoolStat,
} from '@scaleio-framework/healing';
import type { HealingInfo, LedgerEntryInfo, PoolInfo } from './status.js';

/** The healing thresholds a pool is shown with (the policy's trigger and clear percent). */
export interface PoolThresholds {
  readonly triggerPercent: number;
  readonly clearPercent: number;
}

/** No thresholds (pools shown before any policy is known). */
export const noThresholds: PoolThresholds = { triggerPercent: 0, clearPercent: 0 };

/** Pools read from the gateway (`StatsPort.poolStats`) at `atMs`, as the status shows them. */
export function poolInfosOf(
  stats: readonly PoolStat[],
  atMs: number,
  thresholds: PoolThresholds = noThresholds,
): PoolInfo[] {
  return stats.map((s) => ({
    protectionDomain: s.pool.protectionDomain,
    name: s.pool.name,
    latest: { atMs, ...s.figures },
    ...thresholds,
  }));
}

/** One ledger entry as the status shows it (its stage, and why it failed when it did). */
export function ledgerEntryInfo(e: HealingEntry): LedgerEntryInfo {
  return {
    seq: e.seq,
    pool: e.pool,
    node: e.node,
    sizeGiB: e.sizeGiB,
    atMs: e.atMs,
    state: e.stage === 'awaitingApproval' ? 'awaitingApproval' : e.state,
    dryRun: e.dryRun,
    volume: e.volume,
    reason: entryReason(e),
    stage: e.stage,
  };
}

/** The healer's status in the shapes of the status API. */
export function healingStatusInputs(
  s: HealerStatus,
  policy: PoolThresholds,
): { pools: PoolInfo[]; ledger: LedgerEntryInfo[]; healing: HealingInfo } {
  return {
    pools: s.pools.map((p) => ({
      protectionDomain: p.protectionDomain,
      name: p.name,
      latest: {
        atMs: p.sampledAtMs,
        inUseBytes: p.inUseBytes,
        maxBytes: p.maxBytes,
        spareBytes: p.spareBytes,
      },
      triggerPercent: policy.triggerPercent,
      clearPercent: policy.clearPercent,
    })),
    ledger: [...s.inFlight, ...s.awaitingApproval, ...s.recent].map(ledgerEntryInfo),
    healing: {
      enabled: s.enabled,
      paused: s.paused,
      approvalMode: s.approval,
      dryRun: s.dryRun,
      pools: s.pools.map((p) => ({
        protectionDomain: p.protectionDomain,
        pool: p.pool,
        decision: p.decision?.tag ?? null,
        why: p.decision?.why ?? null,
        reason: p.decision?.reason ?? null,
        blockedBy: p.blockedBy,
        shrink:
          p.shrink === null
            ? null
            : {
                decision: `${p.shrink.tag} ${p.shrink.entry ?? p.shrink.why ?? ''}`.trim(),
                reason: p.shrink.reason,
              },
      })),
      leaks: s.leaks
        ? { checkedAtMs: s.leaks.checkedAtMs, volumes: s.leaks.volumes.map((v) => v.id) }
        : null,
      totals: s.totals,
      lastError: s.lastError,
    },
  };
}

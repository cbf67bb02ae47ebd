/**
 * Expansion outcomes, seen from the healer's status: a ledger entry (one volume) that reaches a
 * final stage — verified, rolled back, failed, dry run, declined — counts once. Entries already
 * final before `sinceMs` (read back from the ledger after a restart) do not count again.
 */
import type { HealerStatus, HealingEntry } from '@scaleio-framework/healing';
import { EXPANSION_OUTCOMES } from './metric-families.js';

const outcomeOf = (e: HealingEntry): string | undefined =>
  (EXPANSION_OUTCOMES as Record<string, string>)[e.stage];

/**
 * An outcome counter over the healer's statuses: give it each status in order; it returns the
 * outcome labels of the entries that became final since the one before.
 */
export function createExpansionTracker(sinceMs: number): (status: HealerStatus) => string[] {
  const stages = new Map<string, string>();
  return (status) => {
    const out: string[] = [];
    for (const e of [...status.inFlight, ...status.awaitingApproval, ...status.recent]) {
      const before = stages.get(e.id);
      stages.set(e.id, e.stage);
      const outcome = outcomeOf(e);
      if (outcome === undefined || before === e.stage) continue;
      if (before === undefined && e.updatedAtMs < sinceMs) continue;
      out.push(outcome);
    }
    return out;
  };
}

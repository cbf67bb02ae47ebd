/**
 * Shrink changes to the ledger, pure: a verified entry chosen for removal moves to its first
 * shrink stage (or, in a dry run, only records the decision); an operator answers a shrink that
 * awaits approval. Applied inside the shell's compare-and-set write, so a decision made on an older
 * ledger changes nothing when the entry moved meanwhile.
 */
import { putEntry, withStage, type HealingEntry, type HealingLedger } from './ledger.js';

/** A shrink decided for one entry (`verified`: a dry run, recorded only). */
export interface ShrinkChange {
  readonly _tag: 'shrink';
  readonly entryId: string;
  readonly stage: 'verified' | 'shrinkApproval' | 'shrinkIntent';
  readonly reason: string;
  readonly nowMs: number;
}

/** The ledger after a shrink change, or why it changed nothing. */
export const applyShrink = (
  l: HealingLedger,
  c: ShrinkChange,
): { readonly ledger: HealingLedger; readonly problem: string | null } => {
  const e = l.entries.find((x) => x.id === c.entryId);
  if (e === undefined) return { ledger: l, problem: `no entry ${c.entryId}` };
  if (e.stage !== 'verified')
    return {
      ledger: l,
      problem: `${c.entryId} is ${e.stage}; only a verified entry can be drained`,
    };
  if (l.entries.some((x) => x.pool === e.pool && x.state === 'inProgress'))
    return { ledger: l, problem: `${e.pool} has an entry in progress` };
  const extra: Partial<HealingEntry> = {
    shrinkDecision: c.reason,
    shrinkAtMs: c.nowMs,
    shrinkDryRun: c.stage === 'verified',
    attempts: 0,
  };
  const next =
    c.stage === 'verified'
      ? { ...e, ...extra, updatedAtMs: c.nowMs }
      : withStage(e, c.stage, c.nowMs, extra);
  return { ledger: putEntry(l, next), problem: null };
};

/** The operator's answer to a shrink awaiting approval: go ahead, or keep the device. */
export const answerShrink = (
  e: HealingEntry,
  to: 'intent' | 'declined',
  nowMs: number,
): HealingEntry =>
  to === 'intent'
    ? withStage(e, 'shrinkIntent', nowMs)
    : withStage(e, 'verified', nowMs, { lastError: 'shrink declined by the operator' });

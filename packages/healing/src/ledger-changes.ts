/**
 * Every change to the persisted ledger, as data, and the one pure function that applies it. The
 * shell writes a change with compare-and-set (re-applying it to the newer ledger on a conflict)
 * and only then performs the next side effect.
 */
import type { ClusterId } from '@scaleio-framework/capacity';
import { appendExpansion, type Expand } from './decide.js';
import {
  putEntry,
  withStage,
  type HealingEntry,
  type HealingLedger,
  type HealingStage,
} from './ledger.js';
import type { PoolRef } from './pools.js';
import { answerShrink, applyShrink, type ShrinkChange } from './shrink-ledger.js';

/** One change to the ledger document. */
export type LedgerChange =
  /** An entry reached a stage (or used an attempt): replace it by id. */
  | { readonly _tag: 'putEntry'; readonly entry: HealingEntry }
  /** A pool's Expand decision: one entry per volume, starting at `stage`. */
  | {
      readonly _tag: 'expand';
      readonly decision: Expand;
      readonly pool: PoolRef;
      readonly cluster: ClusterId;
      readonly stage: HealingStage;
      readonly nowMs: number;
    }
  /** The operator's answer to an expansion that awaits approval. */
  | {
      readonly _tag: 'answer';
      readonly entryId: string;
      readonly to: 'intent' | 'declined';
      readonly nowMs: number;
    }
  /** The pause switch (it lives in the ledger, so it survives restarts). */
  | { readonly _tag: 'setPaused'; readonly paused: boolean }
  /** A verified entry chosen for removal (decided, or an operator's drain). */
  | ShrinkChange;

/** What an operator's answer did: the entries it moved, or why it moved none. */
export interface AnswerResult {
  readonly ledger: HealingLedger;
  readonly moved: ReadonlyArray<string>;
  readonly problem: string | null;
}

/**
 * Moves every awaiting entry of the same expansion as `entryId` to `to` (`intent`: approved,
 * `declined`: nothing will be created); a shrink awaiting approval goes on (`shrinkIntent`) or
 * back to `verified` with its device kept. An unknown entry, or one that does not await approval,
 * is a problem and changes nothing.
 */
export const answerApproval = (
  l: HealingLedger,
  entryId: string,
  to: 'intent' | 'declined',
  nowMs: number,
): AnswerResult => {
  const hit = l.entries.find((e) => e.id === entryId);
  if (hit === undefined) return { ledger: l, moved: [], problem: `no entry ${entryId}` };
  if (hit.stage === 'shrinkApproval')
    return {
      ledger: putEntry(l, answerShrink(hit, to, nowMs)),
      moved: [hit.id],
      problem: null,
    };
  if (hit.stage !== 'awaitingApproval')
    return {
      ledger: l,
      moved: [],
      problem: `${entryId} is ${hit.stage}, not awaiting approval`,
    };
  const moved: string[] = [];
  const entries = l.entries.map((e) => {
    if (e.expansion !== hit.expansion || e.stage !== 'awaitingApproval') return e;
    moved.push(e.id);
    return withStage(e, to, nowMs, to === 'declined' ? { reason: 'declined by the operator' } : {});
  });
  return { ledger: { ...l, entries }, moved, problem: null };
};

/** The ledger with one change applied. Pure. */
export const applyLedgerChange = (l: HealingLedger, c: LedgerChange): HealingLedger => {
  switch (c._tag) {
    case 'putEntry':
      return putEntry(l, c.entry);
    case 'expand':
      return appendExpansion(l, c.decision, c, c.cluster, c.stage, c.nowMs);
    case 'answer':
      return answerApproval(l, c.entryId, c.to, c.nowMs).ledger;
    case 'setPaused':
      return { ...l, paused: c.paused };
    case 'shrink':
      return applyShrink(l, c).ledger;
  }
};

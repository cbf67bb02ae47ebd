/**
 * The healer's state after a shrink decision or an operator's drain: the pool's last shrink
 * decision kept for the status, and an event when it differs from the previous one (tag or
 * reason kind) and for every shrink started or recorded.
 */
import type { HealingConfig } from './config.js';
import type { ShrinkChange } from './shrink-ledger.js';
import type { ShrinkPlan, ShrinkView } from './shrink-decide.js';
import { withEvents, type HealerState, type Reduced } from './state.js';
import type { PoolStat } from './pools.js';

/** A pool's final shrink plan (never `describeDevices`): kept, with an event when it changed. */
export const afterShrinkDecision = (
  s: HealerState,
  pool: string,
  plan: Exclude<ShrinkPlan, { _tag: 'describeDevices' }>,
  nowMs: number,
  c: HealingConfig,
): Reduced => {
  const view: ShrinkView =
    plan._tag === 'none'
      ? { atMs: nowMs, tag: 'none', why: plan.why, reason: plan.reason }
      : { atMs: nowMs, tag: 'shrink', entry: plan.entry.id, reason: plan.reason };
  const prev = s.shrinks[pool];
  const same = prev !== undefined && prev.tag === view.tag && prev.why === view.why;
  const quiet = plan._tag === 'none' && (plan.why === 'disabled' || same);
  return withEvents(
    { ...s, shrinks: { ...s.shrinks, [pool]: view } },
    quiet
      ? []
      : [
          {
            atMs: nowMs,
            kind: 'shrink',
            pool,
            ...(view.entry === undefined ? {} : { entry: view.entry }),
            message: `shrink ${view.tag === 'shrink' ? `${view.entry ?? ''}` : (view.why ?? '')}: ${view.reason}`,
          },
        ],
    c,
  );
};

/** The change a final `shrink` plan writes: the entry to its first stage per the modes. */
export const shrinkChangeOf = (
  plan: Extract<ShrinkPlan, { _tag: 'shrink' }>,
  stage: ShrinkChange['stage'],
  nowMs: number,
): ShrinkChange => ({ _tag: 'shrink', entryId: plan.entry.id, stage, reason: plan.reason, nowMs });

/** The pool of a stat, by key (for the shell's per-pool loop). */
export const poolKeyOf = (stat: PoolStat): string => stat.pool.key;

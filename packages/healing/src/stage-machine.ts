/**
 * One entry, one move at a time: the stage table's transition turned into what the shell does
 * next — perform an effect, write the entry (with its events), or wait — with the one generic
 * failure rule every stage shares:
 *
 * - a node that is not ready yet (`notReady`) waits without using an attempt, for at most
 *   {@link NOT_READY_GRACE_MS} since the entry last changed;
 * - a retryable failure uses one attempt of the stage (`attempts + 1`, `lastError`) and the entry
 *   waits for the next round, up to `stepAttempts`;
 * - anything else, or the attempts used up: → `rollingBack` with `failedStage` and `reason`; a
 *   rollback that fails that way → `failed`. A shrink never rolls back (that would delete a volume
 *   the SDS may still use): before the removal was accepted (`shrinkIntent`) the entry goes back to
 *   `verified` with the device kept; later → `failed` for the operator.
 */
import type { HealingEvent } from './events.js';
import { retryEvent, stageEvent } from './events.js';
import type { EntryEffect, Observation } from './effects.js';
import { isShrinkStage, withStage, type HealingEntry } from './ledger.js';
import { stageTable, transition } from './stages.js';
import type { StageInput, StageRow, Transition } from './transitions.js';

/** How long a stage waits for a node that is not reachable yet before its attempts count. */
export const NOT_READY_GRACE_MS = 10 * 60_000;

/** What the shell does next for an entry. */
export type EntryMove =
  | { readonly _tag: 'perform'; readonly effect: EntryEffect }
  | { readonly _tag: 'wait' }
  /**
   * Persist `entry` (replacing it by id) BEFORE anything else, then send `events`; `continue`:
   * carry on with the entry's next stage in the same round, `stop`: leave it for the next round.
   */
  | {
      readonly _tag: 'write';
      readonly entry: HealingEntry;
      readonly events: ReadonlyArray<HealingEvent>;
      readonly then: 'continue' | 'stop';
    };

const written = (entry: HealingEntry, atMs: number): EntryMove => ({
  _tag: 'write',
  entry,
  events: [stageEvent(entry, atMs)],
  then: entry.state === 'inProgress' ? 'continue' : 'stop',
});

/** The generic failure rule (see the module comment). */
export const onFailure = (
  e: HealingEntry,
  f: Extract<Transition, { _tag: 'fail' }>,
  cx: StageInput,
): EntryMove => {
  const now = cx.nowMs;
  if (f.notReady && now - e.updatedAtMs < NOT_READY_GRACE_MS) return { _tag: 'wait' };
  const attempts = e.attempts + 1;
  if (f.retryable && attempts < cx.config.stepAttempts) {
    const entry = { ...e, attempts, lastError: f.error, updatedAtMs: now };
    return {
      _tag: 'write',
      entry,
      events: [retryEvent(entry, cx.config.stepAttempts, now)],
      then: 'stop',
    };
  }
  if (isShrinkStage(e.stage))
    return written(
      e.stage === 'shrinkIntent'
        ? withStage(e, 'verified', now, { attempts: 0, lastError: `shrink abandoned: ${f.error}` })
        : withStage(e, 'failed', now, {
            attempts: 0,
            failedStage: e.stage,
            lastError: f.error,
            reason: `${e.stage} failed: ${f.error}`,
          }),
      now,
    );
  return written(
    e.stage === 'rollingBack'
      ? withStage(e, 'failed', now, { lastError: f.error, reason: `rollback failed: ${f.error}` })
      : withStage(e, 'rollingBack', now, {
          attempts: 0,
          failedStage: e.stage,
          lastError: f.error,
          reason: `${e.stage} failed: ${f.error}`,
        }),
    now,
  );
};

/** The next move of an entry after an observation (`due` at the start of its round). Pure. */
export const nextMove = (
  e: HealingEntry,
  o: Observation,
  cx: StageInput,
  table: ReadonlyArray<StageRow> = stageTable,
): EntryMove => {
  const t = transition(e, o, cx, table);
  switch (t._tag) {
    case 'perform':
    case 'wait':
      return t;
    case 'advance':
      return written(withStage(e, t.stage, cx.nowMs, { ...t.extra, attempts: 0 }), cx.nowMs);
    case 'fail':
      return onFailure(e, t, cx);
  }
};

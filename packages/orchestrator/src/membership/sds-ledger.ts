/**
 * The SDS removal ledger: one entry per lost node whose SDS is to be removed from the system once
 * ScaleIO has rebuilt its data (`sds-removal.ts` decides when). Its stage moves only through
 * {@link sdsRemovalTransition} (one table) and every change is recorded in the entry's history
 * before the effect it leads to (the shell saves the ledger first), so a restarted scheduler
 * resumes each entry at its stage. Healing volumes (cloud volumes the healer attached to the lost
 * node) are listed on the entry for cleanup: they are reported, never silently leaked.
 */
import * as t from 'io-ts';
import { LedgerNode } from './ledger.js';

/** Where an SDS removal stands. */
export const SdsRemovalStage = t.keyof({
  /** Mode `off`: the lost SDS is only reported. */
  reported: null,
  /** Mode `approval`: waits for the operator's `sds-approve`. */
  awaitingApproval: null,
  /** Waits for the rebuild to finish and for the pool to keep its minimum (`why` says which). */
  waiting: null,
  /** `removeSds` is being sent to the gateway. */
  removing: null,
  /** The SDS is no longer in the system. */
  done: null,
  /** The SDS answers again and its node is not lost any more: nothing to remove. */
  recovered: null,
  /** The removal failed too often; the operator's `sds-retry` sends it back to waiting. */
  failed: null,
});
/** Where an SDS removal stands. */
export type SdsRemovalStage = t.TypeOf<typeof SdsRemovalStage>;

/**
 * What happens to an entry: `approve`/`retry` (operator), `enable` (the mode is no longer `off`),
 * `remove` (the decision allows it now), `hold` (it no longer does: back to waiting), `applied`
 * (the gateway accepted the removal), `gone` (the SDS is not listed any more), `fail`,
 * `recovered` (the SDS answers again and its node is not lost).
 */
export type SdsRemovalEvent =
  'approve' | 'retry' | 'enable' | 'remove' | 'hold' | 'applied' | 'gone' | 'fail' | 'recovered';

const table: Readonly<
  Record<SdsRemovalStage, Partial<Record<SdsRemovalEvent, SdsRemovalStage | 'waiting|failed'>>>
> = {
  reported: { enable: 'waiting', gone: 'done', recovered: 'recovered' },
  awaitingApproval: { approve: 'waiting', gone: 'done', recovered: 'recovered' },
  waiting: { remove: 'removing', gone: 'done', recovered: 'recovered' },
  removing: {
    applied: 'done',
    gone: 'done',
    hold: 'waiting',
    fail: 'waiting|failed',
    recovered: 'recovered',
  },
  done: {},
  recovered: {},
  failed: { retry: 'waiting', gone: 'done', recovered: 'recovered' },
};

/** The next stage, or undefined when the event does not apply (`exhausted`: no attempt left). */
export const sdsRemovalTransition = (
  from: SdsRemovalStage,
  e: SdsRemovalEvent,
  exhausted = false,
): SdsRemovalStage | undefined => {
  const to = table[from][e];
  return to === 'waiting|failed' ? (exhausted ? 'failed' : 'waiting') : to;
};

/** A cloud volume the healer attached to the lost node (its ledger entry and stage). */
export const HealingVolumeRef = t.type({ volume: t.string, entry: t.string, stage: t.string });
/** A healing volume on a lost node. */
export type HealingVolumeRef = t.TypeOf<typeof HealingVolumeRef>;

/** One recorded stage change. */
export const SdsRemovalStep = t.intersection([
  t.type({ stage: SdsRemovalStage, atMs: t.number }),
  t.partial({ note: t.string }),
]);
/** One recorded stage change. */
export type SdsRemovalStep = t.TypeOf<typeof SdsRemovalStep>;

/** One lost node's SDS removal. */
export const SdsRemoval = t.intersection([
  t.type({
    /** Deterministic: `sds-<seq>-<ip>`. */
    id: t.string,
    node: LedgerNode,
    /** The gateway's id of the SDS when the entry was made. */
    sdsId: t.string,
    stage: SdsRemovalStage,
    attempts: t.number,
    history: t.array(SdsRemovalStep),
    /** Healing volumes on the node, to clean up (reported in the status and the log). */
    healingVolumes: t.array(HealingVolumeRef),
  }),
  t.partial({
    /** Why it waits (the rebuild, the pool's minimum, another removal first). */
    why: t.string,
    lastError: t.string,
    notBefore: t.number,
  }),
]);
/** One lost node's SDS removal. */
export type SdsRemoval = t.TypeOf<typeof SdsRemoval>;

/** The persisted ledger. */
export const SdsRemovalLedger = t.intersection([
  t.type({
    schemaVersion: t.literal(1),
    seq: t.number,
    entries: t.array(SdsRemoval),
  }),
  t.partial({
    /** SDSs the MDM reports disconnected, by IP: since when (the grace runs from there). */
    disconnectedSince: t.record(t.string, t.number),
  }),
]);
/** The persisted ledger. */
export type SdsRemovalLedger = t.TypeOf<typeof SdsRemovalLedger>;

/** An empty ledger. */
export const emptySdsRemovalLedger = (): SdsRemovalLedger => ({
  schemaVersion: 1,
  seq: 0,
  entries: [],
});

/** Whether an entry is still open (not done, not recovered). */
export const isOpenRemoval = (r: SdsRemoval): boolean =>
  r.stage !== 'done' && r.stage !== 'recovered';

/**
 * Moves one entry by `event`, recording the new stage (with `note`) in its history; the entry
 * itself when the event does not apply. A `fail` uses an attempt and sets the retry time.
 */
export function moveRemoval(
  r: SdsRemoval,
  event: SdsRemovalEvent,
  now: number,
  opts: { note?: string; maxAttempts: number; retryBaseMs: number },
): SdsRemoval {
  const attempts = event === 'fail' ? r.attempts + 1 : event === 'retry' ? 0 : r.attempts;
  const to = sdsRemovalTransition(r.stage, event, attempts >= opts.maxAttempts);
  if (to === undefined) return r;
  const step: SdsRemovalStep = { stage: to, atMs: now, ...(opts.note ? { note: opts.note } : {}) };
  const { lastError: _e, notBefore: _n, ...rest } = r;
  return {
    ...rest,
    stage: to,
    attempts,
    history: [...r.history, step],
    ...(event === 'fail'
      ? {
          lastError: opts.note ?? 'failed',
          notBefore: now + opts.retryBaseMs * 2 ** Math.max(0, attempts - 1),
        }
      : {}),
  };
}

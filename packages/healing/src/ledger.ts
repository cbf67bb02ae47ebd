/**
 * The healing ledger: one entry per volume the healer adds (or would add), persisted before each
 * side effect. It extends the capacity package's `LedgerEntry` (which the policy reads for
 * cooldown, caps and budget) with the stage reached and what each stage produced.
 */
import * as t from 'io-ts';
import { LedgerEntry, type LedgerState } from '@scaleio-framework/capacity';

/**
 * Where one entry stands. The life of a real entry:
 * `awaitingApproval`? → `intent` → `created` → `attached` → `resolved` → `added` → `verified`;
 * on a stage that fails for good: → `rollingBack` → `rolledBack`; a pool that does not grow after
 * the add: → `failed`. `dryRun` and `declined` are final and created nothing. A verified entry
 * may later be shrunk: `shrinkApproval`? → `shrinkIntent` → `draining` → `drained` →
 * `volumeDetached` → `removed` (a removal ScaleIO refuses goes back to `verified`).
 */
export const HealingStage = t.keyof({
  /** Approval mode: decided, waiting for `approve(id)`. Nothing created. */
  awaitingApproval: null,
  /** About to provision (the idempotency key is persisted). */
  intent: null,
  /** The volume exists (its id is persisted); about to attach. */
  created: null,
  /** Attached to its node; about to resolve the in-guest path. */
  attached: null,
  /** The in-guest path is known and checked; about to add it to the SDS. */
  resolved: null,
  /** Added to the SDS and pool; waiting for samples that show the pool grew. */
  added: null,
  /** The pool grew. Final. */
  verified: null,
  /** A stage failed for good; detaching and deleting the volume. */
  rollingBack: null,
  /** The volume is gone (or was never made). Final. */
  rolledBack: null,
  /** The pool did not grow after the add, or the rollback could not finish. Final. */
  failed: null,
  /** Dry run: recorded, nothing created. Final. */
  dryRun: null,
  /** Approval mode: the operator declined. Final. */
  declined: null,
  /** Shrink approval mode: chosen for removal, waiting for `approve(id)`. The device still serves. */
  shrinkApproval: null,
  /** Shrink decided (persisted); about to remove the device from its SDS. */
  shrinkIntent: null,
  /** The SDS is migrating the device's data away; waiting until it is gone and the pool quiet. */
  draining: null,
  /** The device is gone and the pool shows no moving or degraded capacity; about to detach. */
  drained: null,
  /** The volume is detached from its node; about to delete it. */
  volumeDetached: null,
  /** The volume is deleted. Final. */
  removed: null,
});
/** Where one entry stands. */
export type HealingStage = t.TypeOf<typeof HealingStage>;

/** One ledger entry of the healer: a capacity `LedgerEntry` plus its stage and products. */
export const HealingEntry = t.intersection([
  LedgerEntry,
  t.type({
    /** Stable id shown in the status and used by `approve`/`decline` (`exp-<seq>`). */
    id: t.string,
    stage: HealingStage,
    /** The gateway id of the pool (the policy's `pool` field is the `pd/sp` name key). */
    poolId: t.string,
    protectionDomainId: t.string,
    /** Sequence number of the first entry of the same decision (several volumes, one decision). */
    expansion: t.number,
    /** Failed attempts of the current stage (reset when a stage completes). */
    attempts: t.number,
    updatedAtMs: t.number,
  }),
  t.partial({
    /** The decision's sentence, with its numbers. */
    decision: t.string,
    zone: t.string,
    deviceName: t.string,
    guestPaths: t.array(t.string),
    /** The in-guest path the executor resolved. */
    path: t.string,
    deviceId: t.string,
    /** The pool's usable capacity (bytes, max − spare) when the device was about to be added. */
    capacityBeforeBytes: t.number,
    /** Read only: the same figure in GiB, as builds before bytes-inside wrote it. */
    capacityBeforeGiB: t.number,
    addedAtMs: t.number,
    /** The stage at which the entry failed (before a rollback). */
    failedStage: HealingStage,
    lastError: t.string,
    /** Shrink: the decision's sentence, with its numbers. */
    shrinkDecision: t.string,
    /** Shrink: when it was decided (or, with `shrinkDryRun`, recorded); the daily cap counts these. */
    shrinkAtMs: t.number,
    /** Shrink: recorded by a dry run; nothing was removed. */
    shrinkDryRun: t.boolean,
    /** Shrink: when ScaleIO accepted the removal (data migration started). */
    drainStartedAtMs: t.number,
    /** Shrink: when the device was gone and the pool quiet. */
    drainedAtMs: t.number,
  }),
]);
/** One ledger entry of the healer. */
export type HealingEntry = t.TypeOf<typeof HealingEntry>;

/** The whole persisted document: every entry ever written, and the pause switch. */
export const HealingLedger = t.type({ entries: t.array(HealingEntry), paused: t.boolean });
/** The whole persisted document. */
export type HealingLedger = t.TypeOf<typeof HealingLedger>;

/** The ledger before anything was written. */
export const emptyLedger: HealingLedger = { entries: [], paused: false };

/** The capacity ledger state a stage implies (what the policy counts). */
export const stateOfStage = (s: HealingStage): LedgerState => {
  switch (s) {
    case 'verified':
    case 'dryRun':
      return 'completed';
    case 'failed':
      return 'failed';
    case 'rolledBack':
    case 'declined':
    case 'removed':
      return 'rolledBack';
    case 'shrinkApproval':
      return 'completed';
    default:
      return 'inProgress';
  }
};

/** The stages of a shrink (a verified entry on its way to `removed`). */
export const SHRINK_STAGES: ReadonlyArray<HealingStage> = [
  'shrinkApproval',
  'shrinkIntent',
  'draining',
  'drained',
  'volumeDetached',
  'removed',
];

/** Whether a stage belongs to a shrink. */
export const isShrinkStage = (s: HealingStage): boolean => SHRINK_STAGES.includes(s);

/** True for an entry the healer still has to drive (approval waits are excluded). */
export const isActive = (e: HealingEntry): boolean =>
  stateOfStage(e.stage) === 'inProgress' && e.stage !== 'awaitingApproval';

/** The entry moved to a stage, with its capacity state kept consistent. */
export const withStage = (
  e: HealingEntry,
  stage: HealingStage,
  nowMs: number,
  extra: Partial<HealingEntry> = {},
): HealingEntry => ({ ...e, ...extra, stage, state: stateOfStage(stage), updatedAtMs: nowMs });

/** The ledger with one entry replaced (by id); unknown ids are appended. */
export const putEntry = (l: HealingLedger, e: HealingEntry): HealingLedger =>
  l.entries.some((x) => x.id === e.id)
    ? { ...l, entries: l.entries.map((x) => (x.id === e.id ? e : x)) }
    : { ...l, entries: [...l.entries, e] };

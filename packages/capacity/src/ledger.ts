import * as t from 'io-ts';
import { IdempotencyKey, NodeId, VolumeId } from './ids.js';
import type { Volume } from './provider.js';

/** Where one expansion step stands. */
export const LedgerState = t.keyof({
  /** Decided and persisted; provider/gateway work not finished. */
  inProgress: null,
  /** The volume is in the pool and the pool grew. */
  completed: null,
  /** Gave up; the volume may still exist (counted against caps until rolled back). */
  failed: null,
  /** Its volume was detached and deleted; it no longer counts against caps. */
  rolledBack: null,
});
/** Where one expansion step stands. */
export type LedgerState = t.TypeOf<typeof LedgerState>;

/**
 * One volume added (or to be added) to a pool. The scheduler persists an entry before acting, so
 * the ledger is both the policy's memory (cooldown, caps, budget) and the owner list used to tell
 * leaked volumes from ours.
 */
export const LedgerEntry = t.intersection([
  t.type({
    /** Unique, increasing across the cluster. */
    seq: t.number,
    pool: t.string,
    node: NodeId,
    sizeGiB: t.number,
    /** When the expansion was decided, epoch ms. */
    atMs: t.number,
    state: LedgerState,
    /** A dry-run decision: recorded, nothing created; counts only for the cooldown. */
    dryRun: t.boolean,
  }),
  t.partial({ key: IdempotencyKey, volume: VolumeId, reason: t.string }),
]);
/** One volume added to a pool. */
export type LedgerEntry = t.TypeOf<typeof LedgerEntry>;

/** Entries that cost money and slots: real (not dry-run) and not rolled back. */
export const countsAgainstCaps = (e: LedgerEntry): boolean => !e.dryRun && e.state !== 'rolledBack';

/** The next free ledger sequence number (1 for an empty ledger). */
export const nextSeq = (ledger: ReadonlyArray<LedgerEntry>): number =>
  ledger.reduce((a, e) => Math.max(a, e.seq), 0) + 1;

/**
 * Volumes the provider lists as ours (`listOwned`) that no ledger entry accounts for: neither its
 * id nor its idempotency key appears in an entry that is not rolled back. These are leaks (e.g. a
 * crash before the entry was persisted, or a rollback that did not finish) to report or delete.
 */
export const findLeaks = (
  owned: ReadonlyArray<Volume>,
  ledger: ReadonlyArray<LedgerEntry>,
): Volume[] => {
  const live = ledger.filter((e) => e.state !== 'rolledBack');
  const ids = new Set(live.flatMap((e) => (e.volume === undefined ? [] : [e.volume as string])));
  const keys = new Set(live.flatMap((e) => (e.key === undefined ? [] : [e.key as string])));
  return owned.filter((v) => !ids.has(v.id) && (v.key === undefined || !keys.has(v.key)));
};

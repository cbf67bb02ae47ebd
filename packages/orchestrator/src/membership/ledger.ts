/**
 * The membership ledger: one entry per lost MDM cluster member being replaced, its stage moved
 * only through {@link replacementTransition} (one table), every stage change recorded in the
 * entry's history before the effect it leads to is performed (the shell saves the ledger first),
 * so a restarted scheduler resumes each entry at its stage.
 *
 * The stages follow ScaleIO's documented procedure for replacing a cluster member (ScaleIO 2.0
 * CLI: `--add_standby_mdm`, `--replace_cluster_mdm` with `--add_slave_mdm_*`/`--remove_slave_mdm_*`
 * or `--add_tb_*`/`--remove_tb_*` and `--allow_leave_failed`, then `--remove_standby_mdm`; the
 * puppet-scaleio module's `scaleio::cluster` drives `--replace_cluster_mdm … --allow_leave_failed
 * --i_am_sure` the same way; reference scaleio-api.md §6.2): install the MDM (or tie-breaker) on a
 * spare node, add it as a standby, swap it in for the lost member in one replace (the cluster
 * keeps its mode: as many added as removed), then remove the lost one, now a standby.
 */
import * as t from 'io-ts';

/** Where a replacement stands. */
export const ReplacementStage = t.keyof({
  /** Mode `approval`: waits for the operator's `approve`. */
  awaitingApproval: null,
  /** The lost member is still the master: the cluster's own failover comes first. */
  awaitingFailover: null,
  /** The MDM (or tie-breaker) package goes onto the spare node. */
  installing: null,
  /** `--add_standby_mdm` of the spare, on the primary. */
  addingStandby: null,
  /** `--replace_cluster_mdm`: the spare in, the lost member out. */
  replacing: null,
  /** `--remove_standby_mdm` of the lost member (a standby after the replace). */
  removingStandby: null,
  done: null,
  failed: null,
});
/** Where a replacement stands. */
export type ReplacementStage = t.TypeOf<typeof ReplacementStage>;

/**
 * What happens to an entry: `approve` (operator), `failedOver` (the cluster has a new master),
 * `applied` (the stage's effect succeeded, or the cluster already shows it), `fail` (it failed;
 * the caller says whether attempts remain), `spareLost` (the spare's agent went away before it
 * joined the cluster: pick another), `retry` (operator, after `failed`).
 */
export type ReplacementEvent =
  'approve' | 'failedOver' | 'applied' | 'fail' | 'spareLost' | 'retry';

const ACTIVE = ['installing', 'addingStandby', 'replacing', 'removingStandby'] as const;

/** The one transition table; a missing entry: the event does not apply (ignored). */
const table: Readonly<
  Record<ReplacementStage, Partial<Record<ReplacementEvent, ReplacementStage | 'same|failed'>>>
> = {
  awaitingApproval: { approve: 'installing' },
  awaitingFailover: { failedOver: 'installing' },
  installing: { applied: 'addingStandby', fail: 'same|failed', spareLost: 'installing' },
  addingStandby: { applied: 'replacing', fail: 'same|failed', spareLost: 'installing' },
  replacing: { applied: 'removingStandby', fail: 'same|failed' },
  removingStandby: { applied: 'done', fail: 'same|failed' },
  done: {},
  failed: { retry: 'installing' },
};

/** The next stage, or undefined when the event does not apply (`exhausted`: no attempt left). */
export const replacementTransition = (
  from: ReplacementStage,
  e: ReplacementEvent,
  exhausted = false,
): ReplacementStage | undefined => {
  const to = table[from][e];
  return to === 'same|failed' ? (exhausted ? 'failed' : from) : to;
};

/** Whether a stage has an effect the shell performs. */
export const isActiveStage = (s: ReplacementStage): s is (typeof ACTIVE)[number] =>
  (ACTIVE as readonly string[]).includes(s);

/** A node in the ledger: enough to act on it and to show it. */
export const LedgerNode = t.type({ agentId: t.string, hostname: t.string, ip: t.string });
/** A node in the ledger. */
export type LedgerNode = t.TypeOf<typeof LedgerNode>;

/** The cluster role being replaced: a secondary (slave) or a tie-breaker. */
export const MemberRole = t.keyof({ secondary: null, tiebreaker: null });
/** The cluster role being replaced. */
export type MemberRole = t.TypeOf<typeof MemberRole>;

/** One recorded stage change. */
export const LedgerStep = t.intersection([
  t.type({ stage: ReplacementStage, atMs: t.number }),
  t.partial({ note: t.string }),
]);
/** One recorded stage change. */
export type LedgerStep = t.TypeOf<typeof LedgerStep>;

/** One replacement. */
export const Replacement = t.intersection([
  t.type({
    /** Deterministic: `mdm-<seq>-<lost ip>`. */
    id: t.string,
    lost: t.intersection([LedgerNode, t.type({ role: MemberRole })]),
    spare: t.union([t.null, LedgerNode]),
    stage: ReplacementStage,
    attempts: t.number,
    history: t.array(LedgerStep),
  }),
  t.partial({ lastError: t.string, notBefore: t.number }),
]);
/** One replacement. */
export type Replacement = t.TypeOf<typeof Replacement>;

/** The persisted ledger. */
export const MembershipLedger = t.intersection([
  t.type({
    schemaVersion: t.literal(1),
    seq: t.number,
    entries: t.array(Replacement),
  }),
  t.partial({
    /** Members the MDM reports disconnected, by IP: since when (the grace runs from there). */
    disconnectedSince: t.record(t.string, t.number),
  }),
]);
/** The persisted ledger. */
export type MembershipLedger = t.TypeOf<typeof MembershipLedger>;

/** An empty ledger. */
export const emptyMembershipLedger = (): MembershipLedger => ({
  schemaVersion: 1,
  seq: 0,
  entries: [],
});

/** Whether an entry is still under way (not done, not failed). */
export const isOpen = (r: Replacement): boolean => r.stage !== 'done' && r.stage !== 'failed';

/**
 * Moves one entry by `event`, recording the new stage (with `note`) in its history; the entry
 * itself when the event does not apply. A `fail` uses an attempt and sets the retry time.
 */
export function moveEntry(
  r: Replacement,
  event: ReplacementEvent,
  now: number,
  opts: { note?: string; maxAttempts: number; retryBaseMs: number; spare?: LedgerNode | null },
): Replacement {
  const attempts = event === 'fail' ? r.attempts + 1 : event === 'applied' ? 0 : r.attempts;
  const to = replacementTransition(r.stage, event, attempts >= opts.maxAttempts);
  if (to === undefined) return r;
  const step: LedgerStep = { stage: to, atMs: now, ...(opts.note ? { note: opts.note } : {}) };
  const { lastError: _e, notBefore: _n, ...rest } = r;
  return {
    ...rest,
    stage: to,
    attempts: event === 'retry' ? 0 : attempts,
    ...(opts.spare !== undefined ? { spare: opts.spare } : {}),
    history: [...r.history, step],
    ...(event === 'fail'
      ? {
          lastError: opts.note ?? 'failed',
          ...(to === 'failed'
            ? {}
            : { notBefore: now + opts.retryBaseMs * 2 ** Math.max(0, attempts - 1) }),
        }
      : {}),
  };
}

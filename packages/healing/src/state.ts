/**
 * The healer's state as one value, and the pure reducers the shell applies as results come in:
 * a statistics read, a ledger read or write, a pool's decision, an operator action, a leak
 * check. Each reducer returns the new state and the events it added (to send to the logs).
 */
import type { ClusterId, Volume } from '@scaleio-framework/capacity';
import type { HealingConfig } from './config.js';
import {
  decisionView,
  firstStage,
  type DecisionView,
  type PoolInput,
  type PoolPlan,
} from './decide.js';
import { appendEvents, ledgerWriteFailedEvent, type HealingEvent } from './events.js';
import { emptyLedger, isActive, type HealingEntry, type HealingLedger } from './ledger.js';
import type { LedgerChange } from './ledger-changes.js';
import { checkLeaks, type LeakReport } from './leaks.js';
import {
  policySamples,
  recordSamples,
  samplesOf,
  type PoolStat,
  type PoolWindows,
} from './pools.js';
import type { Outcome } from './outcome.js';
import type { StageInput } from './transitions.js';
import type { ShrinkView } from './shrink-decide.js';

/** Everything the healer knows between two results. */
export interface HealerState {
  /** The ledger as last read or written. */
  readonly ledger: HealingLedger;
  readonly pools: PoolWindows;
  /** The last decision of each pool, by pool key. */
  readonly decisions: Readonly<Record<string, DecisionView>>;
  /** The last shrink decision of each pool, by pool key (`shrink-state.ts`). */
  readonly shrinks: Readonly<Record<string, ShrinkView>>;
  readonly leaks: LeakReport | null;
  readonly lastError: string | null;
  /** The newest events, oldest first (at most `eventLimit`). */
  readonly events: ReadonlyArray<HealingEvent>;
}

/** A healer that has seen nothing yet. */
export const initialHealerState: HealerState = {
  ledger: emptyLedger,
  pools: {},
  decisions: {},
  shrinks: {},
  leaks: null,
  lastError: null,
  events: [],
};

/** A reducer's result: the new state and the events it added to it. */
export interface Reduced {
  readonly state: HealerState;
  readonly events: ReadonlyArray<HealingEvent>;
}

/** The state with `events` kept (newest `eventLimit`). */
export const withEvents = (
  s: HealerState,
  events: ReadonlyArray<HealingEvent>,
  c: HealingConfig,
): Reduced => ({ state: { ...s, events: appendEvents(s.events, events, c.eventLimit) }, events });

const failed = (
  s: HealerState,
  lastError: string,
  nowMs: number,
  c: HealingConfig,
  pool?: string,
) =>
  withEvents(
    { ...s, lastError },
    [{ atMs: nowMs, kind: 'error', ...(pool === undefined ? {} : { pool }), message: lastError }],
    c,
  );

/** One statistics read of every pool: recorded as samples, or the error. */
export const afterSample = (
  s: HealerState,
  read: Outcome<ReadonlyArray<PoolStat>>,
  nowMs: number,
  c: HealingConfig,
): Reduced =>
  read.ok
    ? {
        state: { ...s, pools: recordSamples(s.pools, nowMs, read.value, c.maxSamplesPerPool) },
        events: [],
      }
    : failed(s, `statistics: ${read.error}`, nowMs, c);

/** A ledger read: the new ledger, or the error. */
export const afterLedgerRead = (
  s: HealerState,
  read: Outcome<HealingLedger>,
  nowMs: number,
  c: HealingConfig,
): Reduced =>
  read.ok
    ? { state: { ...s, ledger: read.value }, events: [] }
    : failed(s, `ledger read: ${read.error}`, nowMs, c);

/** A ledger write that failed: nothing after it is done this round. */
export const afterWriteFailed = (
  s: HealerState,
  error: string,
  nowMs: number,
  c: HealingConfig,
  about: { readonly pool?: string; readonly entry?: string } = {},
): Reduced =>
  about.entry === undefined
    ? failed(s, `ledger write failed: ${error}`, nowMs, c, about.pool)
    : withEvents(s, [ledgerWriteFailedEvent(error, nowMs, about)], c);

/** Whether the healer acts this round (on, and not paused). */
export const isHealing = (s: HealerState, c: HealingConfig): boolean =>
  c.enabled && !s.ledger.paused;

/** The entries to drive (all pools, or one), in ledger order. */
export const activeEntries = (s: HealerState, pool?: string): ReadonlyArray<HealingEntry> =>
  s.ledger.entries.filter((e) => isActive(e) && (pool === undefined || e.pool === pool));

/** What the stage table reads for an entry now. */
export const stageInput = (
  s: HealerState,
  e: HealingEntry,
  c: HealingConfig,
  nowMs: number,
): StageInput => ({
  config: c,
  nowMs,
  samples: samplesOf(s.pools, e.pool),
});

/** What a pool's decision reads now. */
export const poolInput = (
  s: HealerState,
  stat: PoolStat,
  c: HealingConfig,
  nowMs: number,
): PoolInput => ({
  stat,
  samples: policySamples(s.pools, stat.pool.key),
  ledger: s.ledger.entries,
  policy: c.policy,
  nowMs,
});

/**
 * A pool's decision: kept for the status; an event when it differs from the pool's previous one
 * (tag or reason kind) and for every Expand; one error event per node that could not be described.
 */
export const afterDecision = (
  s: HealerState,
  pool: string,
  plan: Extract<PoolPlan, { _tag: 'decided' }>,
  nowMs: number,
  c: HealingConfig,
): Reduced => {
  const d = plan.decision;
  const view = decisionView(d, nowMs);
  const prev = s.decisions[pool];
  const same =
    prev !== undefined && prev.tag === view.tag && prev.why === view.why && d._tag !== 'Expand';
  const events: HealingEvent[] = plan.nodeErrors.map((m) => ({
    atMs: nowMs,
    kind: 'error',
    pool,
    message: `describe node ${m}`,
  }));
  if (!same)
    events.push({
      atMs: nowMs,
      kind: 'decision',
      pool,
      message: `${d._tag}${view.why === undefined ? '' : ` (${view.why})`}: ${d.reason}`,
      ...(d.facts === null ? {} : { facts: d.facts }),
      details: {
        tag: d._tag,
        ...(view.why === undefined ? {} : { why: view.why }),
        ...(view.totalGiB === undefined ? {} : { totalGiB: view.totalGiB }),
      },
    });
  return withEvents({ ...s, decisions: { ...s.decisions, [pool]: view } }, events, c);
};

/** The ledger change an Expand decision makes (none for any other decision). */
export const expansionOf = (
  plan: Extract<PoolPlan, { _tag: 'decided' }>,
  stat: PoolStat,
  cluster: ClusterId,
  c: HealingConfig,
  nowMs: number,
): Extract<LedgerChange, { _tag: 'expand' }> | undefined => {
  const d = plan.decision;
  if (d._tag !== 'Expand') return undefined;
  const stage = firstStage(d.dryRun, c.approval);
  return { _tag: 'expand', decision: d, pool: stat.pool, cluster, stage, nowMs };
};

/** An Expand written to the ledger: in approval mode, an event says it waits. */
export const afterExpansion = (
  s: HealerState,
  x: Extract<LedgerChange, { _tag: 'expand' }>,
  c: HealingConfig,
): Reduced =>
  withEvents(
    s,
    x.stage === 'awaitingApproval'
      ? [
          {
            atMs: x.nowMs,
            kind: 'approval',
            pool: x.pool.key,
            message: `${x.pool.key}: ${x.decision.totalGiB} GiB waits for approval`,
            details: { totalGiB: x.decision.totalGiB },
          },
        ]
      : [],
    c,
  );

/** A round that read statistics went to its end: the last error is cleared. */
export const afterRound = (s: HealerState): HealerState => ({ ...s, lastError: null });

/** The operator answered an expansion (its entries are in the ledger already). */
export const afterAnswer = (
  s: HealerState,
  entryId: string,
  to: 'intent' | 'declined',
  moved: ReadonlyArray<string>,
  nowMs: number,
  c: HealingConfig,
): Reduced =>
  withEvents(
    s,
    [
      {
        atMs: nowMs,
        kind: 'approval',
        entry: entryId,
        message: `${to === 'intent' ? 'approved' : 'declined'}: ${moved.join(', ')}`,
      },
    ],
    c,
  );

/** The pause switch changed (it is in the ledger already). */
export const afterPause = (
  s: HealerState,
  paused: boolean,
  nowMs: number,
  c: HealingConfig,
): Reduced =>
  withEvents(
    s,
    [
      {
        atMs: nowMs,
        kind: paused ? 'paused' : 'resumed',
        message: paused ? 'healing paused' : 'healing resumed',
      },
    ],
    c,
  );

/** A leak check over the owned volumes and the freshly read ledger. */
export const afterLeakCheck = (
  s: HealerState,
  ledger: HealingLedger,
  owned: ReadonlyArray<Volume>,
  nowMs: number,
  c: HealingConfig,
): Reduced & { readonly leaked: ReadonlyArray<Volume> } => {
  const r = checkLeaks(owned, ledger.entries, nowMs);
  return { ...withEvents({ ...s, ledger, leaks: r.report }, [r.event], c), leaked: r.leaked };
};

/**
 * The healer's shell. Every `tick()`: read every pool's statistics once, advance the in-flight
 * ledger entries, then let each pool's decision (pure, in `@scaleio-framework/healing`) record an
 * Expand in the ledger before anything is created. The shell holds the core's state, performs
 * the effects the core names, writes every ledger change before the next side effect, and
 * reduces every result back into the state.
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import type { Volume } from '@scaleio-framework/capacity';
import {
  activeEntries,
  afterAnswer,
  afterDecision,
  afterExpansion,
  afterLeakCheck,
  afterLedgerRead,
  afterPause,
  afterRound,
  afterSample,
  afterWriteFailed,
  answerApproval,
  applyLedgerChange,
  buildStatus,
  expansionOf,
  failure,
  initialHealerState,
  isHealing,
  planPool,
  poolInput,
  samplesOf,
  success,
  withEvents,
  type AnswerResult,
  type HealerState,
  type HealerStatus,
  type HealingConfig,
  type HealingEntry,
  type HealingEvent,
  type HealingLedger,
  type LedgerChange,
  type Outcome,
  type PoolStat,
  type Reduced,
} from '@scaleio-framework/healing';
import { advanceEntry, type StageContext } from './advance.js';
import { describeNodes, entryEffects } from './perform.js';
import type { HealerPorts } from './ports.js';
import { createShrinker } from './shrink.js';

/** The healer's operations (the app's tick scheduler calls `tick`; the operator API the rest). */
export interface Healer {
  /** One round: sample, advance in-flight entries, decide. Overlapping calls are skipped. */
  tick(): Promise<void>;
  /** The status view (no IO). */
  status(): HealerStatus;
  /** Approval mode: lets an entry (or, given any entry id of it, its whole expansion) proceed. */
  approve(entryId: string): Promise<Outcome<ReadonlyArray<string>>>;
  /** Approval mode: declines an awaiting entry's expansion; nothing is created. */
  decline(entryId: string): Promise<Outcome<ReadonlyArray<string>>>;
  /** Stops all side effects (persisted): samples are still read and shown. */
  pause(): Promise<Outcome<void>>;
  /** Undoes `pause`. */
  resume(): Promise<Outcome<void>>;
  /** Volumes tagged as this cluster's that no ledger entry owns (`listOwned` minus the ledger). */
  reportLeaks(): Promise<Outcome<ReadonlyArray<Volume>>>;
  /**
   * Drains one verified entry's device on demand: checked safe now (clear threshold, SDS and fault
   * sets, spare), then removed from its SDS, its volume detached and deleted as the stages go.
   */
  drain(entryId: string): Promise<Outcome<string>>;
}

/** Builds a healer over its ports. Several healers over the same ledger store must not tick at once. */
export const createHealer = (config: HealingConfig, ports: HealerPorts): Healer => {
  let state: HealerState = initialHealerState;
  let running = false;

  const status = (): HealerStatus => buildStatus(state, config, ports.now());
  const observed = (): void => ports.observe?.(status());
  // The read models follow every change (a ledger write, a decision, an event), not only the end
  // of a round: what the status shows is never behind the ledger it was written to.
  const apply = (r: Reduced): void => {
    state = r.state;
    for (const e of r.events) ports.events?.emit(e);
    observed();
  };
  const emit = (events: ReadonlyArray<HealingEvent>): void =>
    apply(withEvents(state, events, config));
  const write = async (f: (l: HealingLedger) => HealingLedger): Promise<Outcome<HealingLedger>> => {
    const r = await ports.ledger.update(f);
    if (r.ok) {
      state = { ...state, ledger: r.value };
      observed();
    }
    return r;
  };
  const change = (c: LedgerChange) => write((l) => applyLedgerChange(l, c));

  const cx: StageContext = {
    config,
    now: ports.now,
    perform: entryEffects(ports),
    persist: async (entry: HealingEntry) => {
      const r = await change({ _tag: 'putEntry', entry });
      return r.ok ? success(entry) : r;
    },
    emit,
    samples: (k) => samplesOf(state.pools, k),
  };
  const advanceAll = async (pool?: string): Promise<void> => {
    for (const e of activeEntries(state, pool)) await advanceEntry(e, cx);
  };

  const shrinker = createShrinker({
    config,
    ports,
    state: () => state,
    apply,
    change,
    advance: (pool) => advanceAll(pool),
  });

  /** One pool's decision; false when its Expand could not be written (the round stops). */
  const decide = async (stat: PoolStat, nowMs: number): Promise<boolean> => {
    const input = poolInput(state, stat, config, nowMs);
    let plan = planPool(input);
    if (plan._tag === 'describeNodes')
      plan = planPool(input, await describeNodes(ports.provider, plan.nodes));
    if (plan._tag !== 'decided') return true;
    apply(afterDecision(state, stat.pool.key, plan, nowMs, config));
    const x = expansionOf(plan, stat, ports.provider.cluster, config, nowMs);
    if (x === undefined) return shrinker.decide(stat, nowMs);
    const w = await change(x);
    if (!w.ok) {
      apply(afterWriteFailed(state, w.error, ports.now(), config, { pool: stat.pool.key }));
      return false;
    }
    apply(afterExpansion(state, x, config));
    await advanceAll(stat.pool.key);
    return true;
  };

  const tick: Healer['tick'] = async () => {
    if (running) return;
    running = true;
    try {
      const nowMs = ports.now();
      const stats = await ports.stats.poolStats();
      apply(afterSample(state, stats, nowMs, config));
      const read = await ports.ledger.read();
      apply(afterLedgerRead(state, read, ports.now(), config));
      if (!read.ok || !isHealing(state, config)) return;
      await advanceAll();
      if (!stats.ok) return;
      for (const stat of stats.value) if (!(await decide(stat, nowMs))) break;
      state = afterRound(state);
    } finally {
      running = false;
      observed();
    }
  };

  const answer = async (
    entryId: string,
    to: 'intent' | 'declined',
  ): Promise<Outcome<ReadonlyArray<string>>> => {
    const nowMs = ports.now();
    let result: AnswerResult | undefined;
    const r = await write((l) => {
      result = answerApproval(l, entryId, to, nowMs);
      return result.ledger;
    });
    if (!r.ok) return r;
    if (result === undefined || result.problem !== null)
      return failure(result?.problem ?? `no entry ${entryId}`, false);
    apply(afterAnswer(state, entryId, to, result.moved, nowMs, config));
    observed();
    return success(result.moved);
  };

  const setPaused = async (paused: boolean): Promise<Outcome<void>> => {
    const r = await change({ _tag: 'setPaused', paused });
    if (!r.ok) return r;
    apply(afterPause(state, paused, ports.now(), config));
    observed();
    return success(undefined);
  };

  const reportLeaks: Healer['reportLeaks'] = async () => {
    const owned = await ports.provider.listOwned();
    if (isLeft(owned)) return failure(`listOwned: ${owned.left._tag}: ${owned.left.message}`, true);
    const read = await ports.ledger.read();
    if (!read.ok) return read;
    const r = afterLeakCheck(state, read.value, owned.right, ports.now(), config);
    apply(r);
    observed();
    return success(r.leaked);
  };

  return {
    tick,
    status,
    approve: (id) => answer(id, 'intent'),
    decline: (id) => answer(id, 'declined'),
    pause: () => setPaused(true),
    resume: () => setPaused(false),
    reportLeaks,
    drain: async (id) => {
      const r = await shrinker.drain(id);
      observed();
      return r;
    },
  };
};

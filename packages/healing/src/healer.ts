/**
 * The self-healing capacity loop. Every `tick()`: read every pool's statistics once, keep the
 * samples, drive the in-flight ledger entries (provision → attach → resolve → add → verify, or
 * roll back), then let the capacity policy decide for each pool on its own and record an Expand
 * as ledger entries before anything is created.
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import { findLeaks, type Decision, type Volume } from '@scaleio-framework/capacity';
import type { HealingConfig } from './config.js';
import { appendExpansion, decidePool, firstStage } from './decide.js';
import { eventRing, type HealingEvent } from './events.js';
import { isActive, putEntry, withStage, type HealingEntry, type HealingLedger } from './ledger.js';
import { failure, success, type HealerPorts, type Outcome, type PoolStat } from './ports.js';
import { sampleWindows } from './samples.js';
import { buildStatus, decisionView, type DecisionView, type HealerStatus } from './status.js';
import { drive, type StepContext } from './steps.js';

/** The healer's operations (the app calls `tick` on its timer and exposes the rest). */
export interface Healer {
  /** One round: sample, drive in-flight entries, decide. Overlapping calls are skipped. */
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
}

/** Builds a healer over its ports. Several healers over the same ledger store must not tick at once. */
export const createHealer = (config: HealingConfig, ports: HealerPorts): Healer => {
  const windows = sampleWindows(config.maxSamplesPerPool);
  const ring = eventRing(config.eventLimit);
  const decisions = new Map<string, DecisionView>();
  let ledger: HealingLedger = { entries: [], paused: false };
  let leaks: HealerStatus['leaks'] = null;
  let lastError: string | null = null;
  let running = false;

  const emit = (e: Omit<HealingEvent, 'atMs'>): void => {
    const ev: HealingEvent = { ...e, atMs: ports.now() };
    ring.push(ev);
    ports.events?.emit(ev);
  };
  const update = async (
    f: (l: HealingLedger) => HealingLedger,
  ): Promise<Outcome<HealingLedger>> => {
    const r = await ports.ledger.update(f);
    if (r.ok) ledger = r.value;
    return r;
  };
  const persist = async (e: HealingEntry): Promise<Outcome<HealingEntry>> => {
    const r = await update((l) => putEntry(l, e));
    return r.ok ? success(e) : r;
  };
  const cx: StepContext = {
    ports,
    config,
    persist,
    emit,
    samples: (k) => windows.samples(k),
  };

  const noteDecision = (pool: string, d: Decision, nowMs: number): void => {
    const view = decisionView(d, nowMs);
    const prev = decisions.get(pool);
    decisions.set(pool, view);
    if (prev !== undefined && prev.tag === view.tag && prev.why === view.why && d._tag !== 'Expand')
      return;
    emit({
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
  };

  const decideAll = async (stats: ReadonlyArray<PoolStat>, nowMs: number): Promise<void> => {
    for (const stat of stats) {
      const { decision, nodeErrors } = await decidePool(
        stat,
        windows.samples(stat.pool.key),
        ledger.entries,
        config.policy,
        ports.provider,
        nowMs,
      );
      for (const m of nodeErrors)
        emit({ kind: 'error', pool: stat.pool.key, message: `describe node ${m}` });
      noteDecision(stat.pool.key, decision, nowMs);
      if (decision._tag !== 'Expand') continue;
      const stage = firstStage(decision.dryRun, config.approval);
      const r = await update((l) =>
        appendExpansion(l, decision, stat, ports.provider.cluster, stage, nowMs),
      );
      if (!r.ok) {
        lastError = `ledger write failed: ${r.error}`;
        emit({ kind: 'error', pool: stat.pool.key, message: lastError });
        return;
      }
      if (stage === 'awaitingApproval')
        emit({
          kind: 'approval',
          pool: stat.pool.key,
          message: `${stat.pool.key}: ${decision.totalGiB} GiB waits for approval`,
          details: { totalGiB: decision.totalGiB },
        });
      for (const e of ledger.entries.filter((x) => x.pool === stat.pool.key && isActive(x)))
        await drive(e, cx);
    }
  };

  const tick: Healer['tick'] = async () => {
    if (running) return;
    running = true;
    try {
      const nowMs = ports.now();
      const stats = await ports.stats.poolStats();
      if (stats.ok) windows.record(nowMs, stats.value);
      else {
        lastError = `statistics: ${stats.error}`;
        emit({ kind: 'error', message: lastError });
      }
      const read = await ports.ledger.read();
      if (!read.ok) {
        lastError = `ledger read: ${read.error}`;
        emit({ kind: 'error', message: lastError });
        return;
      }
      ledger = read.value;
      if (!config.enabled || ledger.paused) return;
      for (const e of ledger.entries.filter(isActive)) await drive(e, cx);
      if (stats.ok) await decideAll(stats.value, nowMs);
      if (stats.ok) lastError = null;
    } finally {
      running = false;
    }
  };

  /** Moves every awaiting entry of the same expansion as `entryId` to `stage`. */
  const operatorAction = async (
    entryId: string,
    to: 'intent' | 'declined',
  ): Promise<Outcome<ReadonlyArray<string>>> => {
    let moved: string[] = [];
    let problem: string | null = null;
    const r = await update((l) => {
      const hit = l.entries.find((e) => e.id === entryId);
      moved = [];
      problem =
        hit === undefined
          ? `no entry ${entryId}`
          : hit.stage !== 'awaitingApproval'
            ? `${entryId} is ${hit.stage}, not awaiting approval`
            : null;
      if (hit === undefined || problem !== null) return l;
      const now = ports.now();
      return {
        ...l,
        entries: l.entries.map((e) => {
          if (e.expansion !== hit.expansion || e.stage !== 'awaitingApproval') return e;
          moved.push(e.id);
          return withStage(
            e,
            to,
            now,
            to === 'declined' ? { reason: 'declined by the operator' } : {},
          );
        }),
      };
    });
    if (!r.ok) return r;
    if (problem !== null) return failure(problem, false);
    emit({
      kind: 'approval',
      entry: entryId,
      message: `${to === 'intent' ? 'approved' : 'declined'}: ${moved.join(', ')}`,
    });
    return success(moved);
  };

  const setPaused = async (paused: boolean): Promise<Outcome<void>> => {
    const r = await update((l) => ({ ...l, paused }));
    if (!r.ok) return r;
    emit({
      kind: paused ? 'paused' : 'resumed',
      message: paused ? 'healing paused' : 'healing resumed',
    });
    return success(undefined);
  };

  const reportLeaks: Healer['reportLeaks'] = async () => {
    const owned = await ports.provider.listOwned();
    if (isLeft(owned)) return failure(`listOwned: ${owned.left._tag}: ${owned.left.message}`, true);
    const read = await ports.ledger.read();
    if (!read.ok) return read;
    ledger = read.value;
    const found = findLeaks(owned.right, ledger.entries);
    leaks = {
      checkedAtMs: ports.now(),
      volumes: found.map((v) => ({ id: v.id, node: v.node, sizeGiB: v.sizeGiB, state: v.state })),
    };
    emit({
      kind: 'leaks',
      message:
        found.length === 0
          ? 'no leaked volume'
          : `${found.length} volume(s) tagged as ours but in no ledger entry: ${found.map((v) => v.id).join(', ')}`,
      details: { leaked: found.length, owned: owned.right.length },
    });
    return success(found);
  };

  return {
    tick,
    status: () =>
      buildStatus({
        config,
        paused: ledger.paused,
        entries: ledger.entries,
        latest: windows.latest(),
        sampleCount: (k) => windows.samples(k).length,
        decisions,
        leaks,
        lastError,
        events: ring.list(),
        nowMs: ports.now(),
      }),
    approve: (id) => operatorAction(id, 'intent'),
    decline: (id) => operatorAction(id, 'declined'),
    pause: () => setPaused(true),
    resume: () => setPaused(false),
    reportLeaks,
  };
};

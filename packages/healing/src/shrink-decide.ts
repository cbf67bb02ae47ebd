/**
 * The shrink decision of one pool, pure and in two phases like growth: first from the pool's
 * samples and the ledger alone (off, busy, grown lately, daily cap, not low long enough, no
 * candidate); only when a shrink is due does the core ask for the pool's devices — a
 * `describePoolDevices` effect — and pick the newest healing-added device whose removal is safe.
 * An operator's drain of one entry uses the same safety check without the timing rules.
 */
import type { NodeId } from '@scaleio-framework/capacity';
import type { HealingConfig } from './config.js';
import { percentFullOfFigures, type PoolFigures } from './figures.js';
import type { HealingEntry } from './ledger.js';
import type { PoolStat, TimedFigures } from './pools.js';

const minute = 60_000;
const day = 24 * 60 * minute;

/** One device of the pool, as the gateway lists it. */
export interface PoolDevice {
  readonly id: string;
  readonly sdsId: string;
  /** The cloud node of its SDS, when it is one of ours. */
  readonly node?: NodeId;
  /** The fault set of its SDS, when it has one. */
  readonly faultSet?: string;
  readonly maxBytes: number;
  /** Being removed (its data migrating away). */
  readonly removing: boolean;
}

/** Why no shrink now. */
export type ShrinkWait =
  | 'disabled'
  | 'busy'
  | 'recentGrow'
  | 'dailyCap'
  | 'noSamples'
  | 'notLow'
  | 'noCandidate'
  | 'noSafeDevice';

/** A pool's shrink plan: nothing (and why), the devices it needs first, or the entry to shrink. */
export type ShrinkPlan =
  | { readonly _tag: 'none'; readonly why: ShrinkWait; readonly reason: string }
  | { readonly _tag: 'describeDevices' }
  | { readonly _tag: 'shrink'; readonly entry: HealingEntry; readonly reason: string };

/** A pool's last shrink decision, flattened for JSON. */
export interface ShrinkView {
  readonly atMs: number;
  /** `none` (with `why`) or `shrink` (with the entry chosen). */
  readonly tag: 'none' | 'shrink';
  readonly why?: string;
  readonly entry?: string;
  readonly reason: string;
}

/** What a pool's shrink decision reads. */
export interface ShrinkInput {
  readonly stat: PoolStat;
  /** The pool's samples, oldest first. */
  readonly samples: ReadonlyArray<TimedFigures>;
  /** The whole ledger (the daily cap counts every pool). */
  readonly ledger: ReadonlyArray<HealingEntry>;
  readonly config: HealingConfig;
  readonly nowMs: number;
}

const none = (why: ShrinkWait, reason: string): ShrinkPlan => ({ _tag: 'none', why, reason });
const pct = (n: number): string => `${n.toFixed(1)}%`;

/** Healing-added devices of the pool that could be removed, newest first. */
export const shrinkCandidates = (
  pool: string,
  ledger: ReadonlyArray<HealingEntry>,
): HealingEntry[] =>
  ledger
    .filter(
      (e) =>
        e.pool === pool &&
        e.stage === 'verified' &&
        !e.dryRun &&
        e.deviceId !== undefined &&
        e.volume !== undefined &&
        e.path !== undefined,
    )
    .sort((a, b) => (b.addedAtMs ?? b.atMs) - (a.addedAtMs ?? a.atMs) || b.seq - a.seq);

/** When the pool last grew (an expansion decided or a device added), or -Infinity. */
const lastGrowMs = (pool: string, ledger: ReadonlyArray<HealingEntry>): number =>
  ledger
    .filter((e) => e.pool === pool)
    .reduce((a, e) => Math.max(a, e.atMs, e.addedAtMs ?? -Infinity), -Infinity);

/** Whether every sample of the last `lowForMinutes` is low and the window is covered. */
const lowLongEnough = (
  samples: ReadonlyArray<TimedFigures>,
  c: HealingConfig,
  nowMs: number,
): { readonly ok: boolean; readonly reason: string } => {
  const newest = samples[samples.length - 1];
  if (newest === undefined) return { ok: false, reason: 'no sample yet' };
  if (nowMs - newest.atMs > c.policy.maxSampleAgeMinutes * minute)
    return { ok: false, reason: 'the newest sample is stale' };
  const start = nowMs - c.shrink.lowForMinutes * minute;
  const from = samples.reduce((a, s, i) => (s.atMs <= start ? i : a), -1);
  const window = from < 0 ? samples : samples.slice(from);
  const high = window.find((s) => percentFullOfFigures(s) >= c.shrink.lowPercent);
  if (high !== undefined)
    return {
      ok: false,
      reason: `${pct(percentFullOfFigures(high))} at ${new Date(high.atMs).toISOString()} is not below ${c.shrink.lowPercent}%`,
    };
  if (from < 0)
    return {
      ok: false,
      reason: `below ${c.shrink.lowPercent}% for ${((nowMs - (samples[0]?.atMs ?? nowMs)) / minute).toFixed(0)} of ${c.shrink.lowForMinutes} min`,
    };
  return { ok: true, reason: `below ${c.shrink.lowPercent}% for ${c.shrink.lowForMinutes} min` };
};

/** The failure unit of a device: its fault set when its SDS has one, else its SDS. */
const unitOf = (d: PoolDevice): string =>
  d.faultSet === undefined ? `sds:${d.sdsId}` : `fs:${d.faultSet}`;

const largestUnit = (devices: ReadonlyArray<PoolDevice>): number => {
  const by = new Map<string, number>();
  for (const d of devices) by.set(unitOf(d), (by.get(unitOf(d)) ?? 0) + d.maxBytes);
  return Math.max(0, ...by.values());
};

/**
 * Whether removing `e`'s device is safe now: it is in the pool and not being removed; its SDS keeps
 * a device (ScaleIO refuses an SDS's last device, RC 136) so every SDS and fault set stays; the
 * pool keeps at least three failure units (volumes need three SDSs or fault sets, RC 144/287);
 * the pool's in-use data stays below the clear threshold of what remains; and the spare capacity
 * still covers the largest failure unit if it did before (else the removal must not widen the gap).
 * Right: the sentence with the numbers; left: why not.
 */
export const checkRemoval = (
  e: HealingEntry,
  figures: PoolFigures,
  devices: ReadonlyArray<PoolDevice>,
  clearPercent: number,
): { readonly ok: boolean; readonly reason: string } => {
  const dev = devices.find((d) => d.id === e.deviceId);
  if (dev === undefined)
    return { ok: false, reason: `device ${e.deviceId ?? '?'} is not in the pool` };
  if (dev.removing) return { ok: false, reason: `device ${dev.id} is already being removed` };
  if (devices.some((d) => d.removing))
    return { ok: false, reason: 'another device of the pool is being removed' };
  const rest = devices.filter((d) => d.id !== dev.id);
  if (!rest.some((d) => d.sdsId === dev.sdsId))
    return { ok: false, reason: `device ${dev.id} is the last of SDS ${dev.sdsId}` };
  const units = new Set(rest.map(unitOf)).size;
  if (units < 3)
    return { ok: false, reason: `the pool would keep ${units} failure unit(s); volumes need 3` };
  const maxAfter = figures.maxBytes - dev.maxBytes;
  const spareAfter = figures.maxBytes > 0 ? (figures.spareBytes * maxAfter) / figures.maxBytes : 0;
  const after = { inUseBytes: figures.inUseBytes, maxBytes: maxAfter, spareBytes: spareAfter };
  const pctAfter = percentFullOfFigures(after);
  if (!(maxAfter > spareAfter) || pctAfter >= clearPercent)
    return {
      ok: false,
      reason: `without ${dev.id} the pool would be ${pct(pctAfter)} full, not below the clear threshold ${clearPercent}%`,
    };
  // Spare intact: the usable capacity above already leaves the spare out; beyond that, a spare that
  // covered the largest failure unit (a whole SDS or fault set can be rebuilt) must still cover it.
  const covered = figures.spareBytes >= largestUnit(devices);
  if (covered && spareAfter < largestUnit(rest))
    return {
      ok: false,
      reason: `without ${dev.id} the spare capacity would no longer cover the largest failure unit`,
    };
  return {
    ok: true,
    reason: `${pct(percentFullOfFigures(figures))} full now, ${pct(pctAfter)} without ${dev.id} (clear ${clearPercent}%)`,
  };
};

/**
 * Decides for one pool. Without `devices`: the timing rules, then — when a shrink is due and a
 * candidate exists — `describeDevices`. With them: the newest candidate whose removal is safe.
 */
export const planShrink = (i: ShrinkInput, devices?: ReadonlyArray<PoolDevice>): ShrinkPlan => {
  const c = i.config;
  const key = i.stat.pool.key;
  if (!c.shrink.enabled) return none('disabled', 'shrinking is off');
  const mine = i.ledger.filter((e) => e.pool === key);
  if (mine.some((e) => e.state === 'inProgress'))
    return none('busy', `${key} has an entry in progress`);
  const grew = lastGrowMs(key, i.ledger);
  if (i.nowMs - grew < c.shrink.quietAfterGrowMinutes * minute)
    return none(
      'recentGrow',
      `${key} grew ${((i.nowMs - grew) / minute).toFixed(0)} min ago; no shrink within ${c.shrink.quietAfterGrowMinutes} min of a growth`,
    );
  const today = i.ledger.filter((e) => (e.shrinkAtMs ?? -Infinity) > i.nowMs - day).length;
  if (today >= c.shrink.maxPerDay)
    return none(
      'dailyCap',
      `${today} shrink(s) in the last 24 h; the cap is ${c.shrink.maxPerDay}`,
    );
  const low = lowLongEnough(i.samples, c, i.nowMs);
  if (!low.ok)
    return none(i.samples.length === 0 ? 'noSamples' : 'notLow', `${key}: ${low.reason}`);
  const candidates = shrinkCandidates(key, i.ledger);
  if (candidates.length === 0)
    return none('noCandidate', `${key} is low but has no healing-added device to remove`);
  if (devices === undefined) return { _tag: 'describeDevices' };
  const why: string[] = [];
  for (const e of candidates) {
    const r = checkRemoval(e, i.stat.figures, devices, c.policy.clearPercent);
    if (r.ok) return { _tag: 'shrink', entry: e, reason: `${key}: ${low.reason}; ${r.reason}` };
    why.push(`${e.id}: ${r.reason}`);
  }
  return none('noSafeDevice', `${key}: no device can be removed safely (${why.join('; ')})`);
};

/** How a shrink starts: recorded only (dry run), waiting for approval, or at once. */
export const firstShrinkStage = (
  c: HealingConfig,
): 'verified' | 'shrinkApproval' | 'shrinkIntent' =>
  c.shrink.dryRun ? 'verified' : c.shrink.approval ? 'shrinkApproval' : 'shrinkIntent';

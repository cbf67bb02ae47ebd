/**
 * The trigger half of the expansion policy: from a pool's samples, is it "hot"? Pure.
 */
import * as t from 'io-ts';
import { percentFullOf } from '@scaleio-framework/scaleio';
import type { PolicyConfig } from './policy-config.js';

/** One observation of a pool. `capacityGiB` is the usable capacity (max minus spare). */
export const PoolSample = t.type({ atMs: t.number, usedGiB: t.number, capacityGiB: t.number });
/** One observation of a pool. */
export type PoolSample = t.TypeOf<typeof PoolSample>;

/** What the trigger computed, reported with every decision (status page, audit). */
export interface TriggerFacts {
  /** Percent full at the newest sample. */
  readonly usedPercent: number;
  /** Fill rate in GiB per hour over the rate window at the newest sample (negative when shrinking). */
  readonly fillGiBPerHour: number;
  /** Projected minutes until full at that rate; `null` when not filling. */
  readonly timeToFullMinutes: number | null;
  /** How many consecutive samples triggered (capped hysteresis counter). */
  readonly streak: number;
  /** Whether the trigger holds at the newest sample. */
  readonly hot: boolean;
  /** Samples considered (valid, after the last expansion). */
  readonly samples: number;
}

const minute = 60_000;

/** Least-squares slope of used GiB over time (GiB per ms); 0 with fewer than two distinct times. */
export const fillRate = (samples: ReadonlyArray<PoolSample>): number => {
  const n = samples.length;
  if (n < 2) return 0;
  const mt = samples.reduce((a, s) => a + s.atMs, 0) / n;
  const mu = samples.reduce((a, s) => a + s.usedGiB, 0) / n;
  const cov = samples.reduce((a, s) => a + (s.atMs - mt) * (s.usedGiB - mu), 0);
  const varT = samples.reduce((a, s) => a + (s.atMs - mt) ** 2, 0);
  return varT === 0 ? 0 : cov / varT;
};

/**
 * Percent full of one sample: ScaleIO's `inUse / (max − spare)` (the scaleio client's
 * `percentFullOf`; `capacityGiB` is already max − spare).
 */
export const usedPercent = (s: PoolSample): number => percentFullOf(s.usedGiB, s.capacityGiB, 0);

/**
 * Evaluates the trigger over samples (already filtered to valid ones after the last expansion,
 * sorted by time). A sample triggers when it is at or above the trigger threshold, or when it is
 * at or above the clear threshold and its time to full is within the horizon. A sample below the
 * clear threshold resets the streak; one in between keeps a streak that already reached N
 * (hysteresis) and resets a shorter one.
 */
export const evaluateTrigger = (
  samples: ReadonlyArray<PoolSample>,
  c: PolicyConfig,
): TriggerFacts => {
  let streak = 0;
  let facts: TriggerFacts = {
    usedPercent: 0,
    fillGiBPerHour: 0,
    timeToFullMinutes: null,
    streak: 0,
    hot: false,
    samples: 0,
  };
  samples.forEach((s, i) => {
    const window = samples
      .slice(0, i + 1)
      .filter((w) => w.atMs >= s.atMs - c.fillRateWindowMinutes * minute);
    const rate = fillRate(window);
    const ttf = rate > 0 ? (s.capacityGiB - s.usedGiB) / rate / minute : null;
    const pct = usedPercent(s);
    const soon = c.timeToFullMinutes > 0 && ttf !== null && ttf <= c.timeToFullMinutes;
    const triggering = pct >= c.triggerPercent || (soon && pct >= c.clearPercent);
    if (triggering) streak += 1;
    else if (pct < c.clearPercent || streak < c.consecutiveSamples) streak = 0;
    facts = {
      usedPercent: pct,
      fillGiBPerHour: rate * 60 * minute,
      timeToFullMinutes: ttf,
      streak,
      hot: streak >= c.consecutiveSamples,
      samples: i + 1,
    };
  });
  return facts;
};

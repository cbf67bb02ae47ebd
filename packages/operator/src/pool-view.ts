/** One pool statistics sample (`querySelectedStatistics`), sizes in KiB as ScaleIO reports them. */
export interface CapacitySample {
  /** When the sample was taken, epoch ms. */
  readonly atMs: number;
  readonly capacityInUseInKb: number;
  readonly maxCapacityInKb: number;
  readonly spareCapacityInKb: number;
}

/** Usable capacity of a sample: the raw maximum minus the spare reservation (never negative). */
export const usableKb = (s: CapacitySample): number =>
  Math.max(0, s.maxCapacityInKb - s.spareCapacityInKb);

/**
 * Percent full as the capacity policy computes it:
 * `capacityInUseInKb / (maxCapacityInKb - spareCapacityInKb)`, rounded to 0.1. A pool with no
 * usable capacity counts as 100 % full when anything is in use, else 0 %.
 */
export function percentFull(s: CapacitySample): number {
  const usable = usableKb(s);
  if (usable <= 0) return s.capacityInUseInKb > 0 ? 100 : 0;
  return Math.round((s.capacityInUseInKb / usable) * 1000) / 10;
}

/** The capacity block of a pool in the status document. */
export function capacityOf(s: CapacitySample) {
  const usable = usableKb(s);
  return {
    maxKb: s.maxCapacityInKb,
    spareKb: s.spareCapacityInKb,
    usableKb: usable,
    inUseKb: s.capacityInUseInKb,
    freeKb: Math.max(0, usable - s.capacityInUseInKb),
  };
}

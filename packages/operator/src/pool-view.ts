/**
 * A pool's capacity as the operator surface shows it. Figures are bytes (converted from ScaleIO's
 * KiB once, at the gateway edge); the status API keeps its `…Kb` fields, converted here on the way
 * out; percent full is the one definition (`percentFullOf` of the ScaleIO client), rounded to 0.1.
 */
import {
  freeBytes,
  kbOf,
  percentFullOfFigures,
  usableBytes,
  type PoolFigures,
} from '@scaleio-framework/healing';

/** One capacity sample of a pool: its figures in bytes, and when they were read. */
export interface CapacitySample extends PoolFigures {
  /** When the sample was taken, epoch ms. */
  readonly atMs: number;
}

/**
 * Percent full as shown: `inUse / (max − spare)`, rounded to 0.1. A pool with no usable capacity
 * counts as 100 % full when anything is in use, else 0 %.
 */
export function percentFull(s: PoolFigures): number {
  return Math.round(percentFullOfFigures(s) * 10) / 10;
}

/** The capacity block of a pool in the status document (KiB, the API's unit). */
export function capacityOf(s: PoolFigures) {
  return {
    maxKb: kbOf(s.maxBytes),
    spareKb: kbOf(s.spareBytes),
    usableKb: kbOf(usableBytes(s)),
    inUseKb: kbOf(s.inUseBytes),
    freeKb: kbOf(freeBytes(s)),
  };
}

/**
 * Capacity arithmetic from pool (or system) statistics. All sizes in KiB.
 *
 * - percent full: `100 * capacityInUseInKb / (maxCapacityInKb - spareCapacityInKb)`
 *   (the raw utilisation the 80 %/90 % capacity alerts apply to);
 * - usable: `(capacityLimitInKb - spareCapacityInKb) / 2` (net of two copies);
 * - allocatable: `capacityAvailableForVolumeAllocationInKb` (net, in 8 GiB steps);
 * - provisioned: `(thickCapacityInUseInKb + thinCapacityAllocatedInKb) / 2`.
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import type { ScaleIOError } from './errors.js';
import type { Statistics } from './objects/statistics.js';
import { GRANULARITY_KB } from './ops/volume.js';

/** The statistics properties the capacity functions read (ask for these in `querySelectedStatistics`). */
export const CAPACITY_PROPERTIES = [
  'maxCapacityInKb',
  'capacityLimitInKb',
  'spareCapacityInKb',
  'capacityInUseInKb',
  'thickCapacityInUseInKb',
  'thinCapacityInUseInKb',
  'thinCapacityAllocatedInKb',
  'unusedCapacityInKb',
  'capacityAvailableForVolumeAllocationInKb',
] as const;

const REQUIRED = [
  'maxCapacityInKb',
  'spareCapacityInKb',
  'capacityInUseInKb',
  'capacityAvailableForVolumeAllocationInKb',
  'thickCapacityInUseInKb',
  'thinCapacityAllocatedInKb',
] as const;

/** A pool's capacity picture. */
export interface PoolCapacity {
  /** Raw capacity of all devices (both copies). */
  readonly maxKb: number;
  /** Raw capacity reserved for rebuild. */
  readonly spareKb: number;
  /** Raw capacity holding data (both copies). */
  readonly inUseKb: number;
  /** `100 * inUse / (max - spare)`; 0 for an empty pool. */
  readonly percentFull: number;
  /** Net usable capacity: `(capacityLimit - spare) / 2`. */
  readonly usableKb: number;
  /** Net capacity still available for new volumes (8 GiB steps). */
  readonly allocatableKb: number;
  /** Net capacity promised to volumes: `(thick + thinAllocated) / 2`. */
  readonly provisionedKb: number;
}

const missing = (names: readonly string[]): ScaleIOError => ({
  _tag: 'Decode',
  what: 'capacity statistics',
  message: `missing statistics: ${names.join(', ')}`,
});

/**
 * Percent full from raw figures, `100 * inUse / (max - spare)`; 100 when there is no usable raw
 * capacity but something is in use, 0 when nothing is. Unit-free (KiB, bytes or GiB alike): the
 * one definition the capacity policy, the healer and the operator surface all call.
 */
export const percentFullOf = (inUseKb: number, maxKb: number, spareKb: number): number => {
  const denominator = maxKb - spareKb;
  if (denominator <= 0) return inUseKb > 0 ? 100 : 0;
  return (100 * inUseKb) / denominator;
};

/** Percent full of a pool (needs `capacityInUseInKb`, `maxCapacityInKb`, `spareCapacityInKb`). */
export const percentFull = (s: Statistics): Either<ScaleIOError, number> => {
  const { capacityInUseInKb: inUse, maxCapacityInKb: max, spareCapacityInKb: spare } = s;
  if (inUse === undefined || max === undefined || spare === undefined) {
    return left(
      missing(
        (['capacityInUseInKb', 'maxCapacityInKb', 'spareCapacityInKb'] as const).filter(
          (k) => s[k] === undefined,
        ),
      ),
    );
  }
  return right(percentFullOf(inUse, max, spare));
};

/** The whole capacity picture of a pool; fails with `Decode` naming any missing property. */
export const poolCapacity = (s: Statistics): Either<ScaleIOError, PoolCapacity> => {
  const max = s.maxCapacityInKb;
  const spare = s.spareCapacityInKb;
  const inUse = s.capacityInUseInKb;
  const avail = s.capacityAvailableForVolumeAllocationInKb;
  const thick = s.thickCapacityInUseInKb;
  const thinAlloc = s.thinCapacityAllocatedInKb;
  if (
    max === undefined ||
    spare === undefined ||
    inUse === undefined ||
    avail === undefined ||
    thick === undefined ||
    thinAlloc === undefined
  ) {
    return left(missing(REQUIRED.filter((k) => s[k] === undefined)));
  }
  const limit = s.capacityLimitInKb ?? max;
  return right({
    maxKb: max,
    spareKb: spare,
    inUseKb: inUse,
    percentFull: percentFullOf(inUse, max, spare),
    usableKb: Math.max(0, (limit - spare) / 2),
    allocatableKb: avail,
    provisionedKb: (thick + thinAlloc) / 2,
  });
};

/** Spare capacity the MDM reserves: `max * pct / 100`, rounded down to whole MiB. */
export const spareCapacityKb = (maxKb: number, sparePercentage: number): number =>
  Math.floor((maxKb * sparePercentage) / 100 / 1024) * 1024;

/**
 * Net capacity available for new volumes as the MDM computes it:
 * `floor8GiB((max - spare) / 2 - (thick + thinAllocated) / 2)`, never negative.
 */
export const allocatableKbOf = (
  maxKb: number,
  spareKb: number,
  thickKb: number,
  thinAllocatedKb: number,
): number => {
  const net = (maxKb - spareKb) / 2 - (thickKb + thinAllocatedKb) / 2;
  return Math.max(0, Math.floor(net / GRANULARITY_KB) * GRANULARITY_KB);
};

/** True when the pool can take a new volume of `sizeKb` (rounded up to 8 GiB). */
export const canAllocate = (c: PoolCapacity, sizeKb: number): boolean =>
  Math.ceil(sizeKb / GRANULARITY_KB) * GRANULARITY_KB <= c.allocatableKb;

/**
 * The capacity arithmetic of a real ScaleIO 2.x pool (reference note §5.2), all in KiB.
 * Raw figures count both mirror copies; "net" figures are what volumes see.
 */
import type { Model, Pool } from './types.js';

/** The 8 GiB allocation step, in KiB. */
export const ALLOCATION_STEP_KB = 8 * 1024 * 1024;

/** Capacity figures of one pool, named as in the gateway statistics. */
export interface PoolCapacity {
  maxCapacityInKb: number;
  capacityLimitInKb: number;
  spareCapacityInKb: number;
  thickCapacityInUseInKb: number;
  thinCapacityAllocatedInKb: number;
  thinCapacityInUseInKb: number;
  snapCapacityInUseOccupiedInKb: number;
  capacityInUseInKb: number;
  unusedCapacityInKb: number;
  capacityAvailableForVolumeAllocationInKb: number;
  primaryVacInKb: number;
  numOfDevices: number;
  numOfVolumes: number;
  numOfThinBaseVolumes: number;
  numOfThickBaseVolumes: number;
  numOfUnmappedVolumes: number;
  /** `100 × inUse / (max − spare)`, the figure capacity alerts use; 0 for an empty pool. */
  percentFull: number;
}

/** Rounds KiB down to a whole number of 8 GiB steps. */
export const floorToStep = (kb: number): number =>
  Math.floor(kb / ALLOCATION_STEP_KB) * ALLOCATION_STEP_KB;

/** Rounds KiB up to a whole number of 8 GiB steps (volume sizes). */
export const ceilToStep = (kb: number): number =>
  Math.ceil(kb / ALLOCATION_STEP_KB) * ALLOCATION_STEP_KB;

/** Spare capacity: the spare percentage of raw capacity, rounded down to whole MiB. */
export const spareKb = (maxKb: number, sparePercentage: number): number =>
  Math.floor((maxKb * sparePercentage) / 100 / 1024) * 1024;

/** The most net user data the pool's thin volumes can hold before the pool is full. */
export const writableNetKb = (maxKb: number, spare: number, thickRawKb: number): number =>
  Math.max(0, Math.floor((maxKb - spare - thickRawKb) / 2));

/** Computes the capacity figures of a pool from its devices, volumes and written data. */
export const poolCapacity = (m: Model, pool: Pool): PoolCapacity => {
  const devices = [...m.devices.values()].filter((d) => d.poolId === pool.id);
  const volumes = [...m.volumes.values()].filter((v) => v.poolId === pool.id);
  const max = devices.reduce((s, d) => s + d.maxKb, 0);
  const limit = devices.reduce((s, d) => s + d.limitKb, 0);
  const spare = spareKb(max, pool.sparePercentage);
  const thin = volumes.filter((v) => v.type === 'ThinProvisioned');
  const thick = volumes.filter((v) => v.type === 'ThickProvisioned');
  const thickRaw = 2 * thick.reduce((s, v) => s + v.sizeKb, 0);
  const thinAllocated = 2 * thin.reduce((s, v) => s + v.sizeKb, 0);
  const thinInUse = 2 * Math.min(pool.writtenKb, writableNetKb(limit, spare, thickRaw));
  const inUse = thickRaw + thinInUse;
  const usable = limit - spare;
  return {
    maxCapacityInKb: max,
    capacityLimitInKb: limit,
    spareCapacityInKb: spare,
    thickCapacityInUseInKb: thickRaw,
    thinCapacityAllocatedInKb: thinAllocated,
    thinCapacityInUseInKb: thinInUse,
    snapCapacityInUseOccupiedInKb: 0,
    capacityInUseInKb: inUse,
    unusedCapacityInKb: Math.max(0, usable - inUse),
    capacityAvailableForVolumeAllocationInKb: Math.max(
      0,
      floorToStep(usable / 2 - (thickRaw + thinAllocated) / 2),
    ),
    primaryVacInKb: volumes.reduce((s, v) => s + v.sizeKb, 0),
    numOfDevices: devices.length,
    numOfVolumes: volumes.length,
    numOfThinBaseVolumes: thin.length,
    numOfThickBaseVolumes: thick.length,
    numOfUnmappedVolumes: volumes.filter((v) => v.mappings.length === 0).length,
    percentFull: usable > 0 ? (100 * inUse) / usable : 0,
  };
};

/**
 * Capacity figures, one source per rule: **bytes inside**. ScaleIO's KiB enter once, at the
 * gateway edge ({@link figuresFromKb}); GiB leave once, where the capacity policy reads a sample
 * ({@link policySample}); KiB leave once more where the status API keeps its `…Kb` fields
 * ({@link kbOf}). Percent full is the ScaleIO client's `percentFullOf`, nowhere else.
 */
import { percentFullOf } from '@scaleio-framework/scaleio';
import type { PoolSample } from '@scaleio-framework/capacity';

/** Bytes in a KiB. */
export const KIB = 1024;
/** Bytes in a GiB. */
export const GIB = 1024 ** 3;

/** One pool's raw capacity figures, in bytes (both mirror copies, as ScaleIO counts them). */
export interface PoolFigures {
  /** Raw capacity holding data (`capacityInUseInKb`). */
  readonly inUseBytes: number;
  /** Raw capacity of all devices (`maxCapacityInKb`). */
  readonly maxBytes: number;
  /** Raw capacity reserved for rebuilds (`spareCapacityInKb`). */
  readonly spareBytes: number;
}

/** ScaleIO's statistics fields the figures come from (KiB, absent ones read as 0). */
export interface KbStatistics {
  readonly capacityInUseInKb?: number | undefined;
  readonly maxCapacityInKb?: number | undefined;
  readonly spareCapacityInKb?: number | undefined;
}

/** The figures of a statistics record: the one KiB → bytes conversion (the gateway edge). */
export const figuresFromKb = (s: KbStatistics): PoolFigures => ({
  inUseBytes: (s.capacityInUseInKb ?? 0) * KIB,
  maxBytes: (s.maxCapacityInKb ?? 0) * KIB,
  spareBytes: (s.spareCapacityInKb ?? 0) * KIB,
});

/** Raw capacity that can hold data: `max − spare`, never negative. */
export const usableBytes = (f: PoolFigures): number => Math.max(0, f.maxBytes - f.spareBytes);

/** Raw capacity still free: `usable − in use`, never negative. */
export const freeBytes = (f: PoolFigures): number => Math.max(0, usableBytes(f) - f.inUseBytes);

/** Percent full, `inUse / (max − spare)`: the ScaleIO client's one definition, unrounded. */
export const percentFullOfFigures = (f: PoolFigures): number =>
  percentFullOf(f.inUseBytes, f.maxBytes, f.spareBytes);

/** A byte count in GiB (for the policy, volume sizes and human messages). */
export const gibOf = (bytes: number): number => bytes / GIB;

/** A GiB count in bytes (a ledger figure written in GiB by an earlier build). */
export const bytesOfGib = (gib: number): number => gib * GIB;

/** A byte count in KiB (the status API's `…Kb` fields). */
export const kbOf = (bytes: number): number => bytes / KIB;

/** The capacity policy's view of one sample: GiB, capacity = usable (max − spare). */
export const policySample = (atMs: number, f: PoolFigures): PoolSample => ({
  atMs,
  usedGiB: gibOf(f.inUseBytes),
  capacityGiB: gibOf(usableBytes(f)),
});

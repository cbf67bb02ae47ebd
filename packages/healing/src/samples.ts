/**
 * Per-pool sample windows, in memory: the policy reads them; verification looks for growth in the
 * samples taken after an add. A restarted healer starts with empty windows (the policy then waits
 * for `consecutiveSamples` fresh samples, which is the safe direction).
 */
import type { PoolSample } from '@scaleio-framework/capacity';
import type { PoolStat } from './ports.js';

/** The windows of every pool seen, keyed by pool key. */
export interface SampleWindows {
  /** Appends one read of every pool taken at `atMs`; keeps the newest `limit` per pool. */
  record(atMs: number, stats: ReadonlyArray<PoolStat>): void;
  samples(poolKey: string): ReadonlyArray<PoolSample>;
  /** The newest stat of each pool (names, nodes, percent full). */
  latest(): ReadonlyArray<PoolStat & { readonly atMs: number }>;
}

/** Empty windows that keep at most `limit` samples per pool. */
export const sampleWindows = (limit: number): SampleWindows => {
  const windows = new Map<string, PoolSample[]>();
  const last = new Map<string, PoolStat & { readonly atMs: number }>();
  return {
    record: (atMs, stats) => {
      for (const s of stats) {
        const w = windows.get(s.pool.key) ?? [];
        w.push({ atMs, usedGiB: s.usedGiB, capacityGiB: s.capacityGiB });
        if (w.length > limit) w.splice(0, w.length - limit);
        windows.set(s.pool.key, w);
        last.set(s.pool.key, { ...s, atMs });
      }
    },
    samples: (k) => windows.get(k) ?? [],
    latest: () => [...last.values()],
  };
};

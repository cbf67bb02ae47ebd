/**
 * Pools as the healer sees them: a reference by names and gateway ids, the cloud nodes that serve
 * each, one statistics read in bytes, and the per-pool sample windows (pure values; a restarted
 * healer starts with empty windows, so the policy waits for fresh samples — the safe direction).
 */
import type { NodeId, PoolSample } from '@scaleio-framework/capacity';
import { policySample, type PoolFigures } from './figures.js';

/** A storage pool by its names and gateway ids. `key` (`pd/sp`) names it in the ledger. */
export interface PoolRef {
  /** `<protection domain name>/<pool name>`: stable across scheduler restarts. */
  readonly key: string;
  readonly id: string;
  readonly name: string;
  readonly protectionDomain: string;
  readonly protectionDomainId: string;
}

/** A cloud node that runs an SDS serving the pool. */
export interface PoolNode {
  readonly node: NodeId;
  readonly faultSet?: string;
}

/** One pool's figures from one statistics read (bytes), and the nodes that serve it. */
export interface PoolStat {
  readonly pool: PoolRef;
  readonly figures: PoolFigures;
  /** The nodes whose SDS has a device in the pool (those the shell can map to a cloud node). */
  readonly nodes: ReadonlyArray<PoolNode>;
}

/** One sample of one pool: its figures at a time. */
export interface TimedFigures extends PoolFigures {
  readonly atMs: number;
}

/** What the healer keeps of one pool: its newest read and its newest samples, oldest first. */
export interface PoolWindow {
  readonly latest: PoolStat & { readonly atMs: number };
  readonly samples: ReadonlyArray<TimedFigures>;
}

/** Every pool seen, by pool key, in the order first seen. */
export type PoolWindows = Readonly<Record<string, PoolWindow>>;

/** The windows with one read of every pool taken at `atMs` appended; `limit` samples kept per pool. */
export const recordSamples = (
  windows: PoolWindows,
  atMs: number,
  stats: ReadonlyArray<PoolStat>,
  limit: number,
): PoolWindows => {
  const out: Record<string, PoolWindow> = { ...windows };
  for (const s of stats) {
    const before = out[s.pool.key]?.samples ?? [];
    const samples = [...before, { atMs, ...s.figures }];
    out[s.pool.key] = { latest: { ...s, atMs }, samples: samples.slice(-limit) };
  }
  return out;
};

/** A pool's samples (oldest first); none for a pool never seen. */
export const samplesOf = (windows: PoolWindows, poolKey: string): ReadonlyArray<TimedFigures> =>
  windows[poolKey]?.samples ?? [];

/** A pool's samples as the capacity policy reads them (GiB). */
export const policySamples = (windows: PoolWindows, poolKey: string): PoolSample[] =>
  samplesOf(windows, poolKey).map((s) => policySample(s.atMs, s));

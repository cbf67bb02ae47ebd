import { kbOf, usableBytes } from '@scaleio-framework/healing';
import { percentFull } from './pool-view.js';
import type { PoolInfo } from './status.js';
import { createRing, type Ring } from './ring.js';

/** One point of a pool's capacity history (`/api/v1/history` keeps KiB, its unit). */
export interface HistoryPoint {
  readonly atMs: number;
  readonly percentFull: number;
  readonly inUseKb: number;
  readonly usableKb: number;
}

/** The `/api/v1/history` document: per pool, its samples oldest first. */
export interface HistoryView {
  readonly pools: readonly {
    readonly key: string;
    readonly protectionDomain: string;
    readonly name: string;
    readonly points: readonly HistoryPoint[];
  }[];
}

/** In-memory capacity history of every pool (lost on restart; it feeds the dashboard chart). */
export interface CapacityHistory {
  /** Records each pool's newest sample; a sample already recorded (same time) is ignored. */
  record(pools: readonly PoolInfo[]): void;
  view(): HistoryView;
}

/** Creates a {@link CapacityHistory} that keeps the newest `perPool` samples of each pool. */
export function createCapacityHistory(perPool = 720): CapacityHistory {
  const rings = new Map<
    string,
    { pd: string; name: string; ring: Ring<HistoryPoint>; lastAt: number }
  >();
  return {
    record(pools) {
      for (const p of pools) {
        const s = p.latest;
        if (s === undefined) continue;
        const key = `${p.protectionDomain}/${p.name}`;
        let r = rings.get(key);
        if (r === undefined) {
          r = {
            pd: p.protectionDomain,
            name: p.name,
            ring: createRing(perPool),
            lastAt: -Infinity,
          };
          rings.set(key, r);
        }
        if (s.atMs <= r.lastAt) continue;
        r.lastAt = s.atMs;
        r.ring.push({
          atMs: s.atMs,
          percentFull: percentFull(s),
          inUseKb: kbOf(s.inUseBytes),
          usableKb: kbOf(usableBytes(s)),
        });
      }
    },
    view() {
      return {
        pools: [...rings.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([key, r]) => ({
            key,
            protectionDomain: r.pd,
            name: r.name,
            points: r.ring.toArray(),
          })),
      };
    },
  };
}

/**
 * The rebuild after an SDS is lost, as the real system does it: over time, not at once.
 *
 * - An SDS that goes down (its node stops the SDS service; node-sim reports it through
 *   `/sim/admin/node`) leaves one copy of the data it held: that data is degraded at once, and
 *   the MDM starts rebuilding it from the surviving copies onto the rest of the pool, into the
 *   space the pool reserves for it (`spareCapacityInKb`, "raw capacity reserved for rebuild",
 *   reference scaleio-api.md §5.2; powerflex.me "the implications of using fault sets on
 *   rebuilds", https://powerflex.me/2023/08/02/powerflex-the-implications-of-using-fault-sets-on-rebuilds/).
 *   When it is done the system is healthy again without the SDS coming back (Dell KB 000450312,
 *   "Ungraceful SDS Loss": an `MDM_DATA_DEGRADED` event, then the system back to NORMAL without
 *   manual intervention, https://www.dell.com/support/kbdoc/000450312).
 * - The data rebuilt is the lost SDS's share of the pool's used capacity (data spreads over the
 *   devices by capacity, the same share a device removal migrates: `migration.ts`). While it
 *   rebuilds, the pool's statistics show it under the real 2.6 key names: the part not yet
 *   rebuilt as `degradedHealthyCapacityInKb` (one copy left, the health breakdown of §5.2, 0 when
 *   healthy) and as `normRebuildCapacityInKb`/`activeNormRebuildCapacityInKb` (the rebuild
 *   counters of the captured 2.6 pool statistics, fixtures/netdata-go.d.plugin) [U: which of the
 *   rebuild counters a lost SDS uses; the fixture pool is healthy, all zero].
 * - It moves at `rateKbPerSecond` of simulated time: a duration proportional to the data, as every
 *   rebuild estimate is (the data to rebuild over a rate). Default 125 MiB/s, the baseline
 *   throughput of one gp3 EBS volume ("Amazon EBS volume types", AWS EBS user guide) [U: the real
 *   rate depends on the devices, the network and `rebuildIoPriorityPolicy`]; tests set it.
 * - An SDS in maintenance mode is not rebuilt (`components.ts`). An SDS that comes back before
 *   its rebuild finished has its data whole again [U: the real MDM resyncs what changed].
 */
import { poolCapacity } from './capacity.js';
import { sdsOnline } from './nodes.js';
import type { Model, Pool, Sds } from './types.js';

/** 125 MiB/s in KiB/s: a gp3 volume's baseline throughput. */
export const DEFAULT_REBUILD_KB_PER_SECOND = 125 * 1024;

/** One SDS's rebuild as the simulator records it (`GET /sim/state`, `rebuilds`). */
export interface RebuildRecord {
  readonly sdsId: string;
  readonly ip: string | null;
  readonly startedMs: number;
  /** Its data at the start, per pool id (KiB). */
  readonly totalKb: Readonly<Record<string, number>>;
  /** When the last of it was rebuilt (simulated time); null while it runs. */
  finishedMs: number | null;
  /** The SDS came back before the end. */
  cancelled: boolean;
}

interface Running {
  readonly record: RebuildRecord;
  /** Still to rebuild, per pool id (KiB). */
  readonly leftKb: Map<string, number>;
  lastMs: number;
}

interface RebuildState {
  rateKbPerSecond: number;
  readonly running: Map<string, Running>;
  readonly records: RebuildRecord[];
  /** SDSs seen offline and not rebuilt since (ids), so that a rebuild starts once per loss. */
  readonly lost: Set<string>;
}

const states = new WeakMap<Model, RebuildState>();

const stateOf = (m: Model): RebuildState => {
  let s = states.get(m);
  if (s === undefined) {
    s = {
      rateKbPerSecond: DEFAULT_REBUILD_KB_PER_SECOND,
      running: new Map(),
      records: [],
      lost: new Set(),
    };
    states.set(m, s);
  }
  return s;
};

/** Sets the rebuild rate (KiB per second of simulated time; > 0). */
export const setRebuildRate = (m: Model, kbPerSecond: number): boolean => {
  if (!(Number.isFinite(kbPerSecond) && kbPerSecond > 0)) return false;
  stateOf(m).rateKbPerSecond = kbPerSecond;
  return true;
};

/** The share of a pool's used raw capacity held by one SDS (data spreads over all devices). */
export const sdsShareKb = (m: Model, pool: Pool, sds: Sds): number => {
  const devices = [...m.devices.values()].filter((d) => d.poolId === pool.id);
  const total = devices.reduce((s, d) => s + d.maxKb, 0);
  const mine = devices.filter((d) => d.sdsId === sds.id).reduce((s, d) => s + d.maxKb, 0);
  return total === 0 ? 0 : Math.floor((poolCapacity(m, pool).capacityInUseInKb * mine) / total);
};

const start = (m: Model, s: RebuildState, sds: Sds, now: number): void => {
  const totalKb: Record<string, number> = {};
  for (const pool of m.pools.values()) {
    const kb = sdsShareKb(m, pool, sds);
    if (kb > 0) totalKb[pool.id] = kb;
  }
  const record: RebuildRecord = {
    sdsId: sds.id,
    ip: sds.ipList[0]?.ip ?? null,
    startedMs: now,
    totalKb,
    finishedMs: Object.keys(totalKb).length === 0 ? now : null,
    cancelled: false,
  };
  s.records.push(record);
  if (record.finishedMs === null)
    s.running.set(sds.id, { record, leftKb: new Map(Object.entries(totalKb)), lastMs: now });
};

/**
 * Brings the rebuilds up to the current time: an SDS newly seen down (not in maintenance) starts
 * one, an SDS back up cancels its own, and every running one moves on at the rate (all pools of
 * one SDS in parallel; its finish time is when its last KiB was rebuilt). Called before any read.
 */
export const settleRebuilds = (m: Model, inMaintenance: (sds: Sds) => boolean): void => {
  const s = stateOf(m);
  const now = m.clock();
  for (const sds of m.sdss.values()) {
    const down = !sdsOnline(m, sds) && !inMaintenance(sds);
    if (down && !s.lost.has(sds.id)) {
      s.lost.add(sds.id);
      start(m, s, sds, now);
    } else if (!down && s.lost.has(sds.id)) {
      s.lost.delete(sds.id);
      const r = s.running.get(sds.id);
      if (r !== undefined) r.record.cancelled = true;
      s.running.delete(sds.id);
    }
  }
  for (const [id, r] of [...s.running]) {
    const step = ((now - r.lastMs) / 1000) * s.rateKbPerSecond;
    let longest = 0;
    for (const [poolId, left] of r.leftKb) {
      longest = Math.max(longest, left);
      r.leftKb.set(poolId, Math.max(0, left - step));
    }
    if ([...r.leftKb.values()].every((x) => x === 0)) {
      r.record.finishedMs = r.lastMs + Math.ceil((longest / s.rateKbPerSecond) * 1000);
      s.running.delete(id);
    }
    r.lastMs = now;
  }
  for (const id of s.lost) if (!m.sdss.has(id)) s.lost.delete(id);
};

/** What is still to rebuild in a pool now (KiB, whole). */
export const poolRebuildKb = (m: Model, poolId: string): number =>
  [...stateOf(m).running.values()].reduce((a, r) => a + Math.ceil(r.leftKb.get(poolId) ?? 0), 0);

/** Whether the data of this SDS is still being rebuilt. */
export const isRebuilding = (m: Model, sdsId: string): boolean => stateOf(m).running.has(sdsId);

/** Whether this SDS is down and its data has been rebuilt elsewhere. */
export const isRebuilt = (m: Model, sdsId: string): boolean =>
  stateOf(m).lost.has(sdsId) && !stateOf(m).running.has(sdsId);

/** Every rebuild so far, oldest first (copies). */
export const rebuildRecords = (m: Model): RebuildRecord[] =>
  stateOf(m).records.map((r) => ({ ...r, totalKb: { ...r.totalKb } }));

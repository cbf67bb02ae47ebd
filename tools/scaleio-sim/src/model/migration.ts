/**
 * Device removal as the real system does it: over time, not at once.
 *
 * - `removeDevice` (REST `Device::{id}/action/removeDevice`, `scli --remove_sds_device`) starts a
 *   migration: the device stays listed, its data moves to the pool's other devices, and only then
 *   does it disappear. That the removal takes time and can be aborted meanwhile is the CLI's own
 *   word: scli has `--abort_remove_sds_device` ("Aborting removal of a device from an SDS", the
 *   scli command summary beside `--remove_sds_device`; reference/scaleio-api.md §6.2).
 * - While it migrates the device reports `deviceState: "RemovePending"` [U: the real device has a
 *   `deviceState` field, `Normal` in the captured 2.6 fixtures; the name of the removing state is
 *   not in our sources]. The pool's statistics show the capacity still to move under the real 2.6
 *   key names `movingCapacityInKb`, `activeMovingCapacityInKb`, `normRebuildCapacityInKb`,
 *   `activeMovingOutNormRebuildJobs` [U: which of the moving counters a removal uses].
 * - The data on the device is its share of the pool's in-use capacity (ScaleIO spreads a pool's
 *   data over its devices by capacity — the reason it rebalances after a device is added or
 *   removed: `rebalanceEnabled`, reference §3.3). It moves at `rateKbPerSecond` (default 125 MiB/s:
 *   the baseline throughput of a gp3 EBS volume, "Amazon EBS volume types", AWS EBS user guide;
 *   the source device cannot be read faster).
 * - After the device is gone the pool rebalances: the moved data is spread again over the
 *   remaining devices (`rebalanceCapacityInKb`, `activeRebalanceCapacityInKb`,
 *   `activeMovingRebalanceJobs`), a share 1/n of it at the same rate [U: the amount].
 * - A removal whose data has nowhere to go is refused with 904 (TOO_MUCH_THIN_CAPACITY_FOR_REMOVAL,
 *   `sds.ts`), counting devices already being removed as gone; an SDS's last device with 136.
 */
import { poolCapacity } from './capacity.js';
import type { Device, Model } from './types.js';

/** 125 MiB/s in KiB/s: a gp3 volume's baseline throughput. */
export const DEFAULT_MIGRATION_KB_PER_SECOND = 125 * 1024;

interface Removal {
  readonly totalKb: number;
  movedKb: number;
  lastMs: number;
}

interface Rebalance {
  remainingKb: number;
  lastMs: number;
}

/** A device the SDS starts or stops using (its node's IP and the device path). */
export interface DeviceUse {
  readonly ip: string;
  readonly path: string;
  readonly inUse: boolean;
}

interface MigrationState {
  rateKbPerSecond: number;
  readonly removals: Map<string, Removal>;
  readonly rebalances: Map<string, Rebalance>;
  readonly listeners: Set<(u: DeviceUse) => void>;
}

const states = new WeakMap<Model, MigrationState>();

const stateOf = (m: Model): MigrationState => {
  let s = states.get(m);
  if (s === undefined) {
    s = {
      rateKbPerSecond: DEFAULT_MIGRATION_KB_PER_SECOND,
      removals: new Map(),
      rebalances: new Map(),
      listeners: new Set(),
    };
    states.set(m, s);
  }
  return s;
};

/** Sets the migration and rebalance rate (KiB per second of simulated time; > 0). */
export const setMigrationRate = (m: Model, kbPerSecond: number): boolean => {
  if (!(Number.isFinite(kbPerSecond) && kbPerSecond > 0)) return false;
  stateOf(m).rateKbPerSecond = kbPerSecond;
  return true;
};

/** Listens to the SDS starting or stopping to use a device; returns the unsubscribe function. */
export const onDeviceUse = (m: Model, fn: (u: DeviceUse) => void): (() => void) => {
  const s = stateOf(m);
  s.listeners.add(fn);
  return () => s.listeners.delete(fn);
};

/** Tells the listeners that the SDS of `d` uses (or no longer uses) its path. */
export const notifyDeviceUse = (m: Model, d: Device, inUse: boolean): void => {
  const ip = m.sdss.get(d.sdsId)?.ipList[0]?.ip;
  if (ip === undefined) return;
  for (const fn of stateOf(m).listeners) fn({ ip, path: d.path, inUse });
};

/** Whether the device is being removed (its data migrating away). */
export const isRemoving = (m: Model, deviceId: string): boolean =>
  stateOf(m).removals.has(deviceId);

/** Starts the removal of a device (checks done by the caller); again is a no-op [U]. */
export const startRemoval = (m: Model, d: Device): void => {
  const s = stateOf(m);
  if (s.removals.has(d.id)) return;
  const pool = m.pools.get(d.poolId);
  const devices = [...m.devices.values()].filter((x) => x.poolId === d.poolId);
  const totalMax = devices.reduce((a, x) => a + x.maxKb, 0);
  const inUse = pool === undefined ? 0 : poolCapacity(m, pool).capacityInUseInKb;
  const totalKb = totalMax > 0 ? Math.floor((inUse * d.maxKb) / totalMax) : 0;
  s.removals.set(d.id, { totalKb, movedKb: 0, lastMs: m.clock() });
};

/** Brings every removal and rebalance up to the current time. Called before any read. */
export const settleMigrations = (m: Model): void => {
  const s = stateOf(m);
  const now = m.clock();
  for (const [id, r] of [...s.removals]) {
    r.movedKb = Math.min(r.totalKb, r.movedKb + ((now - r.lastMs) / 1000) * s.rateKbPerSecond);
    r.lastMs = now;
    if (r.movedKb < r.totalKb) continue;
    s.removals.delete(id);
    const d = m.devices.get(id);
    if (d === undefined) continue;
    m.devices.delete(id);
    notifyDeviceUse(m, d, false);
    const left = [...m.devices.values()].filter((x) => x.poolId === d.poolId).length;
    if (r.totalKb > 0 && left > 0) {
      const prev = s.rebalances.get(d.poolId)?.remainingKb ?? 0;
      s.rebalances.set(d.poolId, { remainingKb: prev + r.totalKb / left, lastMs: now });
    }
  }
  for (const [poolId, b] of [...s.rebalances]) {
    b.remainingKb = Math.max(0, b.remainingKb - ((now - b.lastMs) / 1000) * s.rateKbPerSecond);
    b.lastMs = now;
    if (b.remainingKb === 0) s.rebalances.delete(poolId);
  }
};

/** What a pool's statistics show of removals and rebalance now (KiB, whole). */
export const poolMovement = (
  m: Model,
  poolId: string,
): { removingKb: number; removals: number; rebalanceKb: number } => {
  const s = stateOf(m);
  let removingKb = 0;
  let removals = 0;
  for (const [id, r] of s.removals) {
    if (m.devices.get(id)?.poolId !== poolId) continue;
    removingKb += Math.ceil(r.totalKb - r.movedKb);
    removals += 1;
  }
  return {
    removingKb,
    removals,
    rebalanceKb: Math.ceil(s.rebalances.get(poolId)?.remainingKb ?? 0),
  };
};

/**
 * Statistics objects (`.../relationships/Statistics`, `querySelectedStatistics`), filled from the
 * capacity model. Counters the simulator does not model are reported as zero.
 */
import { poolCapacity, type PoolCapacity } from '../model/capacity.js';
import type { Model, Pool } from '../model/types.js';
import { poolHealth } from '../model/components.js';
import { poolMovement } from '../model/migration.js';
import { poolRebuildKb } from '../model/rebuild.js';
import { POOL_STAT_KEYS, SYSTEM_STAT_KEYS } from './stat-keys.js';

/** A statistics object: numbers, bandwidth counters and id lists. */
export type Stats = Record<string, unknown>;

const bwc = (): { numSeconds: number; totalWeightInKb: number; numOccured: number } => ({
  numSeconds: 0,
  totalWeightInKb: 0,
  numOccured: 0,
});

const zero = (keys: readonly string[]): Stats =>
  Object.fromEntries(keys.map((k) => [k, k.endsWith('Bwc') ? bwc() : k.endsWith('Ids') ? [] : 0]));

const capacityStats = (c: PoolCapacity): Stats => {
  const { percentFull: _p, ...figures } = c;
  return {
    ...figures,
    thinCapacityAllocatedInKm: c.thinCapacityAllocatedInKb,
    atRestCapacityInKb: c.capacityInUseInKb,
    protectedCapacityInKb: c.capacityInUseInKb,
    volumeAllocationLimitInKb: c.capacityAvailableForVolumeAllocationInKb,
    secondaryVacInKb: c.primaryVacInKb,
    inUseVacInKb: 2 * c.primaryVacInKb,
    protectedVacInKb: 2 * c.primaryVacInKb,
    numOfVtrees: c.numOfVolumes,
  };
};

const SUMMED: readonly (keyof PoolCapacity)[] = [
  'maxCapacityInKb',
  'capacityLimitInKb',
  'spareCapacityInKb',
  'thickCapacityInUseInKb',
  'thinCapacityAllocatedInKb',
  'thinCapacityInUseInKb',
  'snapCapacityInUseOccupiedInKb',
  'capacityInUseInKb',
  'unusedCapacityInKb',
  'capacityAvailableForVolumeAllocationInKb',
  'primaryVacInKb',
  'numOfDevices',
  'numOfVolumes',
  'numOfThinBaseVolumes',
  'numOfThickBaseVolumes',
  'numOfUnmappedVolumes',
];

const sumCapacity = (m: Model, pools: Pool[]): PoolCapacity => {
  const total = Object.fromEntries(SUMMED.map((k) => [k, 0])) as unknown as PoolCapacity;
  for (const p of pools) {
    const c = poolCapacity(m, p);
    for (const k of SUMMED) total[k] += c[k];
  }
  const usable = total.maxCapacityInKb - total.spareCapacityInKb;
  total.percentFull = usable > 0 ? (100 * total.capacityInUseInKb) / usable : 0;
  return total;
};

/**
 * A removal's migration and the rebalance after it (migration.ts), and a lost SDS's rebuild
 * (rebuild.ts), under their 2.6 key names.
 */
const movementStats = (m: Model, pool: Pool): Stats => {
  const { removingKb, removals, rebalanceKb } = poolMovement(m, pool.id);
  const rebuildKb = poolRebuildKb(m, pool.id);
  return {
    movingCapacityInKb: removingKb + rebalanceKb,
    activeMovingCapacityInKb: removingKb + rebalanceKb,
    normRebuildCapacityInKb: removingKb + rebuildKb,
    activeNormRebuildCapacityInKb: removingKb + rebuildKb,
    activeMovingOutNormRebuildJobs: removals,
    rebalanceCapacityInKb: rebalanceKb,
    activeRebalanceCapacityInKb: rebalanceKb,
    activeMovingRebalanceJobs: rebalanceKb > 0 ? 1 : 0,
  };
};

/** Statistics of one storage pool (every key of a real 2.6 response). */
export const poolStats = (m: Model, pool: Pool): Stats => ({
  ...zero(POOL_STAT_KEYS),
  ...capacityStats(poolCapacity(m, pool)),
  ...movementStats(m, pool),
  ...poolHealth(m, pool),
  deviceIds: [...m.devices.values()].filter((d) => d.poolId === pool.id).map((d) => d.id),
  volumeIds: [...m.volumes.values()].filter((v) => v.poolId === pool.id).map((v) => v.id),
  vtreeIds: [...m.volumes.values()].filter((v) => v.poolId === pool.id).map((v) => v.vtreeId),
});

/** Statistics of the system: pool figures summed, object counts. */
export const systemStats = (m: Model): Stats => ({
  ...zero(SYSTEM_STAT_KEYS),
  ...capacityStats(sumCapacity(m, [...m.pools.values()])),
  numOfSds: m.sdss.size,
  numOfSdc: m.sdcs.size,
  numOfStoragePools: m.pools.size,
  numOfProtectionDomains: m.pds.size,
  numOfFaultSets: m.faultSets.size,
  protectionDomainIds: [...m.pds.keys()],
  sdcIds: [...m.sdcs.keys()],
});

/** Statistics of a protection domain: its pools summed. */
export const pdStats = (m: Model, pdId: string): Stats => ({
  ...capacityStats(
    sumCapacity(
      m,
      [...m.pools.values()].filter((p) => p.pdId === pdId),
    ),
  ),
  numOfSds: [...m.sdss.values()].filter((s) => s.pdId === pdId).length,
  numOfStoragePools: [...m.pools.values()].filter((p) => p.pdId === pdId).length,
  numOfFaultSets: [...m.faultSets.values()].filter((f) => f.pdId === pdId).length,
  storagePoolIds: [...m.pools.values()].filter((p) => p.pdId === pdId).map((p) => p.id),
  sdsIds: [...m.sdss.values()].filter((s) => s.pdId === pdId).map((s) => s.id),
  faultSetIds: [...m.faultSets.values()].filter((f) => f.pdId === pdId).map((f) => f.id),
  userDataReadBwc: bwc(),
  userDataWriteBwc: bwc(),
});

/** Statistics of an SDS: the raw capacity of its devices. */
export const sdsStats = (m: Model, sdsId: string): Stats => {
  const devices = [...m.devices.values()].filter((d) => d.sdsId === sdsId);
  return {
    maxCapacityInKb: devices.reduce((s, d) => s + d.maxKb, 0),
    capacityLimitInKb: devices.reduce((s, d) => s + d.limitKb, 0),
    numOfDevices: devices.length,
    deviceIds: devices.map((d) => d.id),
    totalReadBwc: bwc(),
    totalWriteBwc: bwc(),
  };
};

/** Statistics of a device. */
export const deviceStats = (m: Model, deviceId: string): Stats => {
  const d = m.devices.get(deviceId);
  return {
    maxCapacityInKb: d?.maxKb ?? 0,
    capacityLimitInKb: d?.limitKb ?? 0,
    totalReadBwc: bwc(),
    totalWriteBwc: bwc(),
  };
};

/** Statistics of a fault set. */
export const faultSetStats = (m: Model, fsId: string): Stats => {
  const sdss = [...m.sdss.values()].filter((s) => s.faultSetId === fsId);
  return {
    numOfSds: sdss.length,
    sdsIds: sdss.map((s) => s.id),
    userDataReadBwc: bwc(),
    userDataWriteBwc: bwc(),
  };
};

/** Statistics of a volume. */
export const volumeStats = (m: Model, volumeId: string): Stats => {
  const v = m.volumes.get(volumeId);
  const sdcIds = (v?.mappings ?? []).map((x) => x.sdcId);
  return {
    numOfMappedSdcs: sdcIds.length,
    mappedSdcIds: sdcIds,
    userDataReadBwc: bwc(),
    userDataWriteBwc: bwc(),
  };
};

/** Statistics of an SDC. */
export const sdcStats = (m: Model, sdcId: string): Stats => {
  const vols = [...m.volumes.values()].filter((v) => v.mappings.some((x) => x.sdcId === sdcId));
  return {
    numOfMappedVolumes: vols.length,
    volumeIds: vols.map((v) => v.id),
    userDataReadBwc: bwc(),
    userDataWriteBwc: bwc(),
  };
};

/**
 * Codec for the flat statistics object (`.../relationships/Statistics`, and
 * each entry of a `querySelectedStatistics` answer). Every field is optional,
 * because a selected-statistics query returns only what was asked for.
 */
import * as t from 'io-ts';
import { NumberLike, withAliases } from '../codec-util.js';

/** A bandwidth counter: `totalWeightInKb/numSeconds` is KiB/s, `numOccured/numSeconds` IOPS (sic "numOccured"). */
export const Bwc = t.type({
  numSeconds: NumberLike,
  totalWeightInKb: NumberLike,
  numOccured: NumberLike,
});
/** A bandwidth counter. */
export type Bwc = t.TypeOf<typeof Bwc>;

const kb = {
  maxCapacityInKb: NumberLike,
  capacityLimitInKb: NumberLike,
  spareCapacityInKb: NumberLike,
  capacityInUseInKb: NumberLike,
  thickCapacityInUseInKb: NumberLike,
  thinCapacityInUseInKb: NumberLike,
  thinCapacityAllocatedInKb: NumberLike,
  snapCapacityInUseInKb: NumberLike,
  snapCapacityInUseOccupiedInKb: NumberLike,
  unusedCapacityInKb: NumberLike,
  capacityAvailableForVolumeAllocationInKb: NumberLike,
  volumeAllocationLimitInKb: NumberLike,
  protectedCapacityInKb: NumberLike,
  degradedHealthyCapacityInKb: NumberLike,
  degradedFailedCapacityInKb: NumberLike,
  failedCapacityInKb: NumberLike,
  unreachableUnusedCapacityInKb: NumberLike,
  inMaintenanceCapacityInKb: NumberLike,
  semiProtectedCapacityInKb: NumberLike,
  atRestCapacityInKb: NumberLike,
  primaryVacInKb: NumberLike,
  secondaryVacInKb: NumberLike,
  protectedVacInKb: NumberLike,
  inUseVacInKb: NumberLike,
  netCapacityInUseInKb: NumberLike,
  netUnusedCapacityInKb: NumberLike,
  netMaxCapacityInKb: NumberLike,
};

const counts = {
  numOfDevices: NumberLike,
  numOfVolumes: NumberLike,
  numOfVtrees: NumberLike,
  numOfSnapshots: NumberLike,
  numOfThinBaseVolumes: NumberLike,
  numOfThickBaseVolumes: NumberLike,
  numOfUnmappedVolumes: NumberLike,
  numOfMappedToAllVolumes: NumberLike,
  numOfVolumesInDeletion: NumberLike,
  numOfSds: NumberLike,
  numOfSdc: NumberLike,
  numOfStoragePools: NumberLike,
  numOfProtectionDomains: NumberLike,
  numOfFaultSets: NumberLike,
  numOfMappedSdcs: NumberLike,
  rfcacheReadHit: NumberLike,
  rfcacheWriteHit: NumberLike,
  pendingMovingOutNormRebuildJobs: NumberLike,
  backgroundScannedInMB: NumberLike,
};

const bwcs = {
  userDataReadBwc: Bwc,
  userDataWriteBwc: Bwc,
  totalReadBwc: Bwc,
  totalWriteBwc: Bwc,
  primaryReadBwc: Bwc,
  primaryWriteBwc: Bwc,
  secondaryReadBwc: Bwc,
  secondaryWriteBwc: Bwc,
};

const ids = {
  deviceIds: t.array(t.string),
  volumeIds: t.array(t.string),
  vtreeIds: t.array(t.string),
  sdsIds: t.array(t.string),
  sdcIds: t.array(t.string),
  mappedSdcIds: t.array(t.string),
  protectionDomainIds: t.array(t.string),
  storagePoolIds: t.array(t.string),
  faultSetIds: t.array(t.string),
};

const Shape = t.partial({ ...kb, ...counts, ...bwcs, ...ids });

/**
 * Statistics of one object. The API's known misspellings are read into the
 * correct keys: `thinCapacityAllocatedInKm` -> `thinCapacityAllocatedInKb`,
 * `rfacheReadHit`/`rfacheWriteHit` -> `rfcacheReadHit`/`rfcacheWriteHit`,
 * `pendingMovingOutNormrebuildJobs` -> `pendingMovingOutNormRebuildJobs`,
 * `BackgroundScannedInMB` -> `backgroundScannedInMB`. Other keys are kept
 * untyped.
 */
export const Statistics = withAliases(
  Shape,
  {
    thinCapacityAllocatedInKm: 'thinCapacityAllocatedInKb',
    rfacheReadHit: 'rfcacheReadHit',
    rfacheWriteHit: 'rfcacheWriteHit',
    pendingMovingOutNormrebuildJobs: 'pendingMovingOutNormRebuildJobs',
    BackgroundScannedInMB: 'backgroundScannedInMB',
  },
  'Statistics',
);
/** Statistics of one object. */
export type Statistics = t.TypeOf<typeof Statistics>;

/** Names of the statistics properties this codec types (for `querySelectedStatistics`). */
export type StatisticsProperty = keyof Statistics;

/** Statistics of many objects of one type, keyed by object id. */
export const StatisticsById = t.record(t.string, Statistics);
/** Statistics of many objects of one type, keyed by object id. */
export type StatisticsById = t.TypeOf<typeof StatisticsById>;

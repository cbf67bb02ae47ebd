/** Codec for a storage pool. */
import * as t from 'io-ts';
import { BoolLike, Links, NumberLike, nullable } from '../codec-util.js';
import { ProtectionDomainId, StoragePoolId } from '../ids.js';

/** A storage pool. */
export const StoragePool = t.intersection([
  t.type({ id: StoragePoolId, name: nullable(t.string), protectionDomainId: ProtectionDomainId }),
  t.partial({
    sparePercentage: NumberLike,
    capacityAlertHighThreshold: NumberLike,
    capacityAlertCriticalThreshold: NumberLike,
    zeroPaddingEnabled: BoolLike,
    useRmcache: BoolLike,
    useRfcache: BoolLike,
    rmcacheWriteHandlingMode: t.string,
    rebuildEnabled: BoolLike,
    rebalanceEnabled: BoolLike,
    checksumEnabled: BoolLike,
    mediaType: nullable(t.string),
    numOfParallelRebuildRebalanceJobsPerDevice: NumberLike,
    backgroundScannerMode: t.string,
    links: Links,
  }),
]);
/** A storage pool. */
export type StoragePool = t.TypeOf<typeof StoragePool>;

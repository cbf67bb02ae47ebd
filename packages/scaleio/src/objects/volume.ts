/** Codecs for volumes and VTrees. */
import * as t from 'io-ts';
import { BoolLike, Links, NumberLike, nullable } from '../codec-util.js';
import { SdcId, StoragePoolId, VolumeId, VTreeId } from '../ids.js';

/** Volume provisioning type. Snapshots report `Snapshot`. */
export const VolumeType = t.keyof({
  ThinProvisioned: null,
  ThickProvisioned: null,
  Snapshot: null,
});
/** Volume provisioning type. */
export type VolumeType = t.TypeOf<typeof VolumeType>;

/** One SDC a volume is mapped to. */
export const MappedSdcInfo = t.intersection([
  t.type({ sdcId: SdcId }),
  t.partial({
    sdcIp: nullable(t.string),
    sdcName: nullable(t.string),
    limitIops: NumberLike,
    limitBwInMbps: NumberLike,
    accessMode: t.string,
  }),
]);
/** One SDC a volume is mapped to. */
export type MappedSdcInfo = t.TypeOf<typeof MappedSdcInfo>;

/** A volume. `mappedSdcInfo` is `null` (not `[]`) when unmapped. */
export const Volume = t.intersection([
  t.type({
    id: VolumeId,
    name: nullable(t.string),
    sizeInKb: NumberLike,
    storagePoolId: StoragePoolId,
    volumeType: VolumeType,
  }),
  t.partial({
    vtreeId: VTreeId,
    ancestorVolumeId: nullable(VolumeId),
    mappedSdcInfo: nullable(t.array(MappedSdcInfo)),
    mappingToAllSdcsEnabled: BoolLike,
    creationTime: NumberLike,
    useRmcache: BoolLike,
    consistencyGroupId: nullable(t.string),
    links: Links,
  }),
]);
/** A volume. */
export type Volume = t.TypeOf<typeof Volume>;

/** A VTree: a base volume and its snapshots. */
export const VTree = t.intersection([
  t.type({ id: VTreeId, storagePoolId: StoragePoolId }),
  t.partial({ name: nullable(t.string), baseVolumeId: VolumeId, links: Links }),
]);
/** A VTree. */
export type VTree = t.TypeOf<typeof VTree>;

/** The SDC ids a volume is mapped to (empty when `mappedSdcInfo` is null). */
export const mappedSdcIds = (v: Volume): readonly SdcId[] =>
  (v.mappedSdcInfo ?? []).map((m) => m.sdcId);

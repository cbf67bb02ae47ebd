/**
 * io-ts codecs of the REST request bodies the simulator accepts (numbers and booleans may come
 * as strings). The codec is the type.
 */
import * as t from 'io-ts';
import { BoolLike, NumLike } from '../http/body.js';

const opt = <C extends t.Mixed>(c: C) => t.union([c, t.undefined]);
const Role = t.keyof({ all: null, sdsOnly: null, sdcOnly: null });

/** `POST /api/types/ProtectionDomain/instances` */
export const CreatePd = t.type({ name: opt(t.string) });
/** Decoded {@link CreatePd} body. */
export type CreatePd = t.TypeOf<typeof CreatePd>;

/** `POST /api/types/StoragePool/instances` */
export const CreatePool = t.type({
  name: opt(t.string),
  protectionDomainId: t.string,
  sparePercentage: opt(NumLike),
  zeroPaddingEnabled: opt(BoolLike),
  useRmcache: opt(BoolLike),
  useRfcache: opt(BoolLike),
  rebuildEnabled: opt(BoolLike),
  rebalanceEnabled: opt(BoolLike),
});
/** Decoded {@link CreatePool} body. */
export type CreatePool = t.TypeOf<typeof CreatePool>;

/** `POST /api/types/FaultSet/instances` */
export const CreateFaultSet = t.type({ name: opt(t.string), protectionDomainId: t.string });
/** Decoded {@link CreateFaultSet} body. */
export type CreateFaultSet = t.TypeOf<typeof CreateFaultSet>;

/** One SDS IP, in the wrapped (`{"SdsIp":{...}}`) or the flat form. */
export const SdsIpIn = t.union([
  t.type({ SdsIp: t.type({ ip: t.string, role: opt(Role) }) }),
  t.type({ ip: t.string, role: opt(Role) }),
]);
/** Decoded {@link SdsIpIn} body. */
export type SdsIpIn = t.TypeOf<typeof SdsIpIn>;

/** A device given at SDS creation. */
export const DeviceInfo = t.type({
  devicePath: t.string,
  storagePoolId: t.string,
  deviceName: opt(t.string),
});

/** `POST /api/types/Sds/instances` */
export const CreateSds = t.type({
  protectionDomainId: t.string,
  sdsIpList: t.array(SdsIpIn),
  name: opt(t.string),
  sdsPort: opt(NumLike),
  faultSetId: opt(t.string),
  deviceInfoList: opt(t.array(DeviceInfo)),
});
/** Decoded {@link CreateSds} body. */
export type CreateSds = t.TypeOf<typeof CreateSds>;

/** `POST /api/types/Device/instances` (request spelling `deviceCurrentPathname`; the GET spelling is accepted too). */
export const CreateDevice = t.type({
  deviceCurrentPathname: opt(t.string),
  deviceCurrentPathName: opt(t.string),
  sdsId: t.string,
  storagePoolId: t.string,
  name: opt(t.string),
  deviceName: opt(t.string),
  capacityLimitInKb: opt(NumLike),
});
/** Decoded {@link CreateDevice} body. */
export type CreateDevice = t.TypeOf<typeof CreateDevice>;

/** `POST /api/types/Volume/instances` */
export const CreateVolume = t.type({
  storagePoolId: t.string,
  volumeSizeInKb: NumLike,
  protectionDomainId: opt(t.string),
  name: opt(t.string),
  volumeType: opt(t.keyof({ ThinProvisioned: null, ThickProvisioned: null })),
  useRmcache: opt(BoolLike),
});
/** Decoded {@link CreateVolume} body. */
export type CreateVolume = t.TypeOf<typeof CreateVolume>;

/** `addMappedSdc` */
export const MapSdc = t.type({
  sdcId: opt(t.string),
  allSdcs: opt(t.unknown),
  allowMultipleMappings: opt(BoolLike),
});
/** Decoded {@link MapSdc} body. */
export type MapSdc = t.TypeOf<typeof MapSdc>;

/** `removeMappedSdc` */
export const UnmapSdc = t.type({ sdcId: opt(t.string), allSdcs: opt(t.unknown) });
/** Decoded {@link UnmapSdc} body. */
export type UnmapSdc = t.TypeOf<typeof UnmapSdc>;

/** `setMappedSdcLimits` */
export const SdcLimits = t.type({
  sdcId: t.string,
  bandwidthLimitInKbps: opt(NumLike),
  iopsLimit: opt(NumLike),
});
/** Decoded {@link SdcLimits} body. */
export type SdcLimits = t.TypeOf<typeof SdcLimits>;

/** The removal modes of `removeVolume`. */
export const REMOVE_MODES = [
  'ONLY_ME',
  'INCLUDING_DESCENDANTS',
  'DESCENDANTS_ONLY',
  'WHOLE_VTREE',
] as const;

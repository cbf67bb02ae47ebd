/**
 * Branded object ids. Every ScaleIO object id is 16 hexadecimal characters
 * (e.g. `40395b7b00000000`); the brand keeps a volume id from being passed
 * where a pool id is expected.
 */
import * as t from 'io-ts';

const HEX16 = /^[0-9a-fA-F]{16}$/;

/** True when `s` has the shape of a ScaleIO object id (16 hex characters). */
export const isHexId = (s: string): boolean => HEX16.test(s);

/** Brand of {@link SystemId}. */
export interface SystemIdBrand {
  readonly SystemId: unique symbol;
}
/** Id of a ScaleIO system. */
export const SystemId = t.brand(
  t.string,
  (s): s is t.Branded<string, SystemIdBrand> => isHexId(s),
  'SystemId',
);
/** Id of a ScaleIO system. */
export type SystemId = t.TypeOf<typeof SystemId>;

/** Brand of {@link ProtectionDomainId}. */
export interface ProtectionDomainIdBrand {
  readonly ProtectionDomainId: unique symbol;
}
/** Id of a protection domain. */
export const ProtectionDomainId = t.brand(
  t.string,
  (s): s is t.Branded<string, ProtectionDomainIdBrand> => isHexId(s),
  'ProtectionDomainId',
);
/** Id of a protection domain. */
export type ProtectionDomainId = t.TypeOf<typeof ProtectionDomainId>;

/** Brand of {@link StoragePoolId}. */
export interface StoragePoolIdBrand {
  readonly StoragePoolId: unique symbol;
}
/** Id of a storage pool. */
export const StoragePoolId = t.brand(
  t.string,
  (s): s is t.Branded<string, StoragePoolIdBrand> => isHexId(s),
  'StoragePoolId',
);
/** Id of a storage pool. */
export type StoragePoolId = t.TypeOf<typeof StoragePoolId>;

/** Brand of {@link FaultSetId}. */
export interface FaultSetIdBrand {
  readonly FaultSetId: unique symbol;
}
/** Id of a fault set. */
export const FaultSetId = t.brand(
  t.string,
  (s): s is t.Branded<string, FaultSetIdBrand> => isHexId(s),
  'FaultSetId',
);
/** Id of a fault set. */
export type FaultSetId = t.TypeOf<typeof FaultSetId>;

/** Brand of {@link SdsId}. */
export interface SdsIdBrand {
  readonly SdsId: unique symbol;
}
/** Id of an SDS (storage data server). */
export const SdsId = t.brand(
  t.string,
  (s): s is t.Branded<string, SdsIdBrand> => isHexId(s),
  'SdsId',
);
/** Id of an SDS (storage data server). */
export type SdsId = t.TypeOf<typeof SdsId>;

/** Brand of {@link DeviceId}. */
export interface DeviceIdBrand {
  readonly DeviceId: unique symbol;
}
/** Id of an SDS device. */
export const DeviceId = t.brand(
  t.string,
  (s): s is t.Branded<string, DeviceIdBrand> => isHexId(s),
  'DeviceId',
);
/** Id of an SDS device. */
export type DeviceId = t.TypeOf<typeof DeviceId>;

/** Brand of {@link SdcId}. */
export interface SdcIdBrand {
  readonly SdcId: unique symbol;
}
/** Id of an SDC (storage data client). */
export const SdcId = t.brand(
  t.string,
  (s): s is t.Branded<string, SdcIdBrand> => isHexId(s),
  'SdcId',
);
/** Id of an SDC (storage data client). */
export type SdcId = t.TypeOf<typeof SdcId>;

/** Brand of {@link VolumeId}. */
export interface VolumeIdBrand {
  readonly VolumeId: unique symbol;
}
/** Id of a volume (or snapshot). */
export const VolumeId = t.brand(
  t.string,
  (s): s is t.Branded<string, VolumeIdBrand> => isHexId(s),
  'VolumeId',
);
/** Id of a volume (or snapshot). */
export type VolumeId = t.TypeOf<typeof VolumeId>;

/** Brand of {@link VTreeId}. */
export interface VTreeIdBrand {
  readonly VTreeId: unique symbol;
}
/** Id of a VTree (a volume and its snapshots). */
export const VTreeId = t.brand(
  t.string,
  (s): s is t.Branded<string, VTreeIdBrand> => isHexId(s),
  'VTreeId',
);
/** Id of a VTree (a volume and its snapshots). */
export type VTreeId = t.TypeOf<typeof VTreeId>;

/** Brand of {@link MdmId}. */
export interface MdmIdBrand {
  readonly MdmId: unique symbol;
}
/** Id of one MDM node (manager or tie-breaker). */
export const MdmId = t.brand(
  t.string,
  (s): s is t.Branded<string, MdmIdBrand> => isHexId(s),
  'MdmId',
);
/** Id of one MDM node (manager or tie-breaker). */
export type MdmId = t.TypeOf<typeof MdmId>;

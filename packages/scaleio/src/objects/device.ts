/** Codec for an SDS device. */
import * as t from 'io-ts';
import { Links, NumberLike, nullable, withAliases } from '../codec-util.js';
import { DeviceId, SdsId, StoragePoolId } from '../ids.js';

const Shape = t.intersection([
  t.type({
    id: DeviceId,
    sdsId: SdsId,
    storagePoolId: StoragePoolId,
    deviceCurrentPathName: t.string,
  }),
  t.partial({
    name: nullable(t.string),
    deviceOriginalPathName: t.string,
    deviceState: t.string,
    errorState: t.string,
    aggregatedState: t.string,
    capacityLimitInKb: NumberLike,
    maxCapacityInKb: NumberLike,
    mediaType: nullable(t.string),
    links: Links,
  }),
]);

/**
 * A device of an SDS in a storage pool. GET responses spell the path
 * `deviceCurrentPathName`; the request spelling `deviceCurrentPathname`
 * (used by old client types) is accepted as an alias.
 */
export const Device = withAliases(
  Shape,
  {
    deviceCurrentPathname: 'deviceCurrentPathName',
    deviceOriginalPathname: 'deviceOriginalPathName',
  },
  'Device',
);
/** A device of an SDS. */
export type Device = t.TypeOf<typeof Device>;

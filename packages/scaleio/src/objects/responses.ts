/** Codecs for the small response bodies: tokens, created ids, errors, aggregate documents. */
import * as t from 'io-ts';
import { NumberLike } from '../codec-util.js';
import { VolumeId } from '../ids.js';
import { Device } from './device.js';
import { FaultSet } from './fault-set.js';
import { ProtectionDomain } from './protection-domain.js';
import { Sdc } from './sdc.js';
import { Sds } from './sds.js';
import { StoragePool } from './storage-pool.js';
import { System } from './system.js';
import { Volume, VTree } from './volume.js';

/** Answer of `POST /api/types/{Type}/instances`: the new object's id. */
export const CreatedId = t.type({ id: t.string });
/** Answer of a create. */
export type CreatedId = t.TypeOf<typeof CreatedId>;

/** The error body of every failed gateway call. 3.x may add `details`. */
export const GatewayErrorBody = t.intersection([
  t.type({ message: t.string, httpStatusCode: NumberLike, errorCode: NumberLike }),
  t.partial({
    details: t.array(t.partial({ error: t.string, rc: NumberLike, errorMessage: t.string })),
  }),
]);
/** The error body of every failed gateway call. */
export type GatewayErrorBody = t.TypeOf<typeof GatewayErrorBody>;

/** Answer of `snapshotVolumes`. */
export const SnapshotVolumesResult = t.type({
  volumeIdList: t.array(VolumeId),
  snapshotGroupId: t.string,
});
/** Answer of `snapshotVolumes`. */
export type SnapshotVolumesResult = t.TypeOf<typeof SnapshotVolumesResult>;

const list = <C extends t.Mixed>(c: C) => t.union([t.array(c), t.null]);

/** `GET /api/instances`: every object of the system in one document. */
export const InstancesDocument = t.intersection([
  t.type({ System: System }),
  t.partial({
    protectionDomainList: list(ProtectionDomain),
    storagePoolList: list(StoragePool),
    faultSetList: list(FaultSet),
    sdsList: list(Sds),
    deviceList: list(Device),
    volumeList: list(Volume),
    vTreeList: list(VTree),
    sdcList: list(Sdc),
    sessionTag: NumberLike,
    isDirty: t.boolean,
  }),
]);
/** `GET /api/instances`. */
export type InstancesDocument = t.TypeOf<typeof InstancesDocument>;

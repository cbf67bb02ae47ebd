/**
 * Codecs of `mesos.v1.Resource`, its reservations and disk info, and of `Attribute`.
 *
 * @module
 */
import * as t from 'io-ts';
import {
  Labels,
  PlainID,
  Ranges,
  Scalar,
  Text,
  ValueSet,
  ValueType,
  enumOf,
  list,
  struct,
} from './base.js';

/** `Resource.AllocationInfo`: the role a resource is allocated to (MULTI_ROLE frameworks). */
export const AllocationInfo = struct('AllocationInfo', {}, { role: t.string });
/** `Resource.AllocationInfo`. */
export type AllocationInfo = t.TypeOf<typeof AllocationInfo>;

/**
 * `Resource.ReservationInfo`: used both as the pre-refinement `reservation` (principal, labels)
 * and as entries of the refinement-format `reservations` list (type, role, ...).
 */
export const ReservationInfo = struct(
  'ReservationInfo',
  {},
  {
    type: enumOf('ReservationType', ['UNKNOWN', 'STATIC', 'DYNAMIC']),
    role: t.string,
    principal: t.string,
    labels: Labels,
  },
);
/** `Resource.ReservationInfo`. */
export type ReservationInfo = t.TypeOf<typeof ReservationInfo>;

/** `Volume.Mode`. */
export const VolumeMode = enumOf('VolumeMode', ['RW', 'RO']);

/** `Resource.DiskInfo.Source`. */
export const DiskSource = struct(
  'DiskSource',
  { type: enumOf('DiskSourceType', ['UNKNOWN', 'PATH', 'MOUNT', 'BLOCK', 'RAW']) },
  {
    path: struct('DiskSourcePath', {}, { root: t.string }),
    mount: struct('DiskSourceMount', {}, { root: t.string }),
    vendor: t.string,
    id: t.string,
    profile: t.string,
  },
);

/** `Resource.DiskInfo` (persistent volumes and disk sources). */
export const DiskInfo = struct(
  'DiskInfo',
  {},
  {
    persistence: struct('Persistence', { id: t.string }, { principal: t.string }),
    volume: struct(
      'DiskVolume',
      { mode: VolumeMode, container_path: t.string },
      { host_path: t.string },
    ),
    source: DiskSource,
  },
);
/** `Resource.DiskInfo`. */
export type DiskInfo = t.TypeOf<typeof DiskInfo>;

/** `mesos.v1.Resource`: scalar (cpus, mem, disk), ranges (ports), set or text. */
export const Resource = struct(
  'Resource',
  { name: t.string, type: ValueType },
  {
    scalar: Scalar,
    ranges: Ranges,
    set: ValueSet,
    role: t.string,
    allocation_info: AllocationInfo,
    reservation: ReservationInfo,
    reservations: list(ReservationInfo),
    disk: DiskInfo,
    revocable: struct('RevocableInfo', {}, {}),
    shared: struct('SharedInfo', {}, {}),
    provider_id: PlainID,
  },
);
/** `mesos.v1.Resource`. */
export type Resource = t.TypeOf<typeof Resource>;

/** `mesos.v1.Attribute` of an agent (rack, zone, ...). */
export const Attribute = struct(
  'Attribute',
  { name: t.string, type: ValueType },
  { scalar: Scalar, ranges: Ranges, set: ValueSet, text: Text },
);
/** `mesos.v1.Attribute`. */
export type Attribute = t.TypeOf<typeof Attribute>;

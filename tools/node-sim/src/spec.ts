/**
 * The codecs of a simulated node: its OS, block devices and identity. The codec is the type.
 */
import * as t from 'io-ts';

/** The operating systems node-sim can impersonate (`debian-12` is an unsupported one, on purpose). */
export const OsId = t.keyof({
  'ubuntu-14.04': null,
  'ubuntu-16.04': null,
  'ubuntu-18.04': null,
  'ubuntu-20.04': null,
  'ubuntu-22.04': null,
  'rhel-7': null,
  'rhel-8': null,
  'centos-7': null,
  flatcar: null,
  'debian-12': null,
});
/** One of {@link OsId}. */
export type OsId = t.TypeOf<typeof OsId>;

/** A partition of a disk. */
export const PartitionSpec = t.intersection([
  t.type({ name: t.string, sizeBytes: t.number }),
  t.partial({ fstype: t.string, mountpoint: t.string }),
]);
/** A partition of a disk. */
export type PartitionSpec = t.TypeOf<typeof PartitionSpec>;

/** The device types lsblk reports that node-sim models. */
export const DeviceType = t.keyof({ disk: null, loop: null, rom: null, lvm: null });
/** One of {@link DeviceType}. */
export type DeviceType = t.TypeOf<typeof DeviceType>;

/** Where an attached cloud volume came from (set for devices added by the ec2 hook). */
export const Attachment = t.type({ volumeId: t.string, device: t.string });
/** Where an attached cloud volume came from. */
export type Attachment = t.TypeOf<typeof Attachment>;

/** A ScaleIO volume the node's SDC exposes (`/dev/scinia` …). */
export const ScaleioVolumeRef = t.type({ systemId: t.string, volumeId: t.string });
/** A ScaleIO volume the node's SDC exposes. */
export type ScaleioVolumeRef = t.TypeOf<typeof ScaleioVolumeRef>;

/** A block device: its kernel name (`xvdf`, `nvme1n1`), size, and what is on it. */
export const DeviceSpec = t.intersection([
  t.type({ name: t.string, sizeBytes: t.number }),
  t.partial({
    type: DeviceType,
    fstype: t.string,
    mountpoint: t.string,
    serial: t.string,
    partitions: t.array(PartitionSpec),
    attachment: Attachment,
    scaleioVolume: ScaleioVolumeRef,
  }),
]);
/** A block device. */
export type DeviceSpec = t.TypeOf<typeof DeviceSpec>;

/** How the Mesos agent reads its flags on this node. */
export const MesosLayout = t.keyof({ 'mesos-slave-dir': null, 'flags-file': null, none: null });
/** One of {@link MesosLayout}. */
export type MesosLayout = t.TypeOf<typeof MesosLayout>;

/**
 * How attached cloud volumes are named in the guest: EC2 Xen (`/dev/sdf` -> `xvdf`), EC2 Nitro
 * (`nvmeNn1`), or Compute Engine SCSI (next free `sdX`, with the udev links
 * `/dev/disk/by-id/google-<device name>` and `scsi-0Google_PersistentDisk_<device name>`:
 * https://cloud.google.com/compute/docs/disks/disk-symlinks).
 */
export const DeviceNaming = t.keyof({ xen: null, nvme: null, gce: null });
/** One of {@link DeviceNaming}. */
export type DeviceNaming = t.TypeOf<typeof DeviceNaming>;

/** What a caller gives for one node; everything but `id` and `os` has a default. */
export const NodeSpec = t.intersection([
  t.type({ id: t.string, os: OsId }),
  t.partial({
    hostname: t.string,
    ip: t.string,
    devices: t.array(DeviceSpec),
    instanceId: t.string,
    deviceNaming: DeviceNaming,
    mesosLayout: MesosLayout,
    /** The agent's isolation flag before any install (default `cgroups/cpu,cgroups/mem`). */
    isolation: t.string,
    /** `uname -r` (default: the OS's kernel from the facts table), e.g. an HWE kernel. */
    kernel: t.string,
  }),
]);
/** What a caller gives for one node. */
export type NodeSpec = t.TypeOf<typeof NodeSpec>;

/** The persisted identity of a node (`<root>/sim/node.json`), read by the fake tools. */
export const NodeConfig = t.intersection([
  t.type({
    id: t.string,
    os: OsId,
    hostname: t.string,
    ip: t.string,
    root: t.string,
    clusterDir: t.string,
    deviceNaming: DeviceNaming,
    mesosLayout: MesosLayout,
    /** Where this node's fake tools post their calls (`<server>/tools/<node id>`). */
    toolsUrl: t.string,
    /** The running kernel (`uname -r`). */
    kernel: t.string,
  }),
  t.partial({ instanceId: t.string, scaleioAdminUrl: t.string }),
]);
/** The persisted identity of a node. */
export type NodeConfig = t.TypeOf<typeof NodeConfig>;

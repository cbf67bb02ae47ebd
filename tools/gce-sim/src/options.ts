/**
 * gce-sim's options: the project, its instances, machine types, durations and quotas. Every
 * default below is a documented Compute Engine fact (source beside it).
 */
import * as t from 'io-ts';
import { defaultVolumeTimings, VolumeTimings } from '@scaleio-framework/testkit';

/** Codec of one simulated VM instance. */
export const SimInstanceSpec = t.intersection([
  t.type({
    /** The instance name (`[a-z]([-a-z0-9]{0,61}[a-z0-9])?`), unique in its zone. */
    name: t.string,
    /** e.g. `us-central1-a`. */
    zone: t.string,
    /** e.g. `n2-standard-4` (see {@link defaultMachineTypes}). */
    machineType: t.string,
  }),
  t.partial({
    /** Boot disk size in GB (default 10); the boot disk counts against the attach limit. */
    bootDiskGb: t.number,
    /** Data disks already attached at start (`<name>-data-<i>`, 10 GB pd-standard, unlabelled). */
    dataDisks: t.number,
  }),
]);
/** One simulated VM instance. */
export type SimInstanceSpec = t.TypeOf<typeof SimInstanceSpec>;

/**
 * Codec of the simulated durations (milliseconds of the sim clock; the cloud simulators' one,
 * testkit) until an operation is DONE: `createMs` disks.insert (the disk `CREATING` -> `READY`),
 * `attachMs` instances.attachDisk, `detachMs` instances.detachDisk, `deleteMs` disks.delete
 * (`DELETING` -> gone).
 */
export const Timings = VolumeTimings;
/** Simulated durations. */
export type Timings = VolumeTimings;

/** Codec of the options a JSON config file (CLI `--config`) may hold. */
export const GceSimConfig = t.partial({
  project: t.string,
  instances: t.array(SimInstanceSpec),
  /** Machine type -> `maximumPersistentDisks` (merged over {@link defaultMachineTypes}). */
  machineTypes: t.record(t.string, t.number),
  timings: t.partial(Timings.props),
  /** Regional quota limits in GB by metric (`SSD_TOTAL_GB`, `DISKS_TOTAL_GB`). */
  quotaGb: t.partial({ SSD_TOTAL_GB: t.number, DISKS_TOTAL_GB: t.number }),
  attachmentWebhook: t.string,
});
/** Options a JSON config file may hold. */
export type GceSimConfig = t.TypeOf<typeof GceSimConfig>;

/**
 * `maximumPersistentDisks` per machine type, as `machineTypes.get` reports it. Standard machine
 * types take up to 128 persistent disks, shared-core ones (e2-micro/small/medium, f1-micro,
 * g1-small) 16; the boot disk counts (https://cloud.google.com/compute/docs/disks#pdnumberlimits;
 * a real `machineTypes.get` of e2-highcpu-2 answers `maximumPersistentDisks: 128`; Kubernetes PR
 * kubernetes/kubernetes#80923 "Node Boot Disk counts as 1 attached disk").
 */
export const defaultMachineTypes: Readonly<Record<string, number>> = {
  'e2-micro': 16,
  'e2-small': 16,
  'e2-medium': 16,
  'f1-micro': 16,
  'g1-small': 16,
  'e2-standard-2': 128,
  'e2-standard-4': 128,
  'n1-standard-4': 128,
  'n2-standard-4': 128,
  'n2-standard-8': 128,
  'c2-standard-8': 128,
};

/** Default durations: short for tests, long enough that operations are polled. */
export const defaultTimings: Timings = defaultVolumeTimings;

/**
 * Default regional quotas, generous so that only a test that lowers them hits them
 * (`SSD_TOTAL_GB` counts pd-ssd and pd-balanced, `DISKS_TOTAL_GB` pd-standard:
 * https://cloud.google.com/compute/resource-usage#disk_quota).
 */
export const defaultQuotaGb = { SSD_TOTAL_GB: 1_000_000, DISKS_TOTAL_GB: 1_000_000 } as const;

/**
 * Disk types and their size limits in GB: pd-standard, pd-balanced and pd-ssd are 10 GB to
 * 64 TB (https://cloud.google.com/compute/docs/disks/persistent-disks#disk-types,
 * "Persistent Disk size limits").
 */
export const diskTypes: Readonly<
  Record<string, { minGb: number; maxGb: number; quota: keyof typeof defaultQuotaGb }>
> = {
  'pd-standard': { minGb: 10, maxGb: 65536, quota: 'DISKS_TOTAL_GB' },
  'pd-balanced': { minGb: 10, maxGb: 65536, quota: 'SSD_TOTAL_GB' },
  'pd-ssd': { minGb: 10, maxGb: 65536, quota: 'SSD_TOTAL_GB' },
};

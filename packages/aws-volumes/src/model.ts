/** The library's own view of EBS volumes, instances and instance types (plain values). */
import type { NvmeSupport } from './guest.js';
import type { SdkInstance, SdkInstanceType, SdkVolume } from './shapes.js';

/** What to create. */
export interface EbsVolumeSpec {
  readonly sizeGiB: number;
  /** `gp3` unless told otherwise. */
  readonly volumeType: string;
  readonly iops?: number;
  readonly throughputMiBps?: number;
  /** On by default. */
  readonly encrypted: boolean;
  /** A KMS key id, alias or ARN (needs `encrypted`). */
  readonly kmsKeyId?: string;
}

/** A volume's attachment. */
export interface EbsAttachment {
  readonly instanceId: string;
  readonly device: string;
  /** `attaching` | `attached` | `detaching` | `detached` | `busy`. */
  readonly state: string;
  readonly deleteOnTermination: boolean;
}

/** A volume: what it was created as, and where it is now. */
export interface EbsVolume extends EbsVolumeSpec {
  readonly volumeId: string;
  readonly availabilityZone: string;
  /** `creating` | `available` | `in-use` | `deleting` | `deleted` | `error`. */
  readonly state: string;
  readonly tags: Readonly<Record<string, string>>;
  /** Epoch ms, when EC2 said. */
  readonly createdAtMs?: number;
  readonly attachment?: EbsAttachment;
}

/** An instance's placement and block-device mapping. */
export interface EbsInstance {
  readonly instanceId: string;
  readonly availabilityZone: string;
  readonly instanceType: string;
  readonly state: string;
  /** Device names in the block-device mapping, with their volume. */
  readonly devices: ReadonlyArray<{ readonly name: string; readonly volumeId?: string }>;
}

/** The EBS facts of an instance type. */
export interface EbsInstanceType {
  readonly instanceType: string;
  /** Attachments allowed in total (the root volume counts). */
  readonly maxAttachments: number;
  /** `shared` (ENIs and instance store count too) or `dedicated`. */
  readonly limitType: string;
  readonly nvme: NvmeSupport;
}

const toMs = (d: unknown): number | undefined =>
  d instanceof Date
    ? d.getTime()
    : typeof d === 'string' && !Number.isNaN(Date.parse(d))
      ? Date.parse(d)
      : undefined;

/** The volume of an SDK answer. */
export const toVolume = (v: SdkVolume): EbsVolume => {
  const a = (v.Attachments ?? []).find((x) => x.State !== 'detached');
  const created = toMs(v.CreateTime);
  return {
    volumeId: v.VolumeId,
    availabilityZone: v.AvailabilityZone,
    sizeGiB: v.Size,
    volumeType: v.VolumeType,
    ...(v.Iops === undefined ? {} : { iops: v.Iops }),
    ...(v.Throughput === undefined ? {} : { throughputMiBps: v.Throughput }),
    encrypted: v.Encrypted ?? false,
    ...(v.KmsKeyId === undefined ? {} : { kmsKeyId: v.KmsKeyId }),
    state: v.State,
    tags: Object.fromEntries(
      (v.Tags ?? []).flatMap((x) => (x.Key === undefined ? [] : [[x.Key, x.Value ?? '']])),
    ),
    ...(created === undefined ? {} : { createdAtMs: created }),
    ...(a === undefined
      ? {}
      : {
          attachment: {
            instanceId: a.InstanceId,
            device: a.Device ?? '',
            state: a.State,
            deleteOnTermination: a.DeleteOnTermination ?? false,
          },
        }),
  };
};

/** The instance of an SDK answer. */
export const toInstance = (i: SdkInstance): EbsInstance => ({
  instanceId: i.InstanceId,
  availabilityZone: i.Placement.AvailabilityZone,
  instanceType: i.InstanceType,
  state: i.State?.Name ?? 'unknown',
  devices: (i.BlockDeviceMappings ?? []).map((b) => ({
    name: b.DeviceName,
    ...(b.Ebs?.VolumeId === undefined ? {} : { volumeId: b.Ebs.VolumeId }),
  })),
});

const nvmeOf = (s: string | undefined): NvmeSupport =>
  s === 'required' || s === 'supported' || s === 'unsupported' ? s : 'unknown';

/** The instance type of an SDK answer. */
export const toInstanceType = (t: SdkInstanceType): EbsInstanceType => ({
  instanceType: t.InstanceType,
  maxAttachments: t.EbsInfo.MaximumEbsAttachments,
  limitType: t.EbsInfo.AttachmentLimitType ?? 'shared',
  nvme: nvmeOf(t.EbsInfo.NvmeSupport),
});

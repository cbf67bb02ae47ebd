/** Plain, JSON-safe views of the simulator's state for tests and `GET /sim/volumes`. */
import type { SimState } from './model.js';

/** A volume as tests see it. */
export interface VolumeView {
  readonly volumeId: string;
  readonly availabilityZone: string;
  readonly sizeGiB: number;
  readonly volumeType: string;
  readonly state: string;
  readonly encrypted: boolean;
  readonly kmsKeyId?: string;
  readonly iops?: number;
  readonly throughput?: number;
  readonly tags: Record<string, string>;
  readonly attachment?: {
    readonly instanceId: string;
    readonly device: string;
    readonly state: string;
    readonly deleteOnTermination: boolean;
  };
}

/** Every live volume, root volumes included. */
export const snapshotVolumes = (s: SimState): VolumeView[] =>
  [...s.volumes.values()].map((v) => ({
    volumeId: v.volumeId,
    availabilityZone: v.availabilityZone,
    sizeGiB: v.sizeGiB,
    volumeType: v.volumeType,
    state: v.state,
    encrypted: v.encrypted,
    ...(v.kmsKeyId === undefined ? {} : { kmsKeyId: v.kmsKeyId }),
    ...(v.iops === undefined ? {} : { iops: v.iops }),
    ...(v.throughput === undefined ? {} : { throughput: v.throughput }),
    tags: Object.fromEntries(v.tags),
    ...(v.attachment === undefined
      ? {}
      : {
          attachment: {
            instanceId: v.attachment.instanceId,
            device: v.attachment.device,
            state: v.attachment.state,
            deleteOnTermination: v.attachment.deleteOnTermination,
          },
        }),
  }));

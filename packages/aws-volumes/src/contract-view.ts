/** The capacity contract's view of EBS volumes (pure). */
import {
  IdempotencyKey,
  ownershipTagKeys,
  type NodeId,
  type PositiveInt,
  type ProvisionRequest,
  type Volume,
  type VolumeId,
  type VolumeState,
} from '@scaleio-framework/capacity';
import { guestPaths, type NvmeSupport } from './guest.js';
import type { EbsVolume } from './model.js';

/** True for volumes that are deleted or on their way out: the contract treats them as gone. */
export const gone = (state: string): boolean => state === 'deleting' || state === 'deleted';

/** EC2 volume + attachment state -> the contract's normalised state. */
export const normaliseState = (v: EbsVolume): VolumeState => {
  if (v.state === 'in-use' || v.attachment !== undefined) {
    const a = v.attachment?.state;
    return a === 'attaching' ? 'attaching' : a === 'detaching' ? 'detaching' : 'attached';
  }
  switch (v.state) {
    case 'creating':
    case 'available':
    case 'deleting':
    case 'deleted':
    case 'error':
      return v.state;
    default:
      return 'error';
  }
};

/** The contract's view of an EBS volume. */
export const toContractVolume = (v: EbsVolume, nvme: NvmeSupport = 'unknown'): Volume => {
  const key = v.tags[ownershipTagKeys.key];
  const node = v.tags[ownershipTagKeys.node] ?? v.attachment?.instanceId ?? 'unowned';
  const a = v.attachment;
  return {
    id: v.volumeId as VolumeId,
    node: node as NodeId,
    zone: v.availabilityZone,
    sizeGiB: v.sizeGiB as PositiveInt,
    volumeType: v.volumeType,
    encrypted: v.encrypted,
    state: normaliseState(v),
    tags: { ...v.tags },
    ...(key !== undefined && IdempotencyKey.is(key) ? { key } : {}),
    ...(v.createdAtMs === undefined ? {} : { createdAtMs: v.createdAtMs }),
    ...(a === undefined || a.state !== 'attached'
      ? {}
      : {
          attachment: {
            volume: v.volumeId as VolumeId,
            node: a.instanceId as NodeId,
            deviceName: a.device,
            guestPaths: guestPaths(v.volumeId, a.device, nvme),
          },
        }),
  };
};

/** True when an existing volume was made from the same request (node and spec). */
export const sameRequest = (v: EbsVolume, req: ProvisionRequest): boolean =>
  v.tags[ownershipTagKeys.node] === req.node &&
  v.sizeGiB === req.spec.sizeGiB &&
  v.volumeType === req.spec.volumeType &&
  v.encrypted === req.spec.encrypted &&
  (req.spec.iops === undefined || v.iops === req.spec.iops) &&
  (req.spec.throughputMiBps === undefined || v.throughputMiBps === req.spec.throughputMiBps);

/** EC2 requests as values, built by pure functions (the SDK serialises them). */
import type {
  AttachVolumeCommandInput,
  CreateVolumeCommandInput,
  DeleteVolumeCommandInput,
  DescribeVolumesCommandInput,
  DetachVolumeCommandInput,
  Filter,
  ModifyInstanceAttributeCommandInput,
  VolumeType,
} from '@aws-sdk/client-ec2';
import type { EbsVolumeSpec } from './model.js';

/** CreateVolume in `availabilityZone` with a deterministic client token and tags at creation. */
export const createVolumeRequest = (
  spec: EbsVolumeSpec,
  availabilityZone: string,
  clientToken: string,
  tags: Readonly<Record<string, string>>,
): CreateVolumeCommandInput => ({
  AvailabilityZone: availabilityZone,
  Size: spec.sizeGiB,
  VolumeType: spec.volumeType as VolumeType,
  ...(spec.iops === undefined ? {} : { Iops: spec.iops }),
  ...(spec.throughputMiBps === undefined ? {} : { Throughput: spec.throughputMiBps }),
  Encrypted: spec.encrypted,
  ...(spec.kmsKeyId === undefined ? {} : { KmsKeyId: spec.kmsKeyId }),
  ClientToken: clientToken,
  TagSpecifications: [
    { ResourceType: 'volume', Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) },
  ],
});

/** Filters: `tag:<k>` = v for each entry (AND-ed). */
export const tagFilters = (tags: Readonly<Record<string, string>>): Filter[] =>
  Object.entries(tags).map(([k, v]) => ({ Name: `tag:${k}`, Values: [v] }));

/** One page of DescribeVolumes by filters. */
export const describeVolumesPage = (
  filters: Filter[],
  nextToken: string | undefined,
): DescribeVolumesCommandInput => ({
  Filters: filters,
  MaxResults: 500,
  ...(nextToken === undefined ? {} : { NextToken: nextToken }),
});

/** AttachVolume. */
export const attachRequest = (
  volumeId: string,
  instanceId: string,
  device: string,
): AttachVolumeCommandInput => ({
  VolumeId: volumeId,
  InstanceId: instanceId,
  Device: device,
});

/** DetachVolume; the instance is always named (moto fails without it; multi-attach needs it). */
export const detachRequest = (volumeId: string, instanceId: string): DetachVolumeCommandInput => ({
  VolumeId: volumeId,
  InstanceId: instanceId,
});

/** DeleteVolume. */
export const deleteRequest = (volumeId: string): DeleteVolumeCommandInput => ({
  VolumeId: volumeId,
});

/** ModifyInstanceAttribute setting DeleteOnTermination of one attached device. */
export const deleteOnTerminationRequest = (
  instanceId: string,
  device: string,
  volumeId: string,
  deleteOnTermination: boolean,
): ModifyInstanceAttributeCommandInput => ({
  InstanceId: instanceId,
  BlockDeviceMappings: [
    { DeviceName: device, Ebs: { VolumeId: volumeId, DeleteOnTermination: deleteOnTermination } },
  ],
});

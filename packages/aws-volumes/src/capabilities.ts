/** What EBS allows per volume type (client-ec2 3.1169.0 model docs), and the spec check against it. */
import type {
  Capabilities,
  PositiveInt,
  VolumeSpec,
  VolumeTypeLimits,
} from '@scaleio-framework/capacity';

const n = (x: number): PositiveInt => x as PositiveInt;

/** EBS volume types with their size, IOPS and throughput ranges. */
export const ebsVolumeTypes: readonly VolumeTypeLimits[] = [
  {
    volumeType: 'gp3',
    minSizeGiB: n(1),
    maxSizeGiB: n(65536),
    minIops: n(3000),
    maxIops: n(80000),
    minThroughputMiBps: n(125),
    maxThroughputMiBps: n(2000),
  },
  { volumeType: 'gp2', minSizeGiB: n(1), maxSizeGiB: n(16384) },
  { volumeType: 'io1', minSizeGiB: n(4), maxSizeGiB: n(16384), minIops: n(100), maxIops: n(64000) },
  {
    volumeType: 'io2',
    minSizeGiB: n(4),
    maxSizeGiB: n(65536),
    minIops: n(100),
    maxIops: n(256000),
  },
  { volumeType: 'st1', minSizeGiB: n(125), maxSizeGiB: n(16384) },
  { volumeType: 'sc1', minSizeGiB: n(125), maxSizeGiB: n(16384) },
];

/** The capabilities of the AWS provider. */
export const awsCapabilities: Capabilities = {
  provider: 'aws-ebs',
  volumeTypes: [...ebsVolumeTypes],
  defaultVolumeType: 'gp3',
  // Nitro "shared" limit with one ENI; DescribeInstanceTypes gives the real one per node.
  defaultMaxAttachmentsPerNode: n(27),
  encryption: true,
};

/** Why a spec is not acceptable for EBS, or undefined when it is. */
export const specProblem = (spec: VolumeSpec): string | undefined => {
  const lim = ebsVolumeTypes.find((t) => t.volumeType === spec.volumeType);
  if (lim === undefined) return `unknown EBS volume type '${spec.volumeType}'`;
  if (spec.sizeGiB < lim.minSizeGiB || spec.sizeGiB > lim.maxSizeGiB)
    return `${spec.volumeType} size must be ${lim.minSizeGiB}-${lim.maxSizeGiB} GiB, got ${spec.sizeGiB}`;
  if (spec.iops !== undefined) {
    if (lim.minIops === undefined || lim.maxIops === undefined)
      return `${spec.volumeType} takes no IOPS setting`;
    if (spec.iops < lim.minIops || spec.iops > lim.maxIops)
      return `${spec.volumeType} IOPS must be ${lim.minIops}-${lim.maxIops}, got ${spec.iops}`;
    if (spec.volumeType === 'gp3' && spec.iops > 3000 && spec.iops > spec.sizeGiB * 500)
      return `gp3 allows at most 500 IOPS per GiB`;
  } else if (spec.volumeType === 'io1' || spec.volumeType === 'io2')
    return `${spec.volumeType} needs an IOPS setting`;
  if (spec.throughputMiBps !== undefined) {
    if (lim.minThroughputMiBps === undefined || lim.maxThroughputMiBps === undefined)
      return `${spec.volumeType} takes no throughput setting`;
    if (
      spec.throughputMiBps < lim.minThroughputMiBps ||
      spec.throughputMiBps > lim.maxThroughputMiBps
    )
      return `${spec.volumeType} throughput must be ${lim.minThroughputMiBps}-${lim.maxThroughputMiBps} MiB/s, got ${spec.throughputMiBps}`;
    if (spec.throughputMiBps > (spec.iops ?? 3000) / 4)
      return 'gp3 allows at most 0.25 MiB/s per provisioned IOPS';
  }
  if (spec.kmsKeyId !== undefined && !spec.encrypted) return 'a KMS key needs encrypted: true';
  return undefined;
};

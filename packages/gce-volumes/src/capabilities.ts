/** What the GCE provider declares, and the spec checks made before any call. */
import {
  providerError,
  type Capabilities,
  type PositiveInt,
  type ProviderError,
  type VolumeSpec,
} from '@scaleio-framework/capacity';

const gib = (n: number): PositiveInt => n as PositiveInt;

/**
 * pd-balanced (default), pd-ssd and pd-standard: 10 GB to 64 TB each
 * (https://cloud.google.com/compute/docs/disks/persistent-disks#disk-types; Compute Engine's "GB"
 * for disks is 2^30 bytes, so sizes are GiB). Performance scales with size; none of these types
 * takes provisioned IOPS or throughput. 128 disks per standard machine type
 * (https://cloud.google.com/compute/docs/disks#pdnumberlimits).
 */
export const gceCapabilities: Capabilities = {
  provider: 'gce-pd',
  volumeTypes: ['pd-balanced', 'pd-ssd', 'pd-standard'].map((volumeType) => ({
    volumeType,
    minSizeGiB: gib(10),
    maxSizeGiB: gib(65536),
  })),
  defaultVolumeType: 'pd-balanced',
  defaultMaxAttachmentsPerNode: gib(128),
  encryption: true,
};

/** Why a spec cannot be created, or undefined. */
export const checkSpec = (s: VolumeSpec): ProviderError | undefined => {
  const t = gceCapabilities.volumeTypes.find((v) => v.volumeType === s.volumeType);
  if (t === undefined)
    return providerError.invalidArgument(
      `volume type ${s.volumeType} is not one of ${gceCapabilities.volumeTypes.map((v) => v.volumeType).join(', ')}`,
    );
  if (s.sizeGiB < t.minSizeGiB || s.sizeGiB > t.maxSizeGiB)
    return providerError.invalidArgument(
      `${s.volumeType} takes ${t.minSizeGiB}–${t.maxSizeGiB} GiB, not ${s.sizeGiB}`,
    );
  if (!s.encrypted)
    return providerError.invalidArgument(
      'Compute Engine always encrypts disks; encrypted: false cannot be honoured',
    );
  if (s.iops !== undefined || s.throughputMiBps !== undefined)
    return providerError.invalidArgument(`${s.volumeType} takes no provisioned IOPS or throughput`);
  if (
    s.kmsKeyId !== undefined &&
    !/^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/.test(s.kmsKeyId)
  )
    return providerError.invalidArgument(
      'kmsKeyId must be projects/…/locations/…/keyRings/…/cryptoKeys/…',
    );
  return undefined;
};

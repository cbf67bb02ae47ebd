/** Volumes: create, map, unmap, resize, remove. */
import { SdcId, VolumeId, type ProtectionDomainId, type StoragePoolId } from '../ids.js';
import { action, actionPath, post, rejected, typePath, type Operation } from '../request.js';
import { createOperation, wireBool } from './create.js';

/** Allocation granularity: 8 GiB in KiB. */
export const GRANULARITY_KB = 8 * 1024 * 1024;

/** Rounds a size in KiB up to the 8 GiB allocation granularity (the gateway does the same). */
export const roundUpToGranularityKb = (kb: number): number =>
  Math.ceil(kb / GRANULARITY_KB) * GRANULARITY_KB;

/** Longest volume name the MDM accepts. */
export const MAX_VOLUME_NAME = 31;

/** Parameters of a new volume. */
export interface VolumeParams {
  /** Name, unique in the system, at most 31 characters. */
  readonly name: string;
  /** Pool to allocate from. */
  readonly storagePoolId: StoragePoolId;
  /** Size in KiB, rounded up to 8 GiB. */
  readonly sizeInKb: number;
  /** Thin (default) or thick provisioning. */
  readonly volumeType?: 'ThinProvisioned' | 'ThickProvisioned';
  /** Optional; the pool id is enough. */
  readonly protectionDomainId?: ProtectionDomainId;
}

/** Creates a volume. The size sent is already rounded up to 8 GiB. */
export const createVolume = (p: VolumeParams): Operation<VolumeId> => {
  const size = roundUpToGranularityKb(p.sizeInKb);
  const req = post(typePath('Volume'), {
    name: p.name,
    storagePoolId: p.storagePoolId,
    volumeSizeInKb: String(size),
    volumeType: p.volumeType ?? 'ThinProvisioned',
    ...(p.protectionDomainId === undefined ? {} : { protectionDomainId: p.protectionDomainId }),
  });
  if (p.name.length === 0 || p.name.length > MAX_VOLUME_NAME)
    return rejected(req, `volume name must be 1-${MAX_VOLUME_NAME} characters`);
  if (!(Number.isFinite(p.sizeInKb) && p.sizeInKb > 0))
    return rejected(req, 'volume size must be positive');
  return createOperation(req, VolumeId, 'Volume');
};

/** Maps a volume to one SDC. Set `allowMultipleMappings` to share a volume between SDCs. */
export const mapVolume = (
  volumeId: VolumeId,
  sdcId: SdcId,
  opts: { readonly allowMultipleMappings?: boolean } = {},
): Operation<void> =>
  action(
    post(actionPath('Volume', volumeId, 'addMappedSdc'), {
      sdcId,
      allowMultipleMappings: wireBool(opts.allowMultipleMappings ?? false),
    }),
  );

/** Unmaps a volume from one SDC, or from all SDCs with `'all'`. */
export const unmapVolume = (volumeId: VolumeId, from: SdcId | 'all'): Operation<void> =>
  action(
    post(
      actionPath('Volume', volumeId, 'removeMappedSdc'),
      from === 'all' ? { allSdcs: '' } : { sdcId: from },
    ),
  );

/** Grows a volume to `sizeInGb` (rounded up to a multiple of 8). Shrinking fails on the gateway (133). */
export const resizeVolume = (volumeId: VolumeId, sizeInGb: number): Operation<void> => {
  const gb = Math.ceil(sizeInGb / 8) * 8;
  const req = post(actionPath('Volume', volumeId, 'setVolumeSize'), { sizeInGB: String(gb) });
  return Number.isFinite(sizeInGb) && sizeInGb > 0
    ? action(req)
    : rejected(req, 'volume size must be positive');
};

/** How much of a VTree `removeVolume` removes. */
export type RemoveMode = 'ONLY_ME' | 'INCLUDING_DESCENDANTS' | 'DESCENDANTS_ONLY' | 'WHOLE_VTREE';

/** Removes a volume (it must be unmapped first, else `Mapped`). */
export const removeVolume = (
  volumeId: VolumeId,
  removeMode: RemoveMode = 'ONLY_ME',
): Operation<void> => action(post(actionPath('Volume', volumeId, 'removeVolume'), { removeMode }));

/**
 * Pure naming rules of the GCE provider: deterministic disk names and request ids from the
 * idempotency key, ownership labels, the volume id format, and the in-guest stable paths.
 */
import { createHash } from 'node:crypto';
import {
  ownershipTagKeys,
  type IdempotencyKey,
  type Tags,
  type VolumeId,
} from '@scaleio-framework/capacity';

/**
 * The disk name for a key. Resource names are RFC 1035 labels (`[a-z]([-a-z0-9]{0,61}[a-z0-9])?`,
 * https://cloud.google.com/compute/docs/naming-resources#resource-name-format); a key already is
 * one when it starts with a letter (`sio-…` keys do), otherwise `d` is put in front.
 */
export const diskNameOf = (key: IdempotencyKey): string => {
  const name = /^[a-z]/.test(key) ? key : `d${key}`;
  return name.slice(0, 63).replace(/-+$/, '');
};

/**
 * A deterministic `requestId` (a UUID, the zero UUID excluded: the `requestId` query parameter of
 * every mutating method, https://cloud.google.com/compute/docs/reference/rest/v1/disks/insert):
 * the API answers a repeated id with the first request's operation and does nothing again, so a
 * replayed call after a crash never duplicates. `parts` name the intent (method, resource, the
 * state it started from).
 */
export const requestIdOf = (...parts: readonly string[]): string => {
  const h = createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  // Version-4/variant-1 layout so that strict UUID parsers accept it.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** Label keys and values (https://cloud.google.com/compute/docs/labeling-resources#requirements). */
const LABEL_KEY = /^[a-z][a-z0-9_-]{0,62}$/;
const LABEL_VALUE = /^[a-z0-9_-]{0,63}$/;

/**
 * The labels of a disk: the ownership tags (always label-safe: the contract's id grammar), and
 * those caller tags that are valid labels. Every caller tag also travels in the description
 * ({@link descriptionOf}), so none is lost.
 */
export const labelsOf = (tags: Tags): Record<string, string> =>
  Object.fromEntries(
    Object.entries(tags).filter(([k, v]) => LABEL_KEY.test(k) && LABEL_VALUE.test(v)),
  );

const DESCRIPTION_PREFIX = 'scaleio-framework tags: ';

/** The disk description that carries every caller tag (JSON). */
export const descriptionOf = (tags: Tags): string => `${DESCRIPTION_PREFIX}${JSON.stringify(tags)}`;

/** The tags of a disk: caller tags from its description, labels over them. */
export const tagsOf = (description: string | null | undefined, labels: Tags): Tags => {
  let fromDescription: Tags = {};
  if (description?.startsWith(DESCRIPTION_PREFIX) === true) {
    try {
      const parsed: unknown = JSON.parse(description.slice(DESCRIPTION_PREFIX.length));
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
        fromDescription = Object.fromEntries(
          Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'),
        );
    } catch {
      fromDescription = {};
    }
  }
  return { ...fromDescription, ...labels };
};

/** The list filter that selects this cluster's disks (and one key's, when given). */
export const ownedFilter = (cluster: string, key?: string): string =>
  [
    `labels.${ownershipTagKeys.cluster} = "${cluster}"`,
    ...(key === undefined ? [] : [`labels.${ownershipTagKeys.key} = "${key}"`]),
  ].join(' AND ');

/** A volume id is the disk's zonal partial path: `zones/<zone>/disks/<name>`. */
export const volumeIdOf = (zone: string, name: string): VolumeId =>
  `zones/${zone}/disks/${name}` as VolumeId;

/** The zone and name of a volume id; undefined when it is not one of ours. */
export const parseVolumeId = (id: string): { zone: string; name: string } | undefined => {
  const m = /^zones\/([a-z0-9-]+)\/disks\/([a-z0-9-]+)$/.exec(id);
  return m?.[1] === undefined || m[2] === undefined ? undefined : { zone: m[1], name: m[2] };
};

/** The last path segment of a URL or partial path (`…/zones/us-central1-a` -> `us-central1-a`). */
export const lastSegment = (link: string | null | undefined): string =>
  (link ?? '').split('/').at(-1) ?? '';

/**
 * Where the guest sees a disk attached with `deviceName`, best first: the udev links Compute
 * Engine's guest environment creates, `/dev/disk/by-id/google-<device name>` and
 * `/dev/disk/by-id/scsi-0Google_PersistentDisk_<device name>`
 * (https://cloud.google.com/compute/docs/disks/disk-symlinks). Never `/dev/sdX`, whose order is
 * not stable across attaches and reboots.
 */
export const guestPathsOf = (deviceName: string): string[] => [
  `/dev/disk/by-id/google-${deviceName}`,
  `/dev/disk/by-id/scsi-0Google_PersistentDisk_${deviceName}`,
];

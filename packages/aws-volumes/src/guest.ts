/**
 * How an attached EBS volume appears inside the guest, as pure functions. On Nitro the disk is an
 * NVMe namespace whose serial number is the volume id without its dash (`vol0123…`), and udev
 * links it as `/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_vol0123…`; the NVMe enumeration
 * order (`/dev/nvme1n1`) is not stable, so it is never used. On Xen the requested `/dev/sdX` shows
 * up as `/dev/xvdX`.
 */

/** The NVMe serial of a volume: its id without the dash (`vol-0abc` -> `vol0abc`). */
export const nvmeSerial = (volumeId: string): string => volumeId.replace('-', '');

/** The stable udev path of the volume on a Nitro instance. */
export const nvmeByIdPath = (volumeId: string): string =>
  `/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_${nvmeSerial(volumeId)}`;

/** The Xen rename: `/dev/sdf` -> `/dev/xvdf`; other names unchanged. */
export const xenDeviceName = (device: string): string => device.replace(/^\/dev\/sd/, '/dev/xvd');

/**
 * True when a `/sys/block/nvme*n1/device/serial` content (space-padded) names this volume; both
 * `vol0abc` and `vol-0abc` spellings are accepted.
 */
export const serialMatches = (serialFileContent: string, volumeId: string): boolean => {
  const s = serialFileContent.trim();
  return s === nvmeSerial(volumeId) || s === volumeId;
};

/** Whether the instance type exposes EBS as NVMe (from DescribeInstanceTypes `nvmeSupport`). */
export type NvmeSupport = 'required' | 'supported' | 'unsupported' | 'unknown';

/**
 * Paths to look for in the guest, best first: the NVMe by-id link (unless the type has no NVMe),
 * then the Xen name, then the requested name (older kernels keep `sd*`).
 */
export const guestPaths = (volumeId: string, device: string, nvme: NvmeSupport): string[] => {
  const xen = xenDeviceName(device);
  const legacy = nvme === 'unsupported' ? [xen, device] : [nvmeByIdPath(volumeId), xen, device];
  return [...new Set(legacy)];
};

import { inventoryDisks, type Host } from '@scaleio-framework/installers';
import type { ResolveDeviceSpec } from '@scaleio-framework/orchestrator';

/** The outcome of a device-resolution probe. */
export type ResolveOutcome =
  { readonly ok: true; readonly path: string } | { readonly ok: false; readonly error: string };

/**
 * The NVMe serial EC2 gives an EBS volume on Nitro instances: its id without the dash
 * (`vol-0651a78c608e09c6a` -> `vol0651a78c608e09c6a`; the AWS EC2 user guide, "Amazon EBS and
 * NVMe", and the udev rule `nvme-$attr{model}_$attr{serial}` of amazon-ec2-utils that makes
 * `/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_vol…`).
 */
export const nvmeSerialOf = (volumeId: string): string => volumeId.replace('-', '');

/** The controller serial of an NVMe namespace (`/sys/block/nvme1n1/device/serial`, space-padded). */
const serialOf = async (host: Host, path: string): Promise<string | undefined> => {
  const name = /^\/dev\/(nvme\d+n\d+)$/.exec(path)?.[1];
  if (name === undefined) return undefined;
  const s = await host.readFile(`/sys/block/${name}/device/serial`);
  return s._tag === 'Right' ? s.right?.trim() : undefined;
};

/**
 * The device a `/dev/disk/by-id/…` link names (coreutils `readlink -e`), or undefined when the link
 * is not there (yet). On Compute Engine the guest environment's udev rules make
 * `/dev/disk/by-id/google-<device name>` for every attached disk
 * (https://cloud.google.com/compute/docs/disks/disk-symlinks).
 */
const linkTarget = async (host: Host, link: string): Promise<string | undefined> => {
  const r = await host.run({ argv: ['readlink', '-e', link] });
  if (r._tag === 'Left' || r.right.exitCode !== 0) return undefined;
  const target = r.right.stdout.trim();
  return target.startsWith('/dev/') ? target : undefined;
};

/**
 * Finds the in-guest block device of a newly attached volume by its identity, never by its size
 * alone: on Nitro the NVMe namespace whose controller serial is the volume id; on Compute Engine
 * the device its `/dev/disk/by-id/google-<device name>` link names; on Xen the device
 * the attachment was requested as (`/dev/sdf` -> `/dev/xvdf`, given among `guestPaths`). The disk
 * found must then be free (not mounted, partitioned or formatted) and of the volume's size; a
 * volume not visible yet, or visible but not usable, is an error naming why.
 */
export async function resolveDevice(host: Host, spec: ResolveDeviceSpec): Promise<ResolveOutcome> {
  const inv = await inventoryDisks(host);
  if (inv._tag === 'Left') return { ok: false, error: `device inventory: ${inv.left._tag}` };
  const size = spec.sizeGiB * 2 ** 30;
  const { offered, rejected } = inv.right;
  const check = (path: string, how: string): ResolveOutcome => {
    const free = offered.find((f) => f.path === path);
    if (free === undefined) {
      const why = rejected.find((r) => r.path === path)?.reason ?? 'not listed by lsblk';
      return { ok: false, error: `${path} (${how}) is not an empty disk: ${why}` };
    }
    return free.sizeBytes === size
      ? { ok: true, path }
      : {
          ok: false,
          error: `${path} (${how}) has ${free.sizeBytes} bytes, expected ${size} for ${spec.sizeGiB} GiB`,
        };
  };
  const serials = [nvmeSerialOf(spec.volumeId), spec.volumeId];
  for (const path of [...offered.map((d) => d.path), ...rejected.map((d) => d.path)]) {
    const serial = await serialOf(host, path);
    if (serial !== undefined && serials.includes(serial))
      return check(path, `NVMe serial ${serial}`);
  }
  const listed = new Set([...offered, ...rejected].map((d) => d.path));
  for (const link of spec.guestPaths.filter((x) => x.startsWith('/dev/disk/by-id/google-'))) {
    const target = await linkTarget(host, link);
    if (target !== undefined && listed.has(target)) return check(target, link);
  }
  for (const p of spec.guestPaths.filter((x) => !x.startsWith('/dev/disk/by-id/')))
    if (listed.has(p)) return check(p, `the attachment's device name`);
  return { ok: false, error: `volume ${spec.volumeId} is not visible on this node yet` };
}

import { inventoryDisks, type Host } from '@scaleio-framework/installers';
import type { ResolveDeviceSpec } from '@scaleio-framework/orchestrator';

/** The outcome of a device-resolution probe. */
export type ResolveOutcome =
  { readonly ok: true; readonly path: string } | { readonly ok: false; readonly error: string };

/**
 * Finds the in-guest block device of a newly attached volume: a candidate path that the disk
 * inventory offers as free (not mounted, not partitioned, no filesystem) with the volume's size.
 * When only the NVMe by-id link exists (its target is not in the candidates), the one free disk
 * of exactly that size is taken — and two such disks are an error, never a guess.
 */
export async function resolveDevice(host: Host, spec: ResolveDeviceSpec): Promise<ResolveOutcome> {
  const inv = await inventoryDisks(host);
  if (inv._tag === 'Left') return { ok: false, error: `device inventory: ${inv.left._tag}` };
  const size = spec.sizeGiB * 2 ** 30;
  const free = inv.right.offered;
  for (const p of spec.guestPaths) {
    const d = free.find((f) => f.path === p);
    if (d)
      return d.sizeBytes === size
        ? { ok: true, path: d.path }
        : { ok: false, error: `${p} has ${d.sizeBytes} bytes, expected ${size}` };
    const taken = inv.right.rejected.find((r) => r.path === p);
    if (taken) return { ok: false, error: `${p} is not an empty disk: ${taken.reason}` };
  }
  let linked = false;
  for (const p of spec.guestPaths.filter((x) => x.startsWith('/dev/disk/by-id/'))) {
    const e = await host.exists(p);
    if (e._tag === 'Right' && e.right) linked = true;
  }
  if (!linked)
    return { ok: false, error: `volume ${spec.volumeId} is not visible on this node yet` };
  const same = free.filter((f) => f.sizeBytes === size);
  if (same.length === 1 && same[0]) return { ok: true, path: same[0].path };
  return {
    ok: false,
    error: `volume ${spec.volumeId}: ${same.length} free disks of ${spec.sizeGiB} GiB, cannot tell which is new`,
  };
}

/**
 * The device inventory a node reports (e.g. in `TaskStatus.data`): the disks that may be given
 * to an SDS, and why every other device was left out.
 */
import * as t from 'io-ts';
import { isLeft, right, type Either } from 'fp-ts/lib/Either.js';
import { selectFreeDisks, type DiskSelection } from './devices.js';
import type { HostError } from './errors.js';
import type { Host } from './host.js';

/** Device policy as serializable data (codec of `DevicePolicy`). */
export const DevicePolicyCodec = t.partial({
  allow: t.array(t.string),
  deny: t.array(t.string),
  minSizeBytes: t.number,
});

/** Reads lsblk and blkid on the host and selects the free disks. */
export const inventoryDisks = async (
  host: Host,
  policy: t.TypeOf<typeof DevicePolicyCodec> = {},
): Promise<Either<HostError, DiskSelection>> => {
  const inv = await host.blockDevices();
  return isLeft(inv) ? inv : right(selectFreeDisks(inv.right, policy));
};

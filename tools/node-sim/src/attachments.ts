/**
 * EBS attachments from ec2-sim become block devices on the node whose instance id matches:
 * Xen naming turns `/dev/sdf` into `xvdf`; Nitro naming takes the next free `nvmeNn1` with the
 * volume id as serial (and a `/dev/disk/by-id` link). Applying the same event twice changes nothing.
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { DeviceSpec, NodeConfig } from './spec.js';

/** An attachment event, as ec2-sim's `onAttachment` hook and webhook deliver it. */
export const AttachmentEvent = t.type({
  instanceId: t.string,
  volumeId: t.string,
  device: t.string,
  sizeGiB: t.number,
  state: t.keyof({ attached: null, detached: null }),
});
/** An attachment event. */
export type AttachmentEvent = t.TypeOf<typeof AttachmentEvent>;

/** The guest kernel name for an attachment on a node. */
export const guestName = (
  naming: NodeConfig['deviceNaming'],
  device: string,
  existing: readonly DeviceSpec[],
): string => {
  if (naming === 'xen') return device.replace(/^\/dev\//, '').replace(/^sd/, 'xvd');
  if (naming === 'gce') {
    // SCSI disks take the next free sdX in attach order (sda is the boot disk).
    const free = [...'bcdefghijklmnopqrstuvwxyz'].find(
      (c) => !existing.some((d) => d.name === `sd${c}`),
    );
    return `sd${free ?? 'zz'}`;
  }
  let n = 0;
  while (existing.some((d) => d.name === `nvme${n}n1`)) n++;
  return `nvme${n}n1`;
};

/**
 * The device list after an event (pure). `changed` is false when the event was already applied
 * (or detaches a volume that is not there). A device name already taken by another volume is an error.
 */
export const applyAttachment = (
  naming: NodeConfig['deviceNaming'],
  devices: readonly DeviceSpec[],
  e: AttachmentEvent,
): E.Either<string, { devices: DeviceSpec[]; changed: boolean }> => {
  const current = devices.find((d) => d.attachment?.volumeId === e.volumeId);
  if (e.state === 'detached') {
    return current === undefined
      ? E.right({ devices: [...devices], changed: false })
      : E.right({ devices: devices.filter((d) => d !== current), changed: true });
  }
  if (current !== undefined) return E.right({ devices: [...devices], changed: false });
  const name = guestName(naming, e.device, devices);
  if (devices.some((d) => d.name === name))
    return E.left(`device ${name} is already present on the node`);
  const added: DeviceSpec = {
    name,
    sizeBytes: Math.round(e.sizeGiB * 1024 ** 3),
    type: 'disk',
    attachment: { volumeId: e.volumeId, device: e.device },
    ...(naming === 'nvme' ? { serial: e.volumeId.replace('-', '') } : {}),
  };
  return E.right({ devices: [...devices, added], changed: true });
};

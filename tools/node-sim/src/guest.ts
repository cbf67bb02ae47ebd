/**
 * The guest's hold on its EBS devices: the ScaleIO SDS on a node uses a block device from the
 * moment it is added to the SDS until ScaleIO has migrated its data away and dropped it. While it
 * does, the instance's OS keeps the device busy and a detach stays `detaching` (ec2-sim
 * `guest.ts`, after the DetachVolume API reference). node-sim maps scaleio-sim's device-use events
 * (node IP + device path) to the attached volume and tells ec2-sim.
 */
import type { DeviceSpec } from './spec.js';

/** A device an SDS starts or stops using (scaleio-sim's `onDeviceUse`). */
export interface DeviceUse {
  readonly ip: string;
  readonly path: string;
  readonly inUse: boolean;
}

/** Where device-use events come from (scaleio-sim's in-process handle). */
export interface DeviceUseSource {
  onDeviceUse(fn: (u: DeviceUse) => void): () => void;
}

/** Where the guest's holds go (ec2-sim's in-process handle). */
export interface GuestHoldSink {
  setGuestHold(volumeId: string, held: boolean): void;
}

/**
 * The attached volume behind a device path of the node: `/dev/<name>`, or a `/dev/disk/by-id/`
 * link that names the device's serial (the NVMe path of an EBS volume carries the volume id).
 */
export const volumeOfPath = (devices: readonly DeviceSpec[], path: string): string | undefined =>
  devices.find(
    (d) =>
      d.attachment !== undefined &&
      (path === `/dev/${d.name}` ||
        (d.serial !== undefined && path.startsWith('/dev/disk/by-id/') && path.endsWith(d.serial))),
  )?.attachment?.volumeId;

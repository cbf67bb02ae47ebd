/**
 * The guest's hold on an attached volume: a device the instance's OS still uses (mounted, or held
 * by a process such as the ScaleIO SDS) does not detach. The DetachVolume API reference: "Make
 * sure to unmount any file systems on the device within your operating system before detaching
 * the volume. Failure to do so can result in the volume becoming stuck in the `busy` state while
 * detaching. If this happens, detachment can be delayed indefinitely until you unmount the volume,
 * force detachment, reboot the instance, or all three."
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DetachVolume.html; also
 * reference/aws-autoscale.md §2.7). DescribeVolumes keeps showing the attachment as `detaching`
 * ("volume stuck in the detaching state", AWS re:Post knowledge center "ebs-stuck-attaching-
 * detaching"). `Force=true` detaches regardless ("can lead to data loss").
 *
 * So: while the guest holds a volume, its `detaching` attachment does not progress; once released
 * the detach takes `detachMs` from then. The guest (node-sim) reports its holds.
 */
import type { SimState } from './model.js';

interface GuestState {
  /** Volumes the guest uses now. */
  readonly held: Set<string>;
  /** Volumes whose detach was forced (the hold is ignored). */
  readonly forced: Set<string>;
}

const guests = new WeakMap<SimState, GuestState>();

const guestOf = (s: SimState): GuestState => {
  let g = guests.get(s);
  if (g === undefined) {
    g = { held: new Set(), forced: new Set() };
    guests.set(s, g);
  }
  return g;
};

/** The guest starts (`true`) or stops using the volume's device. */
export const setGuestHold = (s: SimState, volumeId: string, held: boolean): void => {
  const g = guestOf(s);
  if (held) g.held.add(volumeId);
  else g.held.delete(volumeId);
};

/** Whether the guest uses the volume's device now. */
export const isGuestHeld = (s: SimState, volumeId: string): boolean =>
  guestOf(s).held.has(volumeId);

/** A DetachVolume with `Force=true`: the guest's hold no longer delays it. */
export const forceDetach = (s: SimState, volumeId: string): void => {
  guestOf(s).forced.add(volumeId);
};

/**
 * Before transitions are applied: every `detaching` attachment of a volume the guest holds (and
 * whose detach was not forced) stays `detaching` — its end moves to `detachMs` from now.
 */
export const holdBusyDetaches = (s: SimState, now: number): void => {
  const g = guestOf(s);
  for (const v of s.volumes.values()) {
    const a = v.attachment;
    if (a?.state !== 'detaching') {
      g.forced.delete(v.volumeId);
      continue;
    }
    if (g.held.has(v.volumeId) && !g.forced.has(v.volumeId))
      a.until = Math.max(a.until, now + s.timings.detachMs);
  }
};

/**
 * Device names for AttachVolume, chosen from EC2's view of the instance (its block-device
 * mapping), never from the guest's `/dev` (that broke on Nitro in amazon-ebs-autoscale). A name
 * used recently on the instance is not handed out again: reusing one can leave an attachment
 * `attaching` forever.
 */

const letters = 'abcdefghijklmnopqrstuvwxyz';

/**
 * The default candidates, best first: `/dev/sd[f-z]` (the documented EBS range first), then
 * `/dev/xvdb[a-z]`, `/dev/xvdc[a-z]` and `/dev/xvdd[a-x]` (97 names, more than any limit up to
 * 96 data volumes).
 */
export const defaultDeviceNames: readonly string[] = [
  ...[...letters.slice(5)].map((l) => `/dev/sd${l}`),
  ...[...letters].map((l) => `/dev/xvdb${l}`),
  ...[...letters].map((l) => `/dev/xvdc${l}`),
  ...[...letters.slice(0, 24)].map((l) => `/dev/xvdd${l}`),
];

/** The slot a name occupies: `/dev/sdf` and `/dev/xvdf` are one slot; `/dev/sda1` is slot `a`. */
export const deviceSlot = (name: string): string =>
  name.replace(/^\/dev\/(?:sd|xvd)/, '').replace(/\d+$/, '');

/** When each device name of one instance was last used or found taken (epoch ms). */
export type RecentNames = ReadonlyMap<string, number>;

/**
 * The first candidate whose slot is neither in the instance's mapping (`inUse`) nor used within
 * the last `quarantineMs`; undefined when none is left.
 */
export const pickDeviceName = (
  candidates: readonly string[],
  inUse: Iterable<string>,
  recent: RecentNames,
  now: number,
  quarantineMs: number,
): string | undefined => {
  const busy = new Set([...inUse].map(deviceSlot));
  for (const [name, at] of recent) if (now - at < quarantineMs) busy.add(deviceSlot(name));
  return candidates.find((c) => !busy.has(deviceSlot(c)));
};

/** `recent` with `name` marked as used at `now`, dropping entries older than `quarantineMs`. */
export const markRecent = (
  recent: RecentNames,
  name: string,
  now: number,
  quarantineMs: number,
): Map<string, number> => {
  const out = new Map([...recent].filter(([, at]) => now - at < quarantineMs));
  out.set(name, now);
  return out;
};

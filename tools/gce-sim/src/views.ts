/** Plain snapshots of the simulated project for tests (never shared with the live state). */
import type { SimState } from './model.js';

/** A disk as tests read it. */
export interface DiskView {
  /** `zones/<zone>/disks/<name>`: the id the GCE provider uses for it. */
  readonly id: string;
  readonly name: string;
  readonly zone: string;
  readonly sizeGb: number;
  readonly type: string;
  readonly status: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly description?: string;
  /** Names of the instances it is attached to. */
  readonly users: readonly string[];
  /** The device name it has on its instance (when attached). */
  readonly deviceName?: string;
  /** The instance an attachDisk operation under way attaches it to. */
  readonly attaching?: string;
}

/** Every disk, boot disks included. */
export const snapshotDisks = (s: SimState): DiskView[] =>
  [...s.disks.values()].map((d) => {
    const users = d.users.map((u) => u.split('/').at(-1) ?? u);
    const inst = users[0] === undefined ? undefined : s.instances.get(`${d.zone}/${users[0]}`);
    const att = inst?.disks.find((a) => a.source.endsWith(`/zones/${d.zone}/disks/${d.name}`));
    return {
      id: `zones/${d.zone}/disks/${d.name}`,
      name: d.name,
      zone: d.zone,
      sizeGb: d.sizeGb,
      type: d.type,
      status: d.status,
      labels: { ...d.labels },
      ...(d.description === undefined ? {} : { description: d.description }),
      users,
      ...(att === undefined ? {} : { deviceName: att.deviceName }),
      ...(d.attachingTo === undefined ? {} : { attaching: d.attachingTo }),
    };
  });

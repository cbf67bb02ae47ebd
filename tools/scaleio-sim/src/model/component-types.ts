/**
 * The types of the component book (versions and services per host, maintenance, health history,
 * ownership changes); its rules are in ./components.ts.
 */

/** The ScaleIO components a host reports. */
export type ComponentName = 'mdm' | 'sds' | 'sdc' | 'lia';

/** One component on one host: its package version and whether its service runs. */
export interface ComponentFacts {
  /** The package version as installed (`2.0-10000.2072`), or null when unknown. */
  version: string | null;
  running: boolean;
}

/** One health sample, appended on every change of a component, ownership or maintenance. */
export interface HealthSample {
  atMs: number;
  /** What changed: `mdm stopped`, `sds started`, `ownership switched`, `maintenance entered`… */
  event: string;
  /** The host the change happened on, when it was one host's. */
  ip: string | null;
  /** `ClusteredNormal`, `ClusteredDegraded`, `NotClustered`; null before the cluster exists. */
  clusterState: string | null;
  /** The master MDM's first IP; null before the cluster exists. */
  masterIp: string | null;
  /** Degraded capacity (KiB) summed over every pool: data with one copy left. */
  degradedKb: number;
}

/** A change of MDM ownership. */
export interface OwnershipChange {
  atMs: number;
  fromIp: string;
  toIp: string;
  reason: 'switch' | 'failover';
}

/** The component book of the whole system. */
export interface ComponentBook {
  readonly byIp: Map<string, Partial<Record<ComponentName, ComponentFacts>>>;
  /** SDS ids in maintenance mode. */
  readonly maintenance: Set<string>;
  readonly history: HealthSample[];
  readonly ownership: OwnershipChange[];
}

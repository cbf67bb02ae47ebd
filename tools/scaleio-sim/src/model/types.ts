/**
 * The simulator's internal model: plain records held in maps, mutated only by the model functions.
 */
import type { Clock, RandomHex } from '../clock.js';
import type { IdGen } from '../ids.js';
import type { ComponentBook } from './component-types.js';

/** Roles an MDM can have. */
export type MdmRole = 'Manager' | 'TieBreaker';

/** One MDM process. */
export interface MdmNode {
  id: string;
  name: string;
  ips: string[];
  managementIps: string[];
  role: MdmRole;
}

/** The MDM cluster: a primary ("master"), secondaries ("slaves"), tiebreakers and standbys. */
export interface MdmCluster {
  /** Decimal string, as the real cluster id is. */
  id: string;
  mode: 'OneNode' | 'ThreeNodes' | 'FiveNodes';
  master: MdmNode;
  slaves: MdmNode[];
  tieBreakers: MdmNode[];
  standbys: MdmNode[];
}

/** Facts about one host, fed by node-sim: its SDS service and its block devices. */
export interface NodeFacts {
  ip: string;
  hostname: string | null;
  sdsService: 'running' | 'stopped';
  devices: { path: string; sizeBytes: number }[];
}

/** A protection domain. */
export interface Pd {
  id: string;
  name: string | null;
  state: 'Active' | 'Inactive';
}

/** A storage pool and the user data written to it. */
export interface Pool {
  id: string;
  name: string | null;
  pdId: string;
  sparePercentage: number;
  zeroPaddingEnabled: boolean;
  useRmcache: boolean;
  useRfcache: boolean;
  rebuildEnabled: boolean;
  rebalanceEnabled: boolean;
  capacityAlertHighThreshold: number;
  capacityAlertCriticalThreshold: number;
  /** Net user data written into the pool's thin volumes, in KiB (one copy). */
  writtenKb: number;
}

/** A fault set. */
export interface FaultSet {
  id: string;
  name: string | null;
  pdId: string;
}

/** An SDS IP and its role. */
export interface SdsIp {
  ip: string;
  role: 'all' | 'sdsOnly' | 'sdcOnly';
}

/** An SDS. */
export interface Sds {
  id: string;
  name: string;
  pdId: string;
  faultSetId: string | null;
  ipList: SdsIp[];
  port: number;
}

/** A device of an SDS in a pool. */
export interface Device {
  id: string;
  name: string | null;
  sdsId: string;
  poolId: string;
  path: string;
  maxKb: number;
  limitKb: number;
}

/** One SDC mapping of a volume. */
export interface Mapping {
  sdcId: string;
  limitIops: number;
  limitBwInMbps: number;
}

/** A volume (each has its own VTree). */
export interface Volume {
  id: string;
  name: string | null;
  poolId: string;
  sizeKb: number;
  type: 'ThinProvisioned' | 'ThickProvisioned';
  vtreeId: string;
  creationTimeS: number;
  mappings: Mapping[];
  useRmcache: boolean;
}

/** An SDC that registered itself. */
export interface Sdc {
  id: string;
  guid: string;
  ip: string;
  name: string | null;
}

/** Simulated writes at a constant rate on the injected clock. */
export interface Writer {
  poolId: string;
  bytesPerSecond: number;
  lastMs: number;
  carryBytes: number;
}

/** The whole simulated system. */
export interface Model {
  readonly clock: Clock;
  readonly random: RandomHex;
  readonly ids: IdGen;
  readonly system: { id: string; installId: string; name: string | null; createdMs: number };
  mdm: MdmCluster | null;
  readonly nodes: Map<string, NodeFacts>;
  readonly pds: Map<string, Pd>;
  readonly pools: Map<string, Pool>;
  readonly faultSets: Map<string, FaultSet>;
  readonly sdss: Map<string, Sds>;
  readonly devices: Map<string, Device>;
  readonly volumes: Map<string, Volume>;
  readonly sdcs: Map<string, Sdc>;
  readonly writers: Writer[];
  /** Versions and services of each host's ScaleIO components, maintenance, health history. */
  readonly components: ComponentBook;
  /** Bumped by every successful change through the REST API (`lastXxxVersion`, `sessionTag`). */
  generation: number;
}

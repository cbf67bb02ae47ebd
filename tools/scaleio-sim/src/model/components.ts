/**
 * What each host runs of ScaleIO and at which version — MDM, SDS, SDC and LIA, fed by node-sim's
 * package and service effects — and what follows from it the way the real system behaves:
 *
 * - the versions the gateway reports per object (`versionInfo` of each MDM, `softwareVersionInfo`
 *   of an SDS, `installedSoftwareVersionInfo` of an SDC: reference scaleio-api.md §3.8 and §4, the
 *   2.6 captures of fixtures/netdata-go.d.plugin/client-dev);
 * - an MDM that stops is `Disconnected` and the cluster `ClusteredDegraded` until it is back
 *   (fixtures/netdata-go.d.plugin/client-dev/system.json: a slave `status:"Disconnected"` with
 *   `clusterState:"ClusteredDegraded"`, `goodNodesNum:2`);
 * - the master MDM stopping hands ownership to a running secondary (a failover, not a switch);
 * - `scli --switch_mdm_ownership` moves ownership to a running secondary only;
 * - SDS maintenance mode (2.x: `maintenanceState`, "NoMaintenance" in the 2.6 captures; one SDS
 *   at a time taken out without a rebuild, deliri.us/?p=1200 "Patching ScaleIO 2.0 VMware
 *   Hosts"): the data of an SDS that is down counts as degraded unless it is in maintenance.
 *
 * Every change appends a health sample (cluster state, master, degraded capacity) to `history`,
 * so tests judge "stayed healthy between steps" from the simulator's own record.
 */
import * as E from 'fp-ts/lib/Either.js';
import { adminError, type SimError } from '../errors.js';
import { nodeOfSds, sdsOnline } from './nodes.js';
import { poolRebuildKb, sdsShareKb } from './rebuild.js';
import type { ComponentBook, ComponentFacts, ComponentName } from './component-types.js';
import type { MdmCluster, MdmNode, Model, Pool, Sds } from './types.js';

export type {
  ComponentBook,
  ComponentFacts,
  ComponentName,
  HealthSample,
  OwnershipChange,
} from './component-types.js';

/** An empty book. */
export const emptyComponentBook = (): ComponentBook => ({
  byIp: new Map(),
  maintenance: new Set(),
  history: [],
  ownership: [],
});

/** What the gateway reports when node-sim never said (a simulator used without node-sim). */
export const DEFAULT_REST_VERSION = 'R2_6.11000.0';

/**
 * The version string the gateway reports for a package version: `2.0-14000.231` →
 * `R2_0.14000.0`. The build's last part is reported as 0 at the object level: the 2.0 SDCs of
 * fixtures/csi-powerflex/get_sdc_instances.json report `R2_0.14000.0`, and the 2.6 captures
 * `R2_6.11000.0` on every object beside a system of `R2_6.11000.113`. Distribution suffixes
 * (`.Ubuntu.16.04`, `.el7`) are not part of it.
 */
export const restVersion = (pkg: string): string => {
  const m = /^(\d+)\.(\d+)-(\d+)/.exec(pkg);
  return m === null ? pkg : `R${m[1] ?? ''}_${m[2] ?? ''}.${m[3] ?? ''}.0`;
};

const factsOf = (m: Model, ip: string, c: ComponentName): ComponentFacts | undefined =>
  m.components.byIp.get(ip)?.[c];

/** The REST version of a component on any of `ips`, or the default when never reported. */
export const versionOn = (m: Model, ips: readonly string[], c: ComponentName): string => {
  for (const ip of ips) {
    const v = factsOf(m, ip, c)?.version;
    if (v !== undefined && v !== null) return restVersion(v);
  }
  return DEFAULT_REST_VERSION;
};

/** Whether an MDM runs: unknown hosts (never reported by node-sim) count as running. */
export const mdmRunning = (m: Model, n: MdmNode): boolean =>
  n.ips.every((ip) => factsOf(m, ip, 'mdm')?.running !== false);

const members = (c: MdmCluster): MdmNode[] => [c.master, ...c.slaves, ...c.tieBreakers];

/** The cluster state as the MDM reports it: degraded while any member is down. */
export const clusterStateOf = (m: Model, c: MdmCluster): string =>
  c.mode === 'OneNode'
    ? 'NotClustered'
    : members(c).every((n) => mdmRunning(m, n))
      ? 'ClusteredNormal'
      : 'ClusteredDegraded';

/** An MDM member's `status` as listed in the cluster. */
export const memberStatus = (m: Model, n: MdmNode): string =>
  mdmRunning(m, n) ? 'Normal' : 'Disconnected';

/** Whether an SDS is in maintenance mode. */
export const inMaintenance = (m: Model, sds: Sds): boolean => m.components.maintenance.has(sds.id);

/**
 * Health figures of a pool: data on SDSs that are down is degraded (one copy left) until it has
 * been rebuilt (`rebuild.ts`), unless the SDS is in maintenance mode, where it is
 * `inMaintenanceCapacityInKb` instead (and not rebuilt).
 */
export const poolHealth = (
  m: Model,
  pool: Pool,
): { degradedHealthyCapacityInKb: number; inMaintenanceCapacityInKb: number } => {
  let maintenance = 0;
  for (const sds of m.sdss.values())
    if (inMaintenance(m, sds)) maintenance += sdsShareKb(m, pool, sds);
  return {
    degradedHealthyCapacityInKb: poolRebuildKb(m, pool.id),
    inMaintenanceCapacityInKb: maintenance,
  };
};

/** Appends a health sample. */
export const sample = (m: Model, event: string, ip: string | null): void => {
  const c = m.mdm;
  m.components.history.push({
    atMs: m.clock(),
    event,
    ip,
    clusterState: c === null ? null : clusterStateOf(m, c),
    masterIp: c === null ? null : (c.master.ips[0] ?? null),
    degradedKb: [...m.pools.values()].reduce(
      (s, p) => s + poolHealth(m, p).degradedHealthyCapacityInKb,
      0,
    ),
  });
};

/** Makes `slave` the master (the old master becomes a slave), recording why. */
const changeOwner = (m: Model, c: MdmCluster, slave: MdmNode, reason: 'switch' | 'failover') => {
  const old = c.master;
  c.master = slave;
  c.slaves = c.slaves.map((n) => (n === slave ? old : n));
  m.components.ownership.push({
    atMs: m.clock(),
    fromIp: old.ips[0] ?? '',
    toIp: slave.ips[0] ?? '',
    reason,
  });
};

/** Input of {@link reportComponent}. */
export interface ComponentInput {
  ip: string;
  component: ComponentName;
  version?: string | undefined;
  running?: boolean | undefined;
}

/**
 * Records a component's version and/or service state on a host. A master MDM that stops while a
 * secondary runs hands ownership to it (the cluster's failover); with none running the cluster
 * keeps its master, disconnected.
 */
export const reportComponent = (
  m: Model,
  i: ComponentInput,
): E.Either<SimError, ComponentFacts> => {
  const host = m.components.byIp.get(i.ip) ?? {};
  const prev = host[i.component];
  const next: ComponentFacts = {
    version: i.version ?? prev?.version ?? null,
    running: i.running ?? prev?.running ?? false,
  };
  host[i.component] = next;
  m.components.byIp.set(i.ip, host);
  const c = m.mdm;
  if (i.component === 'mdm' && i.running === false && c !== null && c.master.ips.includes(i.ip)) {
    const heir = c.slaves.find((n) => mdmRunning(m, n));
    if (heir !== undefined) changeOwner(m, c, heir, 'failover');
  }
  if (i.running !== undefined && i.running !== prev?.running)
    sample(m, `${i.component} ${i.running ? 'started' : 'stopped'}`, i.ip);
  else if (i.version !== undefined && i.version !== prev?.version)
    sample(m, `${i.component} ${i.version} installed`, i.ip);
  return E.right(next);
};

/**
 * `scli --switch_mdm_ownership`: the new master must be a secondary (a Manager among the slaves)
 * whose MDM runs, and the cluster must have every member up (a degraded cluster is not asked to
 * move ownership on purpose). Switching to the current master is a no-op.
 */
export const switchOwnership = (
  m: Model,
  i: { newMasterIp: string },
): E.Either<SimError, { masterIp: string }> => {
  const c = m.mdm;
  if (c === null) return E.left(adminError(409, 'no MDM cluster has been created'));
  if (c.master.ips.includes(i.newMasterIp)) return E.right({ masterIp: i.newMasterIp });
  const slave = c.slaves.find((n) => n.ips.includes(i.newMasterIp));
  if (slave === undefined)
    return E.left(adminError(400, `no secondary MDM has IP ${i.newMasterIp}`));
  if (clusterStateOf(m, c) !== 'ClusteredNormal')
    return E.left(adminError(409, `the cluster is ${clusterStateOf(m, c)}`));
  changeOwner(m, c, slave, 'switch');
  sample(m, 'ownership switched', i.newMasterIp);
  return E.right({ masterIp: i.newMasterIp });
};

/**
 * Enters or exits SDS maintenance mode. Entering needs the SDS connected and no other SDS of its
 * protection domain in maintenance (one at a time keeps a copy of every block); exiting needs
 * the SDS connected again (it resyncs what changed meanwhile).
 */
export const setMaintenance = (
  m: Model,
  sds: Sds,
  enter: boolean,
): E.Either<SimError, { maintenanceState: string }> => {
  const book = m.components.maintenance;
  const state = () => ({ maintenanceState: book.has(sds.id) ? 'InMaintenance' : 'NoMaintenance' });
  if (enter === book.has(sds.id)) return E.right(state());
  if (!sdsOnline(m, sds)) return E.left(adminError(400, `SDS ${sds.name} is disconnected`));
  if (enter) {
    const other = [...book]
      .map((id) => m.sdss.get(id))
      .find((s) => s !== undefined && s.pdId === sds.pdId);
    if (other !== undefined)
      return E.left(
        adminError(400, `SDS ${other.name} of the protection domain is already in maintenance`),
      );
    book.add(sds.id);
  } else book.delete(sds.id);
  sample(m, enter ? 'maintenance entered' : 'maintenance exited', nodeOfSds(m, sds)?.ip ?? null);
  return E.right(state());
};

/** The JSON of the book for `GET /sim/state`. */
export const renderComponents = (m: Model) => ({
  hosts: Object.fromEntries(
    [...m.components.byIp.entries()].map(([ip, c]) => [ip, structuredClone(c)]),
  ),
  maintenance: [...m.components.maintenance],
  history: structuredClone(m.components.history),
  ownership: structuredClone(m.components.ownership),
});

/**
 * The whole model as plain JSON (`GET /sim/state`), with computed capacity and SDS status.
 */
import { clusterStateOf, renderComponents } from '../model/components.js';
import { poolCapacity, type PoolCapacity } from '../model/capacity.js';
import { sdsOnline } from '../model/nodes.js';
import { rebuildRecords, type RebuildRecord } from '../model/rebuild.js';
import type {
  MdmCluster,
  Model,
  NodeFacts,
  Pd,
  Pool,
  Sdc,
  Sds,
  Volume,
  Device,
  FaultSet,
} from '../model/types.js';

/** The JSON of `GET /sim/state`. */
export interface SimState {
  system: { id: string; name: string | null };
  mdmCluster: (MdmCluster & { clusterState: string }) | null;
  nodes: NodeFacts[];
  protectionDomains: Pd[];
  storagePools: (Pool & { capacity: PoolCapacity })[];
  faultSets: FaultSet[];
  sdss: (Sds & { online: boolean })[];
  devices: Device[];
  volumes: Volume[];
  sdcs: Sdc[];
  writers: { poolId: string; bytesPerSecond: number }[];
  liveTokens: number;
  /** Component versions and services per host, maintenance, health history, ownership changes. */
  components: ReturnType<typeof renderComponents>;
  /** Every rebuild after an SDS was lost, oldest first. */
  rebuilds: RebuildRecord[];
}

/** Renders the model (call `settleWrites` first). */
export const renderState = (m: Model, liveTokens: number): SimState => ({
  system: { id: m.system.id, name: m.system.name },
  mdmCluster:
    m.mdm === null ? null : { ...structuredClone(m.mdm), clusterState: clusterStateOf(m, m.mdm) },
  nodes: structuredClone([...m.nodes.values()]),
  protectionDomains: structuredClone([...m.pds.values()]),
  storagePools: [...m.pools.values()].map((p) => ({ ...p, capacity: poolCapacity(m, p) })),
  faultSets: structuredClone([...m.faultSets.values()]),
  sdss: [...m.sdss.values()].map((s) => ({ ...structuredClone(s), online: sdsOnline(m, s) })),
  devices: structuredClone([...m.devices.values()]),
  volumes: structuredClone([...m.volumes.values()]),
  sdcs: structuredClone([...m.sdcs.values()]),
  writers: m.writers.map((w) => ({ poolId: w.poolId, bytesPerSecond: w.bytesPerSecond })),
  liveTokens,
  components: renderComponents(m),
  rebuilds: rebuildRecords(m),
});

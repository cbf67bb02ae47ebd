/**
 * The {@link StatsPort} over the ScaleIO gateway client: statistics of every pool in ONE
 * `querySelectedStatistics` call per tick; the topology (names, SDSs, devices) from one
 * `GET /api/instances`, cached and refreshed when stale, when an unknown pool appears, when a
 * pool's raw capacity changed since it was read (a device added or removed by anyone, e.g. the
 * deploy still adding SDSs when healing first looked), and after a device was added here. This is the gateway edge of the capacity figures: ScaleIO's KiB become
 * bytes here (`figuresFromKb`), once.
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import type { NodeId } from '@scaleio-framework/capacity';
import {
  addDevice,
  CAPACITY_PROPERTIES,
  describeError,
  getInstances,
  listRelated,
  percentFull,
  querySelectedStatistics,
  type InstancesDocument,
  type ScaleIOClient,
  type ScaleIOError,
  type Sds,
  type SdsId,
  type StoragePoolId,
} from '@scaleio-framework/scaleio';
import {
  failure,
  figuresFromKb,
  success,
  type Outcome,
  type PoolNode,
  type PoolRef,
  type PoolStat,
} from '@scaleio-framework/healing';
import type { StatsPort } from './ports.js';

/** Options of {@link gatewayStats}. */
export interface GatewayStatsOptions {
  /** Only `run` is used. */
  readonly client: Pick<ScaleIOClient, 'run'>;
  /** The cloud node an SDS runs on (e.g. its EC2 instance id by its IP); undefined = not ours. */
  readonly nodeOf: (sds: Sds) => NodeId | undefined;
  readonly now: () => number;
  /** The topology is re-read after this long (default 5 min). */
  readonly topologyMaxAgeMs?: number;
}

/** Gateway errors worth retrying later: the network, 5xx, an expired session. */
const retryable = (e: ScaleIOError): boolean =>
  e._tag === 'Transport' || e._tag === 'Gateway' || e._tag === 'Auth';

const fail = <A>(what: string, e: ScaleIOError): Outcome<A> =>
  failure(`${what}: ${describeError(e)}`, retryable(e));

interface Topology {
  readonly atMs: number;
  readonly doc: InstancesDocument;
  /** Each pool's `maxCapacityInKb` in the first statistics read after `doc`: its devices then. */
  readonly maxKb?: Readonly<Record<string, number | undefined>>;
}

/** Each pool's raw capacity (`maxCapacityInKb`) in a statistics answer. */
const rawCapacity = (
  stats: Readonly<Record<string, { readonly maxCapacityInKb?: number | undefined }>>,
): Record<string, number | undefined> =>
  Object.fromEntries(Object.entries(stats).map(([id, s]) => [id, s.maxCapacityInKb]));

/** The pool reference of a pool id in a topology, or undefined. */
const poolRef = (doc: InstancesDocument, id: string): PoolRef | undefined => {
  const sp = (doc.storagePoolList ?? []).find((p) => p.id === id);
  const pd = (doc.protectionDomainList ?? []).find((p) => p.id === sp?.protectionDomainId);
  if (sp === undefined || pd === undefined) return undefined;
  const name = sp.name ?? sp.id;
  const pdName = pd.name ?? pd.id;
  return {
    key: `${pdName}/${name}`,
    id: sp.id,
    name,
    protectionDomain: pdName,
    protectionDomainId: pd.id,
  };
};

/** The nodes whose SDS has a device in the pool, one each, in SDS id order. */
const poolNodes = (
  doc: InstancesDocument,
  poolId: string,
  nodeOf: (s: Sds) => NodeId | undefined,
): PoolNode[] => {
  const sdsIds = new Set(
    (doc.deviceList ?? []).filter((d) => d.storagePoolId === poolId).map((d) => d.sdsId as string),
  );
  const faultSets = new Map((doc.faultSetList ?? []).map((f) => [f.id as string, f.name ?? f.id]));
  const seen = new Set<string>();
  return (doc.sdsList ?? [])
    .filter((s) => sdsIds.has(s.id))
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .flatMap((s): PoolNode[] => {
      const node = nodeOf(s);
      if (node === undefined || seen.has(node)) return [];
      seen.add(node);
      const fs = s.faultSetId == null ? undefined : faultSets.get(s.faultSetId);
      return fs === undefined ? [{ node }] : [{ node, faultSet: fs }];
    });
};

/** Builds the gateway {@link StatsPort}. */
export const gatewayStats = (o: GatewayStatsOptions): StatsPort => {
  const maxAge = o.topologyMaxAgeMs ?? 300_000;
  let topo: Topology | undefined;
  const refresh = async (): Promise<Outcome<InstancesDocument>> => {
    const r = await o.client.run(getInstances());
    if (isLeft(r)) return fail('reading the topology', r.left);
    topo = { atMs: o.now(), doc: r.right };
    return success(r.right);
  };
  const current = async (): Promise<Outcome<InstancesDocument>> =>
    topo !== undefined && o.now() - topo.atMs < maxAge ? success(topo.doc) : refresh();

  const poolStats: StatsPort['poolStats'] = async () => {
    const stats = await o.client.run(
      querySelectedStatistics('StoragePool', 'all', CAPACITY_PROPERTIES),
    );
    if (isLeft(stats)) return fail('reading pool statistics', stats.left);
    const cached = await current();
    if (!cached.ok) return cached;
    const kb = rawCapacity(stats.right);
    // A pool whose raw capacity moved has other devices than the cached topology lists; so may
    // one with no capacity recorded beside the topology (it was created between the statistics
    // and the topology read that recorded them: compared with `undefined`, it is re-read).
    const known = (d: InstancesDocument): boolean =>
      Object.keys(stats.right).every(
        (id) =>
          poolRef(d, id) !== undefined && (topo?.maxKb === undefined || topo.maxKb[id] === kb[id]),
      );
    const doc = known(cached.value) ? cached : await refresh();
    if (!doc.ok) return doc;
    if (topo !== undefined && topo.maxKb === undefined) topo = { ...topo, maxKb: kb };
    const d = doc.value;
    const out: PoolStat[] = [];
    for (const [id, s] of Object.entries(stats.right)) {
      const pool = poolRef(d, id);
      // A pool whose capacity figures are missing is skipped (percent full says which).
      if (pool === undefined || isLeft(percentFull(s))) continue;
      out.push({ pool, figures: figuresFromKb(s), nodes: poolNodes(d, id, o.nodeOf) });
    }
    return success(out.sort((a, b) => (a.pool.key < b.pool.key ? -1 : 1)));
  };

  const addDeviceToSds: StatsPort['addDeviceToSds'] = async (node, pool, path) => {
    const doc = await refresh();
    if (!doc.ok) return doc;
    const sds = (doc.value.sdsList ?? [])
      .filter((s) => s.protectionDomainId === pool.protectionDomainId && o.nodeOf(s) === node)
      .sort((a, b) => (a.id < b.id ? -1 : 1))[0];
    if (sds === undefined)
      return failure(`no SDS of node ${node} in protection domain ${pool.protectionDomain}`, false);
    const existing = async (): Promise<Outcome<{ deviceId: string }> | undefined> => {
      const devs = await o.client.run(listRelated('Sds', sds.id, 'Device'));
      if (isLeft(devs)) return fail(`listing the devices of SDS ${sds.id}`, devs.left);
      const hit = devs.right.find((d) => d.deviceCurrentPathName === path);
      if (hit === undefined) return undefined;
      return hit.storagePoolId === pool.id
        ? success({ deviceId: hit.id })
        : failure(`${path} on SDS ${sds.id} is already a device of another pool`, false);
    };
    const before = await existing();
    if (before !== undefined) return before;
    const added = await o.client.run(
      addDevice({ path, sdsId: sds.id as SdsId, storagePoolId: pool.id as StoragePoolId }),
    );
    topo = undefined;
    if (isLeft(added)) {
      if (added.left._tag === 'AlreadyExists') {
        const again = await existing();
        if (again !== undefined) return again;
      }
      return fail(`adding ${path} to SDS ${sds.id} in ${pool.key}`, added.left);
    }
    return success({ deviceId: added.right });
  };

  return { poolStats, addDeviceToSds };
};

/**
 * The {@link DrainPort} over the ScaleIO gateway: the pool's devices (with their SDS, cloud node and
 * fault set), removing one device from its SDS, and whether the drain has finished — the device no
 * longer listed and the pool showing no moving or degraded capacity. Only the device the ledger
 * names is ever touched, and only while its id and path both match (never a device the framework
 * did not add).
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import type { NodeId } from '@scaleio-framework/capacity';
import {
  describeError,
  getInstances,
  listRelated,
  querySelectedStatistics,
  removeDevice,
  type DeviceId,
  type ScaleIOClient,
  type ScaleIOError,
  type Sds,
} from '@scaleio-framework/scaleio';
import {
  failure,
  KIB,
  success,
  type DrainState,
  type Outcome,
  type PoolDevice,
  type PoolRef,
} from '@scaleio-framework/healing';
import type { DrainPort } from './ports.js';

/**
 * A device being removed. Real devices report `deviceState` (`Normal` in the captured 2.6
 * fixtures); `RemovePending` is the state of a device whose removal is under way (scaleio-sim
 * reports it; the drain check never relies on it alone: it waits for the device to be gone).
 */
export const REMOVING_STATE = 'RemovePending';

/**
 * Pool statistics (2.x key names, all in the real 2.6 key list) of capacity still moving: a
 * removal's migration, rebalance, forward/backward rebuild. Any non-zero means "not settled".
 */
export const MOVING_PROPERTIES = [
  'movingCapacityInKb',
  'pendingMovingCapacityInKb',
  'activeMovingCapacityInKb',
  'normRebuildCapacityInKb',
  'rebalanceCapacityInKb',
  'fwdRebuildCapacityInKb',
  'bckRebuildCapacityInKb',
] as const;

/** Pool statistics of capacity not fully protected (0 when healthy, reference §5.2). */
export const DEGRADED_PROPERTIES = [
  'degradedHealthyCapacityInKb',
  'degradedFailedCapacityInKb',
  'failedCapacityInKb',
  'unreachableUnusedCapacityInKb',
  'inMaintenanceCapacityInKb',
] as const;

/** Options of {@link gatewayDrain}. */
export interface GatewayDrainOptions {
  readonly client: Pick<ScaleIOClient, 'run'>;
  /** The cloud node an SDS runs on; undefined = not ours. */
  readonly nodeOf: (sds: Sds) => NodeId | undefined;
}

/** The network, 5xx without an MDM code, an expired session: worth retrying. An MDM refusal is not. */
const retryable = (e: ScaleIOError): boolean =>
  e._tag === 'Transport' || e._tag === 'Auth' || (e._tag === 'Gateway' && e.errorCode === 0);

const fail = <A>(what: string, e: ScaleIOError): Outcome<A> =>
  failure(`${what}: ${describeError(e)}`, retryable(e));

const num = (v: unknown): number => {
  const n = typeof v === 'string' ? Number(v) : typeof v === 'number' ? v : 0;
  return Number.isFinite(n) ? n : 0;
};

/** Builds the gateway {@link DrainPort}. */
export const gatewayDrain = (o: GatewayDrainOptions): DrainPort => {
  const devicesOf = async (pool: PoolRef) => {
    const r = await o.client.run(listRelated('StoragePool', pool.id, 'Device'));
    return isLeft(r) ? fail<never>(`listing the devices of ${pool.key}`, r.left) : success(r.right);
  };

  const poolDevices: DrainPort['poolDevices'] = async (pool) => {
    const r = await o.client.run(getInstances());
    if (isLeft(r)) return fail('reading the topology', r.left);
    const doc = r.right;
    const faultSets = new Map(
      (doc.faultSetList ?? []).map((f) => [f.id as string, f.name ?? f.id]),
    );
    const sdss = new Map((doc.sdsList ?? []).map((s) => [s.id as string, s]));
    return success(
      (doc.deviceList ?? [])
        .filter((d) => d.storagePoolId === pool.id)
        .map((d): PoolDevice => {
          const sds = sdss.get(d.sdsId);
          const node = sds === undefined ? undefined : o.nodeOf(sds);
          const fs = sds?.faultSetId == null ? undefined : faultSets.get(sds.faultSetId);
          return {
            id: d.id,
            sdsId: d.sdsId,
            maxBytes: num(d.maxCapacityInKb) * KIB,
            removing: d.deviceState === REMOVING_STATE,
            ...(node === undefined ? {} : { node }),
            ...(fs === undefined ? {} : { faultSet: fs }),
          };
        }),
    );
  };

  const remove: DrainPort['removeDevice'] = async (pool, deviceId, path) => {
    const listed = await devicesOf(pool);
    if (!listed.ok) return listed;
    const d = listed.value.find((x) => x.id === deviceId);
    if (d === undefined) return success({ deviceGone: true });
    if (d.deviceCurrentPathName !== path)
      return failure(
        `device ${deviceId} of ${pool.key} is at ${d.deviceCurrentPathName}, not ${path}: not ours to remove`,
        false,
      );
    if (d.deviceState === REMOVING_STATE) return success({ deviceGone: false });
    const r = await o.client.run(removeDevice(deviceId as DeviceId));
    if (isLeft(r)) {
      // A lost answer: the removal may have started (or finished) all the same.
      const again = await devicesOf(pool);
      const now = again.ok ? again.value.find((x) => x.id === deviceId) : d;
      if (now === undefined) return success({ deviceGone: true });
      if (now.deviceState === REMOVING_STATE) return success({ deviceGone: false });
      return fail(`removing device ${deviceId} (${path}) from ${pool.key}`, r.left);
    }
    return success({ deviceGone: false });
  };

  const drainState: DrainPort['drainState'] = async (pool, deviceId) => {
    const listed = await devicesOf(pool);
    if (!listed.ok) return listed;
    const stats = await o.client.run(
      querySelectedStatistics('StoragePool', { ids: [pool.id] }, [
        ...MOVING_PROPERTIES,
        ...DEGRADED_PROPERTIES,
      ]),
    );
    if (isLeft(stats)) return fail(`reading the statistics of ${pool.key}`, stats.left);
    const s = (stats.right[pool.id] ?? {}) as Record<string, unknown>;
    const sum = (keys: ReadonlyArray<string>) => keys.reduce((a, k) => a + num(s[k]), 0) * KIB;
    const state: DrainState = {
      deviceGone: !listed.value.some((x) => x.id === deviceId),
      movingBytes: sum(MOVING_PROPERTIES),
      degradedBytes: sum(DEGRADED_PROPERTIES),
    };
    return success(state);
  };

  return { poolDevices, removeDevice: remove, drainState };
};

/** Options of {@link gatewayDrainWhenUp}: the gateway client once it is up. */
export interface GatewayDrainWhenUpOptions {
  readonly gateway: () => Pick<ScaleIOClient, 'run'> | undefined;
  readonly nodeOf?: (sds: Sds) => NodeId | undefined;
}

/** A {@link DrainPort} that answers "the gateway is not up yet" (retryable) until there is a client. */
export const gatewayDrainWhenUp = (o: GatewayDrainWhenUpOptions): DrainPort => {
  const port = (): DrainPort | undefined => {
    const client = o.gateway();
    return client === undefined
      ? undefined
      : gatewayDrain({ client, nodeOf: o.nodeOf ?? (() => undefined) });
  };
  const notUp = failure<never>('the gateway is not up yet', true);
  return {
    poolDevices: async (pool) => (await port()?.poolDevices(pool)) ?? notUp,
    removeDevice: async (pool, id, path) => (await port()?.removeDevice(pool, id, path)) ?? notUp,
    drainState: async (pool, id) => (await port()?.drainState(pool, id)) ?? notUp,
  };
};

/**
 * What lost SDS removal reads and does outside the scheduler: the SDSs and pools of the gateway's
 * system document (each SDS's connection state and pools, each pool's degraded and rebuilding
 * capacity), `removeSds` itself, and the healer's volumes per node from its ledger.
 *
 * @see SdsRemoverDeps in ./sds-remover.ts
 */
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import type { HealingLedger, Outcome } from '@scaleio-framework/healing';
import {
  gatewayUp,
  gatewayUrlOf,
  type AgentFacts,
  type DeployState,
  type HealingVolumeRef,
  type LostSdsFact,
  type RebuildPoolFact,
  type SdsSystemView,
} from '@scaleio-framework/orchestrator';
import {
  describeError,
  listObjects,
  querySelectedStatistics,
  removeSds,
  type InstancesDocument,
  type ScaleIOClient,
  type SdsId,
} from '@scaleio-framework/scaleio';

/**
 * Pool statistics of data with fewer than two copies (reference scaleio-api.md §5.2: the health
 * breakdown, 0 when healthy). `unreachableUnusedCapacityInKb` is not among them: it is free space
 * on a lost SDS, no data at risk, and stays until the SDS is removed.
 */
export const DEGRADED_DATA_PROPERTIES = [
  'degradedHealthyCapacityInKb',
  'degradedFailedCapacityInKb',
  'failedCapacityInKb',
] as const;

/** Pool statistics of rebuild work running or queued (the real 2.6 key names). */
export const REBUILD_PROPERTIES = [
  'normRebuildCapacityInKb',
  'fwdRebuildCapacityInKb',
  'bckRebuildCapacityInKb',
  'pendingNormRebuildCapacityInKb',
  'pendingFwdRebuildCapacityInKb',
  'pendingBckRebuildCapacityInKb',
] as const;

const num = (v: unknown): number => {
  const n = typeof v === 'string' ? Number(v) : typeof v === 'number' ? v : 0;
  return Number.isFinite(n) ? n : 0;
};

const firstIp = (ipList: readonly unknown[]): string => {
  const x = ipList[0] as { ip?: unknown; SdsIp?: { ip?: unknown } } | undefined;
  return String(x?.ip ?? x?.SdsIp?.ip ?? '');
};

/**
 * The SDSs, devices and pools: the parts of the system document (reference scaleio-api.md
 * `sdsList`, `deviceList`, `storagePoolList`) that lost SDS removal needs — read as three lists,
 * whose size follows the storage nodes, not as `GET /api/instances`, which also carries every SDC
 * (one per agent) and volume and is read by the healer only every 5 minutes.
 */
export type SdsParts = Pick<InstancesDocument, 'sdsList' | 'deviceList' | 'storagePoolList'>;

/** {@link SdsParts} through `GET /api/types/{Sds,Device,StoragePool}/instances`. */
export async function readSdsParts(
  c: Pick<ScaleIOClient, 'run'>,
): Promise<Either<string, SdsParts>> {
  const sdsList = await c.run(listObjects('Sds'));
  if (isLeft(sdsList)) return left(`SDS list: ${describeError(sdsList.left)}`);
  const deviceList = await c.run(listObjects('Device'));
  if (isLeft(deviceList)) return left(`device list: ${describeError(deviceList.left)}`);
  const storagePoolList = await c.run(listObjects('StoragePool'));
  if (isLeft(storagePoolList)) return left(`pool list: ${describeError(storagePoolList.left)}`);
  return right({
    sdsList: sdsList.right,
    deviceList: deviceList.right,
    storagePoolList: storagePoolList.right,
  });
}

/**
 * The SDSs and pools of {@link SdsParts}, with each pool's degraded and rebuilding capacity from
 * one `querySelectedStatistics` (none asked while there is no pool). An SDS is online while the
 * MDM reports it `Connected` (`mdmConnectionState`, the 2.6 captures of
 * fixtures/netdata-go.d.plugin) or in maintenance (`maintenanceState: "InMaintenance"`).
 */
export async function sdsSystemOf(
  c: Pick<ScaleIOClient, 'run'>,
  doc: SdsParts,
): Promise<Either<string, SdsSystemView>> {
  const sdss = doc.sdsList ?? [];
  const devices = doc.deviceList ?? [];
  const pools = doc.storagePoolList ?? [];
  const props = [...DEGRADED_DATA_PROPERTIES, ...REBUILD_PROPERTIES];
  const stats =
    pools.length === 0
      ? right({})
      : await c.run(querySelectedStatistics('StoragePool', 'all', props));
  if (isLeft(stats)) return left(`pool statistics: ${describeError(stats.left)}`);
  const byPool = stats.right as Record<string, Record<string, unknown>>;
  const sum = (s: Record<string, unknown> | undefined, keys: readonly string[]) =>
    keys.reduce((a, k) => a + num(s?.[k]), 0);
  const poolsBySds = new Map<string, string[]>();
  for (const d of devices) {
    const list = poolsBySds.get(d.sdsId) ?? [];
    list.push(d.storagePoolId);
    poolsBySds.set(d.sdsId, list);
  }
  return right({
    sdss: sdss.map((s): LostSdsFact => ({
      id: s.id,
      ip: firstIp(s.ipList),
      // An SDS in maintenance mode is down on purpose (an upgrade, a reboot): its data is not
      // rebuilt and it comes back, so it never counts as lost.
      online: s.mdmConnectionState === 'Connected' || s.maintenanceState === 'InMaintenance',
      faultSetId: s.faultSetId ?? null,
      poolIds: [...new Set(poolsBySds.get(s.id) ?? [])],
    })),
    pools: pools.map((p): RebuildPoolFact => ({
      id: p.id,
      name: p.name ?? p.id,
      degradedKb: sum(byPool[p.id], DEGRADED_DATA_PROPERTIES),
      rebuildingKb: sum(byPool[p.id], REBUILD_PROPERTIES),
    })),
  });
}

/** {@link sdsSystemOf} over lists of its own ({@link readSdsParts}, then the statistics query). */
export async function readSdsSystem(
  c: Pick<ScaleIOClient, 'run'>,
): Promise<Either<string, SdsSystemView>> {
  const parts = await readSdsParts(c);
  return isLeft(parts) ? parts : sdsSystemOf(c, parts.right);
}

/** What one `removeSds` came to: accepted, or the SDS already gone (MDM 78), or an error. */
export async function removeSdsThroughGateway(
  c: Pick<ScaleIOClient, 'run'>,
  sdsId: string,
): Promise<Either<string, 'removed' | 'gone'>> {
  const r = await c.run(removeSds(sdsId as SdsId));
  if (!isLeft(r)) return right('removed');
  // 78 TGT_NOT_FOUND "Could not find SDS" (reference scaleio-api.md §2.6): already removed.
  if (r.left._tag === 'NotFound' && r.left.errorCode === 78) return right('gone');
  return left(describeError(r.left));
}

/** Ledger stages whose volume no longer exists or never did. */
const NO_VOLUME = new Set(['rolledBack', 'removed', 'declined', 'dryRun']);

/**
 * The healer's volumes per agent id, from its ledger: every entry with a volume that still
 * exists, on the agent whose `instanceOf` names the entry's cloud node.
 */
export function healingVolumesByAgent(
  ledger: HealingLedger,
  agents: readonly AgentFacts[],
  instanceOf: (a: AgentFacts) => string | undefined,
): Map<string, HealingVolumeRef[]> {
  const out = new Map<string, HealingVolumeRef[]>();
  for (const e of ledger.entries) {
    if (e.volume === undefined || NO_VOLUME.has(e.stage)) continue;
    const a = agents.find((x) => instanceOf(x) === (e.node as string));
    if (a === undefined) continue;
    const list = out.get(a.agentId) ?? [];
    list.push({ volume: e.volume as string, entry: e.id, stage: e.stage });
    out.set(a.agentId, list);
  }
  return out;
}

/** {@link healingVolumesByAgent} over the healer's ledger store; empty while it is unreadable. */
export const healingVolumesReader =
  (
    read: () => Promise<Outcome<HealingLedger>>,
    agents: () => readonly AgentFacts[],
    instanceOf: (a: AgentFacts) => string | undefined,
  ) =>
  async (): Promise<Map<string, HealingVolumeRef[]> | undefined> => {
    const r = await read();
    return r.ok ? healingVolumesByAgent(r.value, agents(), instanceOf) : undefined;
  };

/**
 * `removeSds` for {@link SdsRemoverDeps} once the gateway is up (`gatewayUp`), through the client
 * of the gateway the deploy state names at the time of the call (the effect reads what it needs;
 * the SDS and pool view comes with the tick's observation, `./observe.ts`).
 */
export function gatewaySdsAccess(
  deploy: () => DeployState,
  mode: 'full' | 'existing',
  gatewayUrl: string,
  clientFor: (url: string) => ScaleIOClient | string,
) {
  return {
    removeSds: async (sdsId: string): Promise<Either<string, 'removed' | 'gone'>> => {
      const d = deploy();
      if (!gatewayUp(d, mode)) return left('the gateway is not up yet');
      const c = clientFor(gatewayUrlOf(gatewayUrl, d));
      return typeof c === 'string' ? left(c) : removeSdsThroughGateway(c, sdsId);
    },
  };
}

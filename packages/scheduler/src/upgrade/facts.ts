/**
 * One round of gateway reads for the rolling upgrade: the MDM cluster (state, members, their
 * `versionInfo` and `status`), every SDS (`membershipState`/`mdmConnectionState`,
 * `maintenanceState`, `softwareVersionInfo`), every SDC (`mdmConnectionState`,
 * `installedSoftwareVersionInfo`) and each pool's degraded and moving capacity.
 */
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import {
  action,
  actionPath,
  describeError,
  listObjects,
  post,
  querySelectedStatistics,
  type MdmCluster,
  type ScaleIOClient,
} from '@scaleio-framework/scaleio';
import {
  gatewayUp,
  gatewayUrlOf,
  type DeployState,
  type MdmFact,
  type UpgradeFacts,
} from '@scaleio-framework/orchestrator';
import type { ClientFor } from '../gateway/clients.js';

/** The gateway side of the upgrade: facts, and SDS maintenance mode. */
export interface UpgradeGateway {
  readonly facts: () => Promise<Either<string, UpgradeFacts & { readonly sdsIds: SdsIds }>>;
  /** Enters or exits maintenance mode of the SDS with this id. */
  readonly maintenance: (sdsId: string, enter: boolean) => Promise<Either<string, void>>;
}

/** SDS ids by IP (maintenance mode is an action on the SDS object). */
export type SdsIds = Readonly<Record<string, string>>;

const DEGRADED = [
  'degradedHealthyCapacityInKb',
  'degradedFailedCapacityInKb',
  'failedCapacityInKb',
];
const MOVING = [
  'activeFwdRebuildCapacityInKb',
  'activeBckRebuildCapacityInKb',
  'activeNormRebuildCapacityInKb',
  'pendingFwdRebuildCapacityInKb',
  'pendingBckRebuildCapacityInKb',
  'pendingNormRebuildCapacityInKb',
  'activeRebalanceCapacityInKb',
  'pendingRebalanceCapacityInKb',
];

const num = (o: Readonly<Record<string, unknown>>, k: string): number => {
  const v = Number(o[k] ?? 0);
  return Number.isFinite(v) ? v : 0;
};

const mdmFacts = (c: MdmCluster): MdmFact[] => {
  const of =
    (role: MdmFact['role']) =>
    (n: NonNullable<MdmCluster['master']>): MdmFact => ({
      ips: n.ips ?? [],
      role,
      status: n.status ?? undefined,
      version: n.versionInfo ?? undefined,
    });
  return [
    ...(c.master === undefined ? [] : [of('master')(c.master)]),
    ...(c.slaves ?? []).map(of('slave')),
    ...(c.tieBreakers ?? []).map(of('tieBreaker')),
    ...(c.standbyMDMs ?? []).map(of('standby')),
  ];
};

/** The {@link UpgradeGateway} over a gateway client. */
export const upgradeGateway = (client: ScaleIOClient): UpgradeGateway => ({
  facts: async () => {
    const cluster = await client.mdmCluster();
    if (isLeft(cluster)) return left(`MDM cluster: ${describeError(cluster.left)}`);
    const sdss = await client.run(listObjects('Sds'));
    if (isLeft(sdss)) return left(`SDS list: ${describeError(sdss.left)}`);
    const sdcs = await client.run(listObjects('Sdc'));
    if (isLeft(sdcs)) return left(`SDC list: ${describeError(sdcs.left)}`);
    const pools = await client.run(listObjects('StoragePool'));
    if (isLeft(pools)) return left(`pool list: ${describeError(pools.left)}`);
    const stats =
      pools.right.length === 0
        ? right({})
        : await client.run(querySelectedStatistics('StoragePool', 'all', [...DEGRADED, ...MOVING]));
    if (isLeft(stats)) return left(`pool statistics: ${describeError(stats.left)}`);
    const sdsIds: Record<string, string> = {};
    for (const s of sdss.right) for (const i of s.ipList) sdsIds[i.ip] = s.id;
    return right({
      clusterState: cluster.right.clusterState,
      mdms: mdmFacts(cluster.right),
      sdss: sdss.right.map((s) => ({
        ips: s.ipList.map((i) => i.ip),
        online: s.membershipState === 'Joined' && s.mdmConnectionState === 'Connected',
        maintenance: s.maintenanceState !== undefined && s.maintenanceState !== 'NoMaintenance',
        version: s.softwareVersionInfo ?? undefined,
      })),
      sdcs: sdcs.right.flatMap((c) =>
        (c.sdcIps ?? (typeof c.sdcIp === 'string' ? [c.sdcIp] : [])).map((ip) => ({
          ip,
          connected: c.mdmConnectionState === 'Connected',
          version: c.installedSoftwareVersionInfo ?? undefined,
        })),
      ),
      pools: pools.right.map((p) => {
        const st = ((stats.right as Record<string, unknown>)[p.id] ?? {}) as Record<
          string,
          unknown
        >;
        return {
          name: p.name ?? p.id,
          degradedKb: DEGRADED.reduce((s, k) => s + num(st, k), 0),
          movingKb: MOVING.reduce((s, k) => s + num(st, k), 0),
        };
      }),
      sdsIds,
    });
  },
  maintenance: async (sdsId, enter) => {
    const r = await client.run(
      action(
        post(actionPath('Sds', sdsId, enter ? 'enterMaintenanceMode' : 'exitMaintenanceMode')),
      ),
    );
    return isLeft(r) ? left(describeError(r.left)) : right(undefined);
  },
});

/**
 * The upgrade's gateway, once the gateway answers: the one the deploy state names (the primary's,
 * pinned) unless one is configured; undefined before it is up or while no client can be made.
 */
export const upgradeGatewayWhenUp =
  (
    clientFor: ClientFor,
    configuredUrl: string,
    mode: 'full' | 'existing',
    deploy: () => DeployState,
  ) =>
  (): UpgradeGateway | undefined => {
    const s = deploy();
    if (!gatewayUp(s, mode)) return undefined;
    const c = clientFor(gatewayUrlOf(configuredUrl, s));
    return typeof c === 'string' ? undefined : upgradeGateway(c);
  };

/**
 * The ScaleIO system and its MDM cluster as the operator surface shows them, read from the
 * gateway: the System object (name, version) and the MDM cluster (`queryMdmCluster`, or the
 * System's embedded `mdmCluster` on 2.x). Members carry their role, status and zone.
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import {
  describeError,
  listObjects,
  type MdmCluster,
  type MdmNode,
  type ScaleIOClient,
  type System,
} from '@scaleio-framework/scaleio';
import type { MdmMemberInfo, SystemInfo } from './status.js';

/** The zone (failure domain) of the agent with this IP, when known. */
export type ZoneOf = (ip: string) => string | undefined;

const ipOf = (n: MdmNode): string => n.managementIPs?.[0] ?? n.ips?.[0] ?? '';

const member = (n: MdmNode, role: string, zoneOf: ZoneOf): MdmMemberInfo => {
  const ip = ipOf(n);
  const zone = ip === '' ? undefined : zoneOf(ip);
  return {
    name: n.name ?? n.id,
    ip,
    role,
    // the gateway reports no status for the primary (the MDM it talks to); say so, never guess
    status: n.status ?? 'not reported',
    ...(zone === undefined ? {} : { zone }),
  };
};

/** The system and cluster as the status shows them. Pure. */
export function systemInfoOf(
  system: System,
  cluster: MdmCluster,
  zoneOf: ZoneOf = () => undefined,
): SystemInfo {
  return {
    id: system.id,
    name: system.name ?? '',
    version: system.systemVersionName ?? '',
    mdmClusterMode: cluster.clusterMode,
    mdmClusterState: cluster.clusterState,
    members: [
      ...(cluster.master === undefined ? [] : [member(cluster.master, 'primary', zoneOf)]),
      ...(cluster.slaves ?? []).map((n) => member(n, 'secondary', zoneOf)),
      ...(cluster.tieBreakers ?? []).map((n) => member(n, 'tiebreaker', zoneOf)),
      ...(cluster.standbyMDMs ?? []).map((n) => member(n, 'standby', zoneOf)),
    ],
  };
}

/** What {@link readSystemInfo} needs of a gateway client. */
export type SystemReader = Pick<ScaleIOClient, 'run' | 'mdmCluster'>;

/**
 * Reads the system and its MDM cluster from the gateway. `undefined` when the gateway has no
 * system yet or cannot be read (the error's kind and one-line description are given to `onError`;
 * they never carry a secret: the client redacts them).
 */
export async function readSystemInfo(
  gateway: SystemReader,
  zoneOf: ZoneOf = () => undefined,
  onError: (kind: string, detail: string) => void = () => undefined,
): Promise<SystemInfo | undefined> {
  const systems = await gateway.run(listObjects('System'));
  if (isLeft(systems)) {
    onError(systems.left._tag, describeError(systems.left));
    return undefined;
  }
  const system = systems.right[0];
  if (system === undefined) return undefined;
  const cluster = await gateway.mdmCluster();
  if (isLeft(cluster)) {
    onError(cluster.left._tag, describeError(cluster.left));
    return undefined;
  }
  return systemInfoOf(system, cluster.right, zoneOf);
}

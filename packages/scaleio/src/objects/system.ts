/** Codecs for the System object and its embedded MDM cluster. */
import * as t from 'io-ts';
import { BoolLike, Links, NumberLike, nullable, withAliases } from '../codec-util.js';
import { MdmId, SystemId } from '../ids.js';

/** One MDM node (manager or tie-breaker) as listed in an MDM cluster. */
export const MdmNode = t.intersection([
  t.type({ id: MdmId }),
  t.partial({
    name: nullable(t.string),
    ips: t.array(t.string),
    managementIPs: t.array(t.string),
    port: NumberLike,
    role: t.string,
    status: t.string,
    versionInfo: nullable(t.string),
    opensslVersion: nullable(t.string),
    virtualInterfaces: t.array(t.string),
  }),
]);
/** One MDM node (manager or tie-breaker) as listed in an MDM cluster. */
export type MdmNode = t.TypeOf<typeof MdmNode>;

const MdmClusterShape = t.intersection([
  t.type({
    /** A decimal string such as `"5302483491453710272"`, not a hex id. */
    id: t.string,
    clusterMode: t.string,
    clusterState: t.string,
  }),
  t.partial({
    goodNodesNum: NumberLike,
    goodReplicasNum: NumberLike,
    master: MdmNode,
    slaves: t.array(MdmNode),
    tieBreakers: t.array(MdmNode),
    standbyMDMs: t.array(MdmNode),
    virtualIps: t.array(t.string),
  }),
]);

/**
 * The MDM cluster (embedded in `System.mdmCluster` on 2.x; answered by
 * `queryMdmCluster` on 3.x). Secondary managers are read from `slaves`;
 * the `worker` spelling seen in some mocks is accepted as an alias.
 */
export const MdmCluster = withAliases(MdmClusterShape, { worker: 'slaves' }, 'MdmCluster');
/** The MDM cluster. */
export type MdmCluster = t.TypeOf<typeof MdmCluster>;

/** A ScaleIO system (`GET /api/types/System/instances` returns an array of these). */
export const System = t.intersection([
  t.type({ id: SystemId }),
  t.partial({
    name: nullable(t.string),
    installId: t.string,
    systemVersionName: t.string,
    mdmCluster: MdmCluster,
    mdmManagementPort: NumberLike,
    capacityAlertHighThresholdPercent: NumberLike,
    capacityAlertCriticalThresholdPercent: NumberLike,
    restrictedSdcModeEnabled: BoolLike,
    restrictedSdcMode: t.string,
    maxCapacityInGb: t.union([t.string, t.number]),
    capacityTimeLeftInDays: t.union([t.string, t.number]),
    upgradeState: t.string,
    perfProfile: t.string,
    daysInstalled: NumberLike,
    links: Links,
  }),
]);
/** A ScaleIO system. */
export type System = t.TypeOf<typeof System>;

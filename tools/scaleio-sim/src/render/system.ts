/**
 * JSON of the System object with its embedded MDM cluster (2.x shape: `master`, `slaves`,
 * `tieBreakers`, `standbyMDMs`).
 */
import { clusterStateOf, memberStatus, mdmRunning, versionOn } from '../model/components.js';
import type { MdmCluster, MdmNode, Model } from '../model/types.js';
import { counterParameters, links } from './links.js';

const mdmNode = (m: Model, n: MdmNode, status: string | null): Record<string, unknown> => ({
  id: n.id,
  name: n.name,
  ips: [...n.ips],
  managementIPs: [...n.managementIps],
  port: 9011,
  role: n.role,
  versionInfo: versionOn(m, n.ips, 'mdm'),
  opensslVersion: 'OpenSSL 1.0.2k-fips  26 Jan 2017',
  ...(n.role === 'Manager' ? { virtualInterfaces: [] } : {}),
  ...(status === null ? {} : { status }),
});

/** The MDM cluster object (also the body of `queryMdmCluster`). */
export const renderMdmCluster = (m: Model, c: MdmCluster): Record<string, unknown> => {
  const up = (n: MdmNode) => mdmRunning(m, n);
  return {
    id: c.id,
    clusterMode: c.mode,
    clusterState: clusterStateOf(m, c),
    goodNodesNum: [c.master, ...c.slaves, ...c.tieBreakers].filter(up).length,
    goodReplicasNum: [c.master, ...c.slaves].filter(up).length,
    master: mdmNode(m, c.master, null),
    slaves: c.slaves.map((n) => mdmNode(m, n, memberStatus(m, n))),
    tieBreakers: c.tieBreakers.map((n) => mdmNode(m, n, memberStatus(m, n))),
    standbyMDMs: c.standbys.map((n) => mdmNode(m, n, memberStatus(m, n))),
  };
};

/** The System object. */
export const renderSystem = (m: Model, c: MdmCluster): Record<string, unknown> => ({
  id: m.system.id,
  name: m.system.name,
  installId: m.system.installId,
  systemVersionName: 'DellEMC ScaleIO Version: R2_6.11000.113',
  mdmCluster: renderMdmCluster(m, c),
  mdmManagementPort: 6611,
  mdmToSdsPolicy: 'Authentication',
  capacityAlertHighThresholdPercent: 80,
  capacityAlertCriticalThresholdPercent: 90,
  capacityTimeLeftInDays: 'Unlimited',
  maxCapacityInGb: 'Unlimited',
  cliPasswordAllowed: true,
  daysInstalled: Math.floor((m.clock() - m.system.createdMs) / 86_400_000),
  defaultIsVolumeObfuscated: false,
  enterpriseFeaturesEnabled: true,
  isInitialLicense: true,
  managementClientSecureCommunicationEnabled: true,
  perfProfile: 'Default',
  remoteReadOnlyLimitState: false,
  restrictedSdcMode: 'None',
  restrictedSdcModeEnabled: false,
  authenticationMethod: 'Native',
  showGuid: true,
  swid: '',
  tlsVersion: 'TLSv1.2',
  upgradeState: 'NoUpgrade',
  sdcLongOperationsCounterParameters: counterParameters(10000, 100000, 1000000),
  sdcMdmNetworkDisconnectionsCounterParameters: counterParameters(300, 500, 700),
  sdcMemoryAllocationFailuresCounterParameters: counterParameters(300, 500, 700),
  sdcSdsNetworkDisconnectionsCounterParameters: counterParameters(800, 4000, 20000),
  sdcSocketAllocationFailuresCounterParameters: counterParameters(300, 500, 700),
  sdcSdsConnectivityInfo: {
    disconnectedSdcId: null,
    disconnectedSdcName: null,
    disconnectedSdsId: null,
    disconnectedSdsIp: null,
    disconnectedSdsName: null,
    sdcSdsConnectivityStatus: 'AllConnected',
  },
  links: links('System', m.system.id, ['Statistics', 'ProtectionDomain', 'Sdc', 'User']),
});

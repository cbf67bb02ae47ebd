/**
 * JSON of the System object with its embedded MDM cluster (2.x shape: `master`, `slaves`,
 * `tieBreakers`, `standbyMDMs`).
 */
import { clusterState } from '../model/mdm.js';
import type { MdmCluster, MdmNode, Model } from '../model/types.js';
import { counterParameters, links } from './links.js';

const VERSION = 'R2_6.11000.0';

const mdmNode = (n: MdmNode, status: string | null): Record<string, unknown> => ({
  id: n.id,
  name: n.name,
  ips: [...n.ips],
  managementIPs: [...n.managementIps],
  port: 9011,
  role: n.role,
  versionInfo: VERSION,
  opensslVersion: 'OpenSSL 1.0.2k-fips  26 Jan 2017',
  ...(n.role === 'Manager' ? { virtualInterfaces: [] } : {}),
  ...(status === null ? {} : { status }),
});

/** The MDM cluster object (also the body of `queryMdmCluster`). */
export const renderMdmCluster = (c: MdmCluster): Record<string, unknown> => {
  const nodes = 1 + c.slaves.length + c.tieBreakers.length;
  return {
    id: c.id,
    clusterMode: c.mode,
    clusterState: clusterState(c),
    goodNodesNum: nodes,
    goodReplicasNum: 1 + c.slaves.length,
    master: mdmNode(c.master, null),
    slaves: c.slaves.map((n) => mdmNode(n, 'Normal')),
    tieBreakers: c.tieBreakers.map((n) => mdmNode(n, 'Normal')),
    standbyMDMs: c.standbys.map((n) => mdmNode(n, 'Normal')),
  };
};

/** The System object. */
export const renderSystem = (m: Model, c: MdmCluster): Record<string, unknown> => ({
  id: m.system.id,
  name: m.system.name,
  installId: m.system.installId,
  systemVersionName: 'DellEMC ScaleIO Version: R2_6.11000.113',
  mdmCluster: renderMdmCluster(c),
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

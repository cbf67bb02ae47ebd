/**
 * JSON of the storage objects, with every key a real 2.6 gateway sends (checked against the
 * captures in tests).
 */
import { sdsOnline } from '../model/nodes.js';
import { inMaintenance, versionOn } from '../model/components.js';
import { isRemoving } from '../model/migration.js';
import type { Device, FaultSet, Model, Pd, Pool, Sdc, Sds, Volume } from '../model/types.js';
import { counterParameters, links } from './links.js';

/** A protection domain. */
export const renderPd = (m: Model, pd: Pd): Record<string, unknown> => ({
  id: pd.id,
  name: pd.name,
  systemId: m.system.id,
  protectionDomainState: pd.state,
  rebuildNetworkThrottlingEnabled: false,
  rebuildNetworkThrottlingInKbps: null,
  rebalanceNetworkThrottlingEnabled: false,
  rebalanceNetworkThrottlingInKbps: null,
  overallIoNetworkThrottlingEnabled: false,
  overallIoNetworkThrottlingInKbps: null,
  rfcacheEnabled: true,
  rfcacheMaxIoSizeKb: 128,
  rfcacheOpertionalMode: 'WriteMiss',
  rfcachePageSizeKb: 64,
  mdmSdsNetworkDisconnectionsCounterParameters: counterParameters(300, 500, 700),
  sdsConfigurationFailureCounterParameters: counterParameters(300, 500, 700),
  sdsDecoupledCounterParameters: counterParameters(300, 500, 700),
  sdsReceiveBufferAllocationFailuresCounterParameters: counterParameters(20000, 200000, 2000000),
  sdsSdsNetworkDisconnectionsCounterParameters: counterParameters(300, 500, 700),
  links: links(
    'ProtectionDomain',
    pd.id,
    ['Statistics', 'StoragePool', 'Sds', 'FaultSet'],
    [['systemId', 'System', m.system.id]],
  ),
});

/** A storage pool. */
export const renderPool = (_m: Model, p: Pool): Record<string, unknown> => ({
  id: p.id,
  name: p.name,
  protectionDomainId: p.pdId,
  sparePercentage: p.sparePercentage,
  capacityAlertHighThreshold: p.capacityAlertHighThreshold,
  capacityAlertCriticalThreshold: p.capacityAlertCriticalThreshold,
  zeroPaddingEnabled: p.zeroPaddingEnabled,
  useRmcache: p.useRmcache,
  useRfcache: p.useRfcache,
  rmcacheWriteHandlingMode: 'Cached',
  rebuildEnabled: p.rebuildEnabled,
  rebalanceEnabled: p.rebalanceEnabled,
  numOfParallelRebuildRebalanceJobsPerDevice: 2,
  rebuildIoPriorityPolicy: 'limitNumOfConcurrentIos',
  rebuildIoPriorityNumOfConcurrentIosPerDevice: 1,
  rebuildIoPriorityBwLimitPerDeviceInKbps: 10240,
  rebuildIoPriorityAppIopsPerDeviceThreshold: null,
  rebuildIoPriorityAppBwPerDeviceThresholdInKbps: null,
  rebuildIoPriorityQuietPeriodInMsec: null,
  rebalanceIoPriorityPolicy: 'favorAppIos',
  rebalanceIoPriorityNumOfConcurrentIosPerDevice: 1,
  rebalanceIoPriorityBwLimitPerDeviceInKbps: 10240,
  rebalanceIoPriorityAppIopsPerDeviceThreshold: null,
  rebalanceIoPriorityAppBwPerDeviceThresholdInKbps: null,
  rebalanceIoPriorityQuietPeriodInMsec: null,
  backgroundScannerMode: 'Disabled',
  backgroundScannerBWLimitKBps: 0,
  checksumEnabled: false,
  links: links(
    'StoragePool',
    p.id,
    ['Statistics', 'Volume', 'Device', 'VTree'],
    [['protectionDomainId', 'ProtectionDomain', p.pdId]],
  ),
});

/** A fault set. */
export const renderFaultSet = (_m: Model, f: FaultSet): Record<string, unknown> => ({
  id: f.id,
  name: f.name,
  protectionDomainId: f.pdId,
  links: links(
    'FaultSet',
    f.id,
    ['Statistics', 'Sds'],
    [['protectionDomainId', 'ProtectionDomain', f.pdId]],
  ),
});

/** An SDS; connected and joined only while its node runs the SDS service. */
export const renderSds = (m: Model, s: Sds): Record<string, unknown> => {
  const online = sdsOnline(m, s);
  return {
    id: s.id,
    name: s.name,
    protectionDomainId: s.pdId,
    faultSetId: s.faultSetId,
    ipList: s.ipList.map((i) => ({ ip: i.ip, role: i.role })),
    port: s.port,
    sdsState: 'Normal',
    membershipState: online ? 'Joined' : 'Decoupled',
    mdmConnectionState: online ? 'Connected' : 'Disconnected',
    maintenanceState: inMaintenance(m, s) ? 'InMaintenance' : 'NoMaintenance',
    drlMode: 'Volatile',
    rmcacheEnabled: true,
    rmcacheSizeInKb: 131072,
    rmcacheFrozen: false,
    rmcacheMemoryAllocationState: online
      ? 'AllocationSuccessful'
      : 'RmcacheMemoryAllocationStateInvalid',
    rfcacheEnabled: true,
    rfcacheErrorApiVersionMismatch: false,
    rfcacheErrorDeviceDoesNotExist: false,
    rfcacheErrorInconsistentCacheConfiguration: false,
    rfcacheErrorInconsistentSourceConfiguration: false,
    rfcacheErrorInvalidDriverPath: false,
    rfcacheErrorLowResources: false,
    onVmWare: false,
    perfProfile: 'Default',
    numOfIoBuffers: null,
    softwareVersionInfo: online
      ? versionOn(
          m,
          s.ipList.map((i) => i.ip),
          'sds',
        )
      : null,
    authenticationError: 'None',
    certificateInfo: null,
    sdsConfigurationFailure: null,
    sdsDecoupled: null,
    sdsReceiveBufferAllocationFailures: null,
    links: links(
      'Sds',
      s.id,
      ['Statistics', 'Device', 'RfcacheDevice'],
      [['protectionDomainId', 'ProtectionDomain', s.pdId]],
    ),
  };
};

/** A device. */
export const renderDevice = (m: Model, d: Device): Record<string, unknown> => ({
  id: d.id,
  name: d.name,
  sdsId: d.sdsId,
  storagePoolId: d.poolId,
  deviceCurrentPathName: d.path,
  deviceOriginalPathName: d.path,
  // A device whose removal is under way (migration.ts) [U: the state's name].
  deviceState: isRemoving(m, d.id) ? 'RemovePending' : 'Normal',
  errorState: 'None',
  aggregatedState: 'NeverFailed',
  temperatureState: 'NeverFailed',
  ssdEndOfLifeState: 'NeverFailed',
  ledSetting: 'Off',
  capacityLimitInKb: d.limitKb,
  maxCapacityInKb: d.maxKb,
  longSuccessfulIos: { shortWindow: null, mediumWindow: null, longWindow: null },
  rfcacheErrorDeviceDoesNotExist: false,
  links: links(
    'Device',
    d.id,
    ['Statistics'],
    [
      ['sdsId', 'Sds', d.sdsId],
      ['storagePoolId', 'StoragePool', d.poolId],
    ],
  ),
});

/** A volume; `mappedSdcInfo` is null when unmapped, as on the real gateway. */
export const renderVolume = (m: Model, v: Volume): Record<string, unknown> => ({
  id: v.id,
  name: v.name,
  sizeInKb: v.sizeKb,
  storagePoolId: v.poolId,
  vtreeId: v.vtreeId,
  volumeType: v.type,
  creationTime: v.creationTimeS,
  ancestorVolumeId: null,
  consistencyGroupId: null,
  isObfuscated: false,
  isVvol: false,
  useRmcache: v.useRmcache,
  mappingToAllSdcsEnabled: false,
  mappedSdcInfo:
    v.mappings.length === 0
      ? null
      : v.mappings.map((mp) => ({
          sdcId: mp.sdcId,
          sdcIp: m.sdcs.get(mp.sdcId)?.ip ?? null,
          limitIops: mp.limitIops,
          limitBwInMbps: mp.limitBwInMbps,
        })),
  links: links(
    'Volume',
    v.id,
    ['Statistics'],
    [
      ['vtreeId', 'VTree', v.vtreeId],
      ['storagePoolId', 'StoragePool', v.poolId],
    ],
  ),
});

/** The VTree of a volume (one per volume here: the simulator has no snapshots). */
export const renderVTree = (_m: Model, v: Volume): Record<string, unknown> => ({
  id: v.vtreeId,
  name: null,
  baseVolumeId: v.id,
  storagePoolId: v.poolId,
  links: links(
    'VTree',
    v.vtreeId,
    ['Statistics', 'Volume'],
    [
      ['baseVolumeId', 'Volume', v.id],
      ['storagePoolId', 'StoragePool', v.poolId],
    ],
  ),
});

/** An SDC (2.x `sdcIp` and 3.x `sdcIps` both present). */
export const renderSdc = (m: Model, s: Sdc): Record<string, unknown> => ({
  id: s.id,
  name: s.name,
  sdcIp: s.ip,
  sdcIps: [s.ip],
  sdcGuid: s.guid,
  sdcApproved: true,
  sdcApprovedIps: [s.ip],
  // scini unloaded (its service stopped) disconnects the SDC from the MDM.
  mdmConnectionState:
    m.components.byIp.get(s.ip)?.sdc?.running === false ? 'Disconnected' : 'Connected',
  osType: 'Linux',
  perfProfile: 'Default',
  installedSoftwareVersionInfo: versionOn(m, [s.ip], 'sdc'),
  softwareVersionInfo: versionOn(m, [s.ip], 'sdc'),
  versionInfo: versionOn(m, [s.ip], 'sdc'),
  kernelVersion: '4.15.18',
  kernelBuildNumber: null,
  memoryAllocationFailure: null,
  socketAllocationFailure: null,
  systemId: m.system.id,
  links: links('Sdc', s.id, ['Statistics', 'Volume'], [['systemId', 'System', m.system.id]]),
});

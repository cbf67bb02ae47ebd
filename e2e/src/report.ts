import type { SimCluster } from './cluster.js';
import type { StatusDoc } from './deploy-watch.js';

/**
 * The state a deploy reached, read from the simulators themselves (the ground truth) and from
 * the scheduler's status, with the checks that make it "deployed and healthy".
 */
export function finalReport(
  c: SimCluster,
  status: StatusDoc | undefined,
  seconds: number,
  mdmMembers: 3 | 5 = 3,
) {
  const s = c.scaleio.state();
  const mdm = s.mdmCluster;
  const pools = s.storagePools.map((p) => ({
    name: p.name,
    devices: p.capacity.numOfDevices,
    maxCapacityGiB: Math.round(p.capacity.maxCapacityInKb / 2 ** 20),
    percentFull: Number(
      (
        (100 * p.capacity.capacityInUseInKb) /
        Math.max(1, p.capacity.maxCapacityInKb - p.capacity.spareCapacityInKb)
      ).toFixed(2),
    ),
  }));
  const sdsOnline = s.sdss.filter((x) => x.online).length;
  const nodes = (status?.nodes ?? []).map((n) => ({
    hostname: n.hostname,
    role: n.role,
    faultSet: n.faultSet,
    phase: n.phase,
  }));
  const checks = {
    deployComplete: status?.deploy?.complete === true,
    // the size asked for, every member in place (the MDM's own cluster state)
    mdmCluster:
      mdm?.mode === (mdmMembers === 5 ? 'FiveNodes' : 'ThreeNodes') &&
      mdm.clusterState === 'ClusteredNormal',
    sdsOnEveryStorageNode:
      sdsOnline === nodes.filter((n) => n.role !== 'client').length && sdsOnline > 0,
    sdcOnEveryNode: s.sdcs.length === nodes.length && nodes.length > 0,
    poolHasDevices: pools.some((p) => p.devices > 0),
  };
  const healthy = Object.values(checks).every(Boolean);
  const failed = Object.entries(checks)
    .filter(([, v]) => !v)
    .map(([k]) => k);
  return {
    healthy,
    seconds,
    summary: healthy
      ? `${nodes.length} nodes, MDM cluster ${mdm?.mode ?? '-'} (${mdm ? 'primary ' + mdm.master.ips.join(',') : ''}), ${sdsOnline} SDSs online, ${s.sdcs.length} SDCs, pools ${pools.map((p) => `${p.name} ${p.maxCapacityGiB} GiB (${p.devices} devices)`).join(', ')}`
      : `failed checks: ${failed.join(', ')}`,
    checks,
    system: s.system.name,
    mdmCluster: mdm ? { mode: mdm.mode, state: mdm.clusterState } : null,
    faultSets: s.faultSets.map((f) => f.name),
    pools,
    nodes,
  };
}

/**
 * What must hold after a chaos run, judged only from the simulators' own records: mesos-sim's task
 * history, node-sim's recorded tool calls, packages and devices, scaleio-sim's objects and
 * ec2-sim's volumes. Each check returns the violations it found (empty when it holds).
 */
import { gatewayDuplicates, nodeCalls, repeated } from '../checks.js';
import type { SimCluster } from '../cluster.js';
import { clusterTag, keyTag, ourVolumes, poolPercent } from '../healing.js';
import {
  duplicateLaunches,
  launchesBeforeReregistration,
  launchesOnRescinded,
  reusedTaskIds,
} from '../mesos-truth.js';

/**
 * Tool calls whose effect must happen once per node: a package installed from its file, the MDM
 * cluster created, a standby MDM added, the cluster mode switched, the admin password changed.
 * A deploy step checks before it applies, so a second successful call means two runs of the same
 * step raced or a check was skipped. Keyed by the whole command line.
 */
const ONCE: readonly RegExp[] = [
  /^dpkg -i /,
  /^rpm -(i|U)/,
  /^scli --create_mdm_cluster/,
  /^scli --add_standby_mdm/,
  /^scli --switch_cluster_mode/,
  /^scli --set_password/,
];

/** Effects node-sim recorded twice on one node (successful calls of {@link ONCE}). */
export function repeatedEffects(c: SimCluster): string[] {
  return c.hostnames.flatMap((h) => {
    const lines = nodeCalls(c, h)
      .filter((x) => x.exitCode === 0)
      .map((x) => x.argv.join(' ').replace(/--(password|old_password|new_password) \S+/g, '--$1 *'))
      .filter((l) => ONCE.some((re) => re.test(l)));
    return repeated(lines).map((l) => `${h}: \`${l}\` succeeded more than once`);
  });
}

/**
 * Probe tasks (`scaleio.probe.*`: a device path resolved, a version or membership checked) are
 * asked again by design; what they change on a node is judged by {@link repeatedEffects}.
 */
const notProbe = (run: { readonly taskId: string }): boolean =>
  !run.taskId.startsWith('scaleio.probe.');

/** The Mesos verdicts: no step twice on a node, no task id reused, no launch on a dead offer. */
export function mesosViolations(c: SimCluster): string[] {
  return [
    ...duplicateLaunches(c.mesos, notProbe).map((x) => `mesos: step twice: ${x}`),
    ...reusedTaskIds(c.mesos).map((x) => `mesos: task id reused: ${x}`),
    ...launchesOnRescinded(c.mesos).map((x) => `mesos: launch on a rescinded offer: ${x}`),
    ...launchesBeforeReregistration(c.mesos).map(
      (x) => `mesos: launched before its agent reregistered: ${x}`,
    ),
  ];
}

/**
 * The ScaleIO system is whole and healthy: a three-node MDM cluster in `ClusteredNormal`, one
 * protection domain, every agent an online SDS and an SDC (by IP), nothing in the gateway twice.
 */
export function scaleioViolations(c: SimCluster): string[] {
  const s = c.scaleio.state();
  const out = gatewayDuplicates(c).map((x) => `scaleio: twice: ${x}`);
  const mdm = s.mdmCluster;
  if (mdm?.mode !== 'ThreeNodes' || mdm.clusterState !== 'ClusteredNormal')
    out.push(`scaleio: MDM cluster ${mdm ? `${mdm.mode} ${mdm.clusterState}` : 'absent'}`);
  if (s.protectionDomains.length !== 1)
    out.push(`scaleio: ${s.protectionDomains.length} protection domains`);
  for (const n of c.nodes.nodes.filter((x) => c.hostnames.includes(x.hostname))) {
    const sds = s.sdss.find((x) => x.ipList.some((i) => i.ip === n.ip));
    if (sds === undefined) out.push(`scaleio: no SDS for ${n.hostname}`);
    else if (!sds.online) out.push(`scaleio: the SDS of ${n.hostname} is offline`);
    if (!s.sdcs.some((x) => x.ip === n.ip)) out.push(`scaleio: no SDC for ${n.hostname}`);
  }
  return out;
}

/** Packages every agent ends with (node-sim's package database): the client side of the deploy. */
const EVERY_NODE = ['emc-scaleio-sds', 'emc-scaleio-sdc', 'rexray', 'dvdcli'] as const;

/** Every agent deployed, from node-sim: its packages installed and its Mesos agent restarted. */
export function nodeViolations(c: SimCluster): string[] {
  return c.hostnames.flatMap((h) => {
    const node = c.nodes.node(c.nodeIdOf(h));
    if (node._tag === 'Left') return [`node-sim: no node for ${h}`];
    const pk = node.right.packages();
    const have = pk._tag === 'Right' ? pk.right : {};
    const missing = EVERY_NODE.filter((p) => have[p] === undefined);
    const restarted = nodeCalls(c, h).some(
      (x) => x.exitCode === 0 && /^systemctl restart mesos-(slave|agent)$/.test(x.argv.join(' ')),
    );
    return [
      ...(missing.length > 0 ? [`node-sim: ${h} lacks ${missing.join(', ')}`] : []),
      ...(restarted ? [] : [`node-sim: the Mesos agent of ${h} was never restarted`]),
    ];
  });
}

/**
 * EBS volumes: none leaked, none twice. Every live volume with the framework's tag is attached
 * (ec2-sim) to an agent's instance, is a block device of that node (node-sim) and a device of
 * that node's SDS (scaleio-sim); no two volumes share an idempotency key; no volume is a device
 * twice. Volumes that were deleted are gone from ec2-sim and need nothing.
 */
export function volumeViolations(c: SimCluster): string[] {
  const s = c.scaleio.state();
  const vols = ourVolumes(c);
  const out = repeated(vols.map((v) => v.tags[keyTag] ?? '?')).map(
    (k) => `ec2: two volumes with key ${k}`,
  );
  const devicesOfVolume = new Map<string, number>();
  for (const v of vols) {
    const where = `ec2: volume ${v.volumeId} (${v.tags[clusterTag] ?? ''})`;
    const node = c.nodes.nodes.find((n) => n.instanceId === v.attachment?.instanceId);
    if (v.attachment?.state !== 'attached' || node === undefined) {
      out.push(`${where} leaked: ${v.state}, ${v.attachment?.state ?? 'not attached'}`);
      continue;
    }
    const handle = c.nodes.node(node.id);
    const devs = handle._tag === 'Right' ? handle.right.devices() : undefined;
    const dev = devs?._tag === 'Right' ? devs.right : [];
    const local = dev.find((d) => d.attachment?.volumeId === v.volumeId);
    if (local === undefined) {
      out.push(`${where} attached to ${node.hostname} but no block device there`);
      continue;
    }
    const sds = s.sdss.find((x) => x.ipList.some((i) => i.ip === node.ip));
    // Xen names it `/dev/xvdX`; Nitro's stable path is the `/dev/disk/by-id` link with its serial.
    const added = s.devices.filter(
      (d) =>
        d.sdsId === sds?.id &&
        (d.path === `/dev/${local.name}` ||
          (local.serial !== undefined && d.path.includes(local.serial))),
    );
    devicesOfVolume.set(v.volumeId, added.length);
    if (added.length === 0)
      out.push(`${where} leaked: attached to ${node.hostname} as ${local.name}, never a device`);
  }
  for (const [id, n] of devicesOfVolume)
    if (n > 1) out.push(`scaleio: volume ${id} added as a device ${n} times`);
  return out;
}

/** The pool grew during the healing round and is back under the trigger. */
export function poolViolations(c: SimCluster, maxKbBefore: number, trigger: number): string[] {
  const pool = c.scaleio.state().storagePools[0];
  if (pool === undefined) return ['scaleio: no storage pool'];
  const out: string[] = [];
  if (pool.capacity.maxCapacityInKb <= maxKbBefore)
    out.push(`scaleio: the pool did not grow (${pool.capacity.maxCapacityInKb} KiB)`);
  const pct = poolPercent(c);
  if (pct >= trigger) out.push(`scaleio: the pool is ${pct.toFixed(1)} % full`);
  return out;
}

/** Every invariant of a chaos run. */
export function chaosViolations(c: SimCluster, maxKbBefore: number, trigger: number): string[] {
  const wire = c.wire.report();
  return [
    ...mesosViolations(c),
    ...repeatedEffects(c),
    ...scaleioViolations(c),
    ...nodeViolations(c),
    ...volumeViolations(c),
    ...poolViolations(c, maxKbBefore, trigger),
    ...(wire.invalid > 0 ? [`mesos wire: ${wire.invalid} invalid: ${wire.problems[0] ?? ''}`] : []),
  ];
}

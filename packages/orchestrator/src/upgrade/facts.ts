/**
 * What the upgrade decides from: the system as the gateway shows it (MDM cluster, SDSs, SDCs,
 * pool health), read by the scheduler each round, and the health gate every step waits on.
 */
import type { UpgradeStepDef } from './plan.js';

/** One MDM of the cluster: its IPs, role, `status` and `versionInfo`. */
export interface MdmFact {
  readonly ips: readonly string[];
  readonly role: 'master' | 'slave' | 'tieBreaker' | 'standby';
  /** `Normal`, `Disconnected`… (the master has none: it is the one answering). */
  readonly status: string | undefined;
  readonly version: string | undefined;
}

/** One SDS: connected and joined, in maintenance mode, `softwareVersionInfo`. */
export interface SdsFact {
  readonly ips: readonly string[];
  readonly online: boolean;
  readonly maintenance: boolean;
  readonly version: string | undefined;
}

/** One SDC: connected to the MDM, `installedSoftwareVersionInfo`. */
export interface SdcFact {
  readonly ip: string;
  readonly connected: boolean;
  readonly version: string | undefined;
}

/** One storage pool's health figures (KiB). */
export interface PoolHealthFact {
  readonly name: string;
  readonly degradedKb: number;
  /** Capacity being rebuilt or rebalanced (active and pending jobs' capacity). */
  readonly movingKb: number;
}

/** The system, as one round of gateway reads saw it. */
export interface UpgradeFacts {
  readonly clusterState: string;
  readonly mdms: readonly MdmFact[];
  readonly sdss: readonly SdsFact[];
  readonly sdcs: readonly SdcFact[];
  readonly pools: readonly PoolHealthFact[];
}

/**
 * The version the gateway reports for a package version: `2.0-13000.211` → `R2_0.13000.0`
 * (object-level versions keep major, minor and build and report the patch as 0: the 2.0 SDCs of
 * the csi-powerflex captures report `R2_0.14000.0`, every object of the 2.6 captures
 * `R2_6.11000.0` beside a system of `R2_6.11000.113`).
 */
export const gatewayVersionOf = (pkg: string): string => {
  const m = /^(\d+)\.(\d+)-(\d+)/.exec(pkg);
  return m === null ? pkg : `R${m[1] ?? ''}_${m[2] ?? ''}.${m[3] ?? ''}.0`;
};

const has = (ips: readonly string[], ip: string) => ips.includes(ip);

/** The master's first IP. */
export const masterIpOf = (f: UpgradeFacts): string | undefined =>
  f.mdms.find((m) => m.role === 'master')?.ips[0];

/**
 * Why the system is not healthy enough to take the next node down, or `[]`: the MDM cluster in
 * `ClusteredNormal`, no pool degraded, rebuilding or rebalancing, every SDS online and none in
 * maintenance (but `allowMaintenanceOn`, the SDS of the step under way).
 */
export const healthProblems = (f: UpgradeFacts, allowMaintenanceOn?: string): string[] => [
  ...(f.clusterState === 'ClusteredNormal' ? [] : [`the MDM cluster is ${f.clusterState}`]),
  ...f.pools.flatMap((p) => [
    ...(p.degradedKb > 0 ? [`pool ${p.name} has ${p.degradedKb} KiB degraded`] : []),
    ...(p.movingKb > 0 ? [`pool ${p.name} is rebuilding or rebalancing ${p.movingKb} KiB`] : []),
  ]),
  ...f.sdss.flatMap((s) => [
    ...(s.online ? [] : [`SDS ${s.ips[0] ?? '?'} is offline`]),
    ...(s.maintenance && (allowMaintenanceOn === undefined || !has(s.ips, allowMaintenanceOn))
      ? [`SDS ${s.ips[0] ?? '?'} is in maintenance mode`]
      : []),
  ]),
];

/**
 * Whether the step's component shows the target version on its node, healthy (`undefined`), or
 * what is still missing. The LIA and the gateway package are not shown by the gateway's
 * objects: the version their task read from dpkg/rpm counts. The switch is done when the new master owns the cluster.
 */
export const stepVerified = (
  f: UpgradeFacts,
  step: UpgradeStepDef,
  target: string,
  reported: Readonly<Record<string, string>> | undefined,
): string | undefined => {
  const want = gatewayVersionOf(target);
  switch (step.kind === 'switch-ownership' ? 'switch' : step.component) {
    case 'switch':
      return masterIpOf(f) === step.newMasterIp
        ? undefined
        : `the master is ${masterIpOf(f) ?? 'unknown'}, not ${step.newMasterIp ?? '?'}`;
    case 'gateway':
    case 'lia': {
      const part = step.component;
      const v = reported?.[part];
      return v !== undefined && gatewayVersionOf(v) === want
        ? undefined
        : `the ${part === 'lia' ? 'LIA' : 'gateway'} reported ${v ?? 'no version'}`;
    }
    case 'mdm': {
      const m = f.mdms.find((x) => has(x.ips, step.ip));
      if (m === undefined) return `no MDM on ${step.ip}`;
      if (m.role !== 'master' && m.status !== 'Normal')
        return `the MDM on ${step.ip} is ${m.status ?? 'unknown'}`;
      return m.version === want ? undefined : `the MDM on ${step.ip} is ${m.version ?? 'unknown'}`;
    }
    case 'sds': {
      const s = f.sdss.find((x) => has(x.ips, step.ip));
      if (s === undefined) return `no SDS on ${step.ip}`;
      if (!s.online) return `the SDS on ${step.ip} is offline`;
      return s.version === want ? undefined : `the SDS on ${step.ip} is ${s.version ?? 'unknown'}`;
    }
    case 'sdc': {
      const c = f.sdcs.find((x) => x.ip === step.ip);
      if (c === undefined) return `no SDC on ${step.ip}`;
      if (!c.connected) return `the SDC on ${step.ip} is disconnected`;
      return c.version === want ? undefined : `the SDC on ${step.ip} is ${c.version ?? 'unknown'}`;
    }
  }
};

/**
 * The components the gateway shows at another version than `target` (MDMs, SDSs, SDCs): an
 * upgrade is wanted while this is not empty.
 */
export const outdated = (f: UpgradeFacts, target: string): string[] => {
  const want = gatewayVersionOf(target);
  return [
    ...f.mdms
      .filter((m) => m.role !== 'standby' && m.version !== undefined && m.version !== want)
      .map((m) => `MDM ${m.ips[0] ?? '?'} ${m.version ?? ''}`),
    ...f.sdss
      .filter((s) => s.version !== undefined && s.version !== want)
      .map((s) => `SDS ${s.ips[0] ?? '?'} ${s.version ?? ''}`),
    ...f.sdcs
      .filter((c) => c.version !== undefined && c.version !== want)
      .map((c) => `SDC ${c.ip} ${c.version ?? ''}`),
  ];
};

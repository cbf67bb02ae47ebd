/**
 * The memory each fake tool's real counterpart needs at its peak, charged to the Mesos container
 * (memory cgroup) the call runs in: mesos-sim's `cgroups/mem` kills the container when its usage
 * passes its limit, as the kernel and Mesos do with a real `apt-get`, `yum` or JVM. Each row says
 * where its number comes from; where no measurement is public, the row says so and what node-sim
 * assumes (`basis`). Only memory charged to the caller's cgroup counts: a daemon that systemd or
 * upstart starts lives in their cgroup, but one a SysV script starts (the script runs as the
 * caller's child) is born in the caller's (cgroups are inherited on fork).
 */
import type { NodeConfig } from '../spec.js';
import { osRow, type ServiceName } from './os-table.js';
import { packageComponents } from './package-files.js';

/** One modelled peak: resident MB while the call runs, and where the number comes from. */
export interface PeakFact {
  readonly mb: number;
  readonly basis: string;
}

/** Every modelled peak, by what runs. */
export const MEMORY_PEAKS = {
  apt: {
    mb: 170,
    basis:
      'PatchMon/PatchMon#557: `apt update` "consumes around 170 MB of memory", charged to the calling systemd unit (its peak 289 MB); `apt-get install` reads the same package cache (APT::Cache-Start 24 MiB mmap, grown as needed: BastilleBSD/bastille#1549) and runs dpkg',
  },
  dpkg: {
    mb: 24,
    basis:
      'dpkg reads its status and available databases (/var/lib/dpkg) into memory and unpacks one archive at a time; no public measurement: node-sim assumes 24 MB',
  },
  rpm: {
    mb: 64,
    basis:
      'rpm maps the Berkeley DB rpmdb (/var/lib/rpm/Packages, tens of MB on a server) and decompresses the payload; no public measurement: node-sim assumes 64 MB',
  },
  query: {
    mb: 16,
    basis: 'a package query (dpkg-query, dpkg -s, rpm -q) reads the database only; assumed 16 MB',
  },
  yum: {
    mb: 256,
    basis:
      "yum 3.4.3 (EL7, Python 2) loads each enabled repository's metadata (primary.sqlite; the EL7 + EPEL caches are 177-470 MB on disk: ansible/ansible#21098); no public RSS figure: node-sim assumes 256 MB",
  },
  dnf: {
    mb: 512,
    basis:
      'rpm-software-management/dnf#2010: dnf (`yum` on EL8 is dnf) needs more than 500 MB to build its metadata cache ("Out of memory allocating" under `ulimit -d 500000`)',
  },
  keytool: {
    mb: 96,
    basis:
      'a JVM running one small tool; Java 8 sizes its initial heap at 1/64 of the host memory (Java SE 8 GC tuning guide, "Ergonomics") and before 8u191 reads the host\'s memory, not its cgroup\'s (JDK-8146115); node-sim assumes 96 MB resident',
  },
  gatewayJvm: {
    mb: 512,
    basis:
      "the ScaleIO gateway's Tomcat JVM starting its webapp: Java 8 commits 1/64 of the host memory as initial heap (256 MB on a 16 GB host, JDK-8146115: not cgroup-aware before 8u191) plus metaspace, code cache and threads; no public measurement: node-sim assumes 512 MB",
  },
  rexrayDaemon: {
    mb: 48,
    basis: 'REX-Ray 0.11 (a Go daemon) starting; assumed 48 MB',
  },
  scli: {
    mb: 32,
    basis: "ScaleIO's scli (a C++ client); assumed 32 MB",
  },
  dvdcli: { mb: 24, basis: 'dvdcli 0.3 (a Go client); assumed 24 MB' },
  service: {
    mb: 8,
    basis:
      'systemctl, initctl, service, update-rc.d, chkconfig: clients of the init system; assumed 8 MB',
  },
  small: {
    mb: 4,
    basis: 'lsblk, blkid, fdisk, uname, hostname, ldd, getconf: small C tools; assumed 4 MB',
  },
} as const satisfies Record<string, PeakFact>;

/** Daemons whose start, when their init script runs in the caller, is charged to the caller. */
const DAEMONS: Partial<Record<ServiceName, PeakFact>> = {
  'scaleio-gateway': MEMORY_PEAKS.gatewayJvm,
  rexray: MEMORY_PEAKS.rexrayDaemon,
};

const STARTS = new Set(['start', 'restart', 'force-reload', 'reload']);

/** The start of `svc` in the caller's cgroup: only a SysV script run directly (no systemd, no upstart). */
const daemonStart = (config: NodeConfig, svc: string): PeakFact | undefined => {
  const row = osRow(config.os);
  const unit = row.units[svc as ServiceName] as string | undefined;
  return unit === 'sysv' ? DAEMONS[svc as ServiceName] : undefined;
};

/** What a package file's install scripts start in the caller: the gateway runs keytool, then starts. */
const installScripts = (config: NodeConfig, args: readonly string[]): PeakFact | undefined => {
  for (const component of packageComponents(config, args)) {
    if (component === 'gateway')
      return daemonStart(config, 'scaleio-gateway') ?? MEMORY_PEAKS.keytool;
    if (component === 'rexray') return undefined; // its package does not start it
  }
  return undefined;
};

const plus = (a: PeakFact, b: PeakFact | undefined): PeakFact =>
  b === undefined ? a : { mb: a.mb + b.mb, basis: `${a.basis}; plus ${b.basis}` };

/** The modelled peak of one call of `tool` with `args` on the node `config`. */
export const toolPeak = (config: NodeConfig, tool: string, args: readonly string[]): PeakFact => {
  const has = (...flags: string[]) => args.some((a) => flags.includes(a));
  switch (tool) {
    case 'apt-get':
      return MEMORY_PEAKS.apt;
    case 'dpkg':
      return has('-i', '--install')
        ? plus(MEMORY_PEAKS.dpkg, installScripts(config, args))
        : has('-r', '-P', '--remove', '--purge')
          ? MEMORY_PEAKS.dpkg
          : MEMORY_PEAKS.query;
    case 'rpm':
      return args.some((a) => /^-(U|i|F)/.test(a) || a === '--install' || a === '--upgrade')
        ? plus(MEMORY_PEAKS.rpm, installScripts(config, args))
        : has('-e', '--erase')
          ? MEMORY_PEAKS.rpm
          : MEMORY_PEAKS.query;
    case 'dpkg-query':
      return MEMORY_PEAKS.query;
    case 'yum':
    case 'dnf':
      return tool === 'dnf' || config.os === 'rhel-8' ? MEMORY_PEAKS.dnf : MEMORY_PEAKS.yum;
    case 'service': {
      const [svc, action] = args;
      const daemon =
        svc !== undefined && STARTS.has(action ?? '') ? daemonStart(config, svc) : undefined;
      return plus(MEMORY_PEAKS.service, daemon);
    }
    case 'systemctl':
    case 'initctl':
    case 'update-rc.d':
    case 'chkconfig':
      return MEMORY_PEAKS.service;
    case 'keytool':
      return MEMORY_PEAKS.keytool;
    case 'scli':
      return MEMORY_PEAKS.scli;
    case 'dvdcli':
      return MEMORY_PEAKS.dvdcli;
    default:
      return MEMORY_PEAKS.small;
  }
};

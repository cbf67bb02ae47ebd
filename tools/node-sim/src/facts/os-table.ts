/**
 * The facts table: one row per OS node-sim impersonates, each fact with its public source. The
 * fake tools read their behaviour from here (`lsblk` from the util-linux release, `ldd`/`getconf`
 * from glibc, the init tools from the unit kinds, `scini` from the SDC module kernels), the README
 * prints the same table, and `test/facts.test.ts` is generated from it.
 */
import type { OsId } from '../spec.js';
import type { UtilLinuxVersion } from './util-linux.js';

/** How a service is run: a systemd unit (native or generated from an init script), an upstart job or a SysV script. */
export type UnitKind = 'systemd' | 'upstart' | 'sysv';

/** The services our packages (and the Mesos agent) bring. */
export const SERVICES = [
  'mdm',
  'sds',
  'lia',
  'scini',
  'scaleio-gateway',
  'rexray',
  'mesos-slave',
] as const;
/** One of {@link SERVICES}. */
export type ServiceName = (typeof SERVICES)[number];

/** One OS as it really is. */
export interface OsRow {
  readonly os: OsId;
  /** `PRETTY_NAME`. */
  readonly pretty: string;
  /** `uname -r` of a node of this OS (node specs may override it). */
  readonly kernel: string;
  readonly utilLinux: UtilLinuxVersion;
  /** glibc's version and the first line of `ldd --version`. */
  readonly glibc: { readonly version: string; readonly ldd: string };
  readonly init: 'systemd' | 'upstart';
  /** How each service runs here. */
  readonly units: Readonly<Record<ServiceName, UnitKind>>;
  readonly packages: 'deb' | 'rpm' | 'none';
  /** Package and service tools on PATH (besides the common block-device and identity tools). */
  readonly tools: readonly string[];
  /**
   * The kernels the SDC package of this OS has a `scini` module for: one kernel (ScaleIO 2.0 ships
   * one `scini.ko` per build, "Module KRN" in its start check), or a kABI-compatible family.
   * Empty: no SDC package exists for this OS.
   */
  readonly sdcKernels: readonly string[];
  readonly supported: boolean;
  /** The public source of each fact. */
  readonly sources: {
    readonly release: string;
    readonly kernel: string;
    readonly utilLinux: string;
    readonly glibc: string;
    readonly init: string;
    readonly sdc: string;
  };
}

const systemdUnits = Object.fromEntries(SERVICES.map((s) => [s, 'systemd'])) as Record<
  ServiceName,
  UnitKind
>;

const SYSTEMD_SYSV =
  'systemd runs the SDC/gateway init scripts through its SysV generator ("Stopping scini (via systemctl)", rexray/rexray#469); mesos-slave is a systemd unit (mesosphere/mesos-deb-packaging build_mesos init_scripts)';
const PKG = (codename: string, pkg: string, v: string): string =>
  `packages.ubuntu.com/${codename}/${pkg} (${v})`;
const ASSUMED_SDC =
  'no public ScaleIO 2.x build for this OS: node-sim assumes its simulated SDC build carries modules for the release kernel series';

const ubuntu = (
  v: string,
  codename: string,
  pretty: string,
  kernel: string,
  utilLinux: UtilLinuxVersion,
  ulSource: string,
  glibc: string,
  ldd: string,
  sdcKernels: readonly string[],
  sdcSource: string,
): OsRow => ({
  os: `ubuntu-${v}` as OsId,
  pretty,
  kernel,
  utilLinux,
  glibc: { version: glibc, ldd },
  init: v === '14.04' ? 'upstart' : 'systemd',
  units:
    v === '14.04'
      ? {
          mdm: 'upstart',
          sds: 'upstart',
          lia: 'upstart',
          'mesos-slave': 'upstart',
          scini: 'sysv',
          rexray: 'sysv',
          'scaleio-gateway': 'sysv',
        }
      : systemdUnits,
  packages: 'deb',
  tools: [
    'dpkg',
    'dpkg-query',
    'apt-get',
    'service',
    'update-rc.d',
    ...(v === '14.04' ? ['initctl'] : ['systemctl']),
  ],
  sdcKernels,
  supported: true,
  sources: {
    release: `releases.ubuntu.com/${v} (${pretty})`,
    kernel:
      v === '14.04'
        ? 'thecodeteam/scaleio-framework executor/pkgmgr/deb/ubuntu14/common.go: requiredKernelVersionCheck "4.4.0-38-generic" (installed and booted before ScaleIO)'
        : PKG(codename, 'linux-image-generic', kernel),
    utilLinux: ulSource,
    glibc: PKG(codename, 'libc6', ldd),
    init:
      v === '14.04'
        ? 'upstart 1.12 (packages.ubuntu.com/trusty/upstart); mdm/sds/lia are upstart jobs (scaleio-framework ubuntu14/common.go expects "mdm start/running"); scini is /etc/init.d/scini (rexray/rexray#545, #386: update-rc.d, "service scini status"); rexray is /etc/init.d/rexray (scaleio-framework rexrayProcedural.go edits it); the gateway is "service scaleio-gateway start" (rexray 0.11.4 .docs/user-guide/storage-providers/dellemc.md); mesos-slave is /etc/init/mesos-slave.conf (mesosphere/mesos-deb-packaging build_mesos init_scripts, ubuntu/*)'
        : `systemd (${PKG(codename, 'systemd', 'systemd')}); ${SYSTEMD_SYSV}`,
    sdc: sdcSource,
  },
});

const redhat = (
  os: OsId,
  pretty: string,
  kernel: string,
  utilLinux: UtilLinuxVersion,
  ulSource: string,
  glibc: string,
  sdcKernels: readonly string[],
  sdcSource: string,
): OsRow => ({
  os,
  pretty,
  kernel,
  utilLinux,
  glibc: { version: glibc, ldd: `ldd (GNU libc) ${glibc}` },
  init: 'systemd',
  units: systemdUnits,
  packages: 'rpm',
  tools: ['rpm', 'yum', 'systemctl', 'service', 'chkconfig', ...(os === 'rhel-8' ? ['dnf'] : [])],
  sdcKernels,
  supported: true,
  sources: {
    release: pretty,
    kernel: `${pretty} GA kernel ${kernel} (kernel-${kernel.replace(/\.x86_64$/, '')} rpm)`,
    utilLinux: ulSource,
    glibc:
      glibc === '2.17'
        ? 'glibc-2.17 in RHEL/CentOS 7 (DESIGN.md §3; vault.centos.org/7.9.2009/os/x86_64/Packages/glibc-2.17-317.el7)'
        : 'glibc-2.28 in RHEL 8 (access.redhat.com package glibc-2.28-*.el8)',
    init: `systemd; ${SYSTEMD_SYSV}; the SDC rpm prints "Starting scini" (scaleio-framework rpm/rhel7/common.go)`,
    sdc: sdcSource,
  },
});

const UL_TRUSTY = 'osv.dev UBUNTU-CVE-2026-76642: trusty util-linux 2.20.1-5.1ubuntu20.x';
const EL7_UL = 'vault.centos.org/7.9.2009/os/x86_64/Packages: util-linux-2.23.2-65.el7';
const EL7_SDC =
  'RHEL 7 keeps one kernel ABI (kABI) across 3.10.0-*.el7 updates; node-sim assumes the el7 SDC module loads on all of them';

/** A 7.9 release of RHEL or of CentOS, its rebuild: the same kernel, util-linux, glibc and SDC. */
const el7 = (os: OsId, pretty: string): OsRow =>
  redhat(
    os,
    pretty,
    '3.10.0-1160.el7.x86_64',
    '2.23.2',
    EL7_UL,
    '2.17',
    ['3.10.0-*.el7.x86_64'],
    EL7_SDC,
  );

/** The facts table, one row per OS. */
export const OS_TABLE: readonly OsRow[] = [
  ubuntu(
    '14.04',
    'trusty',
    'Ubuntu 14.04.6 LTS',
    '4.4.0-38-generic',
    '2.20.1',
    UL_TRUSTY,
    '2.19',
    'ldd (Ubuntu EGLIBC 2.19-0ubuntu6.15) 2.19',
    ['4.4.0-38-generic'],
    'scaleio-framework ubuntu14/nodedebmgr.go pins linux-image-4.4.0-38-generic for the ScaleIO 2.0 SDC; a mismatch prints "Current scini.ko seems to be incompatible with your kernel" (rexray/rexray#545)',
  ),
  ubuntu(
    '16.04',
    'xenial',
    'Ubuntu 16.04.7 LTS',
    '4.4.0-210-generic',
    '2.27.1',
    PKG('xenial', 'util-linux', '2.27.1-6ubuntu3.x'),
    '2.23',
    'ldd (Ubuntu GLIBC 2.23-0ubuntu11.3) 2.23',
    ['4.4.0-*-generic'],
    ASSUMED_SDC,
  ),
  ubuntu(
    '18.04',
    'bionic',
    'Ubuntu 18.04.6 LTS',
    '4.15.0-213-generic',
    '2.31.1',
    PKG('bionic', 'util-linux', '2.31.1-0.4ubuntu3.x'),
    '2.27',
    'ldd (Ubuntu GLIBC 2.27-3ubuntu1.6) 2.27',
    ['4.15.0-*-generic'],
    ASSUMED_SDC,
  ),
  ubuntu(
    '20.04',
    'focal',
    'Ubuntu 20.04.6 LTS',
    '5.4.0-182-generic',
    '2.34',
    'canonical/ubuntu-security-notices osv/USN-5279-1.json: focal util-linux 2.34-0.1ubuntu9.x',
    '2.31',
    'ldd (Ubuntu GLIBC 2.31-0ubuntu9.16) 2.31',
    ['5.4.0-*-generic'],
    ASSUMED_SDC,
  ),
  ubuntu(
    '22.04',
    'jammy',
    'Ubuntu 22.04.4 LTS',
    '5.15.0-107-generic',
    '2.37.2',
    PKG('jammy', 'util-linux', '2.37.2-4ubuntu3.x'),
    '2.35',
    'ldd (Ubuntu GLIBC 2.35-0ubuntu3.8) 2.35',
    ['5.15.0-*-generic'],
    ASSUMED_SDC,
  ),
  el7('centos-7', 'CentOS Linux release 7.9.2009 (Core)'),
  el7('rhel-7', 'Red Hat Enterprise Linux Server release 7.9 (Maipo)'),
  redhat(
    'rhel-8',
    'Red Hat Enterprise Linux release 8.10 (Ootpa)',
    '4.18.0-553.el8_10.x86_64',
    '2.32.1',
    'access.redhat.com RHEL 8.10: util-linux-2.32.1-46.el8',
    '2.28',
    ['4.18.0-*.el8*.x86_64'],
    ASSUMED_SDC,
  ),
  {
    os: 'flatcar',
    pretty: 'Flatcar Container Linux by Kinvolk 3815.2.5 (Oklo)',
    kernel: '6.1.96-flatcar',
    utilLinux: '2.39.3',
    glibc: { version: '2.38', ldd: 'ldd (Gentoo 2.38-r10 p7) 2.38' },
    init: 'systemd',
    units: systemdUnits,
    packages: 'none',
    tools: ['systemctl'],
    sdcKernels: [],
    supported: true,
    sources: {
      release: 'flatcar.org/releases#release-3815.2.5',
      kernel: 'flatcar.org/releases#release-3815.2.5 (Linux 6.1.96)',
      utilLinux:
        'flatcar.org/releases#release-3815.2.5 image packages (sys-apps/util-linux 2.39.3)',
      glibc: 'flatcar.org/releases#release-3815.2.5 image packages (sys-libs/glibc 2.38)',
      init: 'flatcar.org/docs: systemd; no package manager (/usr is read-only)',
      sdc: 'no ScaleIO package for Flatcar (no dpkg/rpm)',
    },
  },
  {
    os: 'debian-12',
    pretty: 'Debian GNU/Linux 12 (bookworm)',
    kernel: '6.1.0-21-amd64',
    utilLinux: '2.38.1',
    glibc: { version: '2.36', ldd: 'ldd (Debian GLIBC 2.36-9+deb12u7) 2.36' },
    init: 'systemd',
    units: systemdUnits,
    packages: 'deb',
    tools: ['dpkg', 'dpkg-query', 'apt-get', 'service', 'update-rc.d', 'systemctl'],
    sdcKernels: [],
    supported: false,
    sources: {
      release: 'debian.org/releases/bookworm',
      kernel: 'packages.debian.org/bookworm/linux-image-amd64 (6.1.0-21)',
      utilLinux: 'packages.debian.org/bookworm/util-linux (2.38.1-5+deb12u1)',
      glibc: 'packages.debian.org/bookworm/libc6 (2.36-9+deb12u7)',
      init: 'packages.debian.org/bookworm/systemd (252)',
      sdc: 'no ScaleIO package for Debian (unsupported)',
    },
  },
];

/** The row of one OS. */
export const osRow = (os: OsId): OsRow => {
  const r = OS_TABLE.find((x) => x.os === os);
  if (r === undefined) throw new Error(`no facts for ${os}`);
  return r;
};

/** Whether `kernel` matches one of `patterns` (`*` matches any run of characters). */
export const kernelCovered = (kernel: string, patterns: readonly string[]): boolean =>
  patterns.some((p) =>
    new RegExp(
      `^${p
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    ).test(kernel),
  );

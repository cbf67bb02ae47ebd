/**
 * Facts per impersonated OS: `/etc/os-release`, kernel, package format, init system and the
 * system tools present on PATH. Kernel, init system and tools come from the facts table
 * (`./facts/os-table.ts`), which cites a source for each.
 */
import { osRow } from './facts/os-table.js';
import { LOADER } from './tools/loader.js';
import type { OsId } from './spec.js';

/** The package format of an OS, as its tools see it. */
export type PackageFormat = 'deb' | 'rpm' | 'none';

/** The init system of an OS. */
export type InitSystem = 'systemd' | 'upstart';

/** Everything node-sim needs to impersonate one OS. */
export interface OsFacts {
  readonly osRelease: string;
  /** Extra files some tools look at (`/etc/lsb-release`, `/etc/redhat-release`). */
  readonly extraFiles: Readonly<Record<string, string>>;
  readonly kernel: string;
  readonly format: PackageFormat;
  readonly init: InitSystem;
  /** Tools on PATH from the start (scli and friends appear when their package is installed). */
  readonly tools: readonly string[];
}

/**
 * On every OS: util-linux's block tools, coreutils/net-tools identity, glibc's `ldd`, `getconf`
 * and its dynamic loader (`/lib64/ld-linux-x86-64.so.2`, glibc's ELF interpreter on x86-64).
 * No `node`: nothing installs Node.js on a bare agent. coreutils' `sha256sum`, `install` and
 * `readlink` (`./tools/coreutils.ts`).
 */
const common = [
  'lsblk',
  'blkid',
  'fdisk',
  'uname',
  'hostname',
  'ldd',
  'getconf',
  LOADER,
  'sha256sum',
  'install',
  'readlink',
];
const toolsOf = (os: OsId): string[] => [...common, ...osRow(os).tools];

const kv = (fields: Record<string, string>): string =>
  Object.entries(fields)
    .map(([k, v]) => `${k}="${v}"`)
    .join('\n') + '\n';

const ubuntu = (version: string, point: string, codename: string): OsFacts => ({
  osRelease: kv({
    NAME: 'Ubuntu',
    VERSION: `${point} LTS (${codename[0]?.toUpperCase()}${codename.slice(1)})`,
    ID: 'ubuntu',
    ID_LIKE: 'debian',
    PRETTY_NAME: `Ubuntu ${point} LTS`,
    VERSION_ID: version,
    VERSION_CODENAME: codename,
    UBUNTU_CODENAME: codename,
  }),
  extraFiles: {
    '/etc/lsb-release': `DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=${version}\nDISTRIB_CODENAME=${codename}\nDISTRIB_DESCRIPTION="Ubuntu ${point} LTS"\n`,
  },
  kernel: osRow(`ubuntu-${version}` as OsId).kernel,
  format: 'deb',
  init: osRow(`ubuntu-${version}` as OsId).init,
  tools: toolsOf(`ubuntu-${version}` as OsId),
});

const redhat = (
  os: OsId,
  name: string,
  id: string,
  version: string,
  pretty: string,
  like: string,
): OsFacts => ({
  osRelease: kv({
    NAME: name,
    VERSION: version,
    ID: id,
    ID_LIKE: like,
    VERSION_ID: version.split(' ')[0] ?? version,
    PRETTY_NAME: pretty,
  }),
  extraFiles: { '/etc/redhat-release': `${pretty}\n` },
  kernel: osRow(os).kernel,
  format: 'rpm',
  init: 'systemd',
  tools: toolsOf(os),
});

const FACTS: Readonly<Record<OsId, OsFacts>> = {
  'ubuntu-14.04': ubuntu('14.04', '14.04.6', 'trusty'),
  'ubuntu-16.04': ubuntu('16.04', '16.04.7', 'xenial'),
  'ubuntu-18.04': ubuntu('18.04', '18.04.6', 'bionic'),
  'ubuntu-20.04': ubuntu('20.04', '20.04.6', 'focal'),
  'ubuntu-22.04': ubuntu('22.04', '22.04.4', 'jammy'),
  'rhel-7': redhat(
    'rhel-7',
    'Red Hat Enterprise Linux Server',
    'rhel',
    '7.9 (Maipo)',
    'Red Hat Enterprise Linux Server release 7.9 (Maipo)',
    'fedora',
  ),
  'rhel-8': redhat(
    'rhel-8',
    'Red Hat Enterprise Linux',
    'rhel',
    '8.10 (Ootpa)',
    'Red Hat Enterprise Linux release 8.10 (Ootpa)',
    'fedora',
  ),
  'centos-7': redhat(
    'centos-7',
    'CentOS Linux',
    'centos',
    '7 (Core)',
    'CentOS Linux release 7.9.2009 (Core)',
    'rhel fedora',
  ),
  flatcar: {
    osRelease: kv({
      NAME: 'Flatcar Container Linux by Kinvolk',
      ID: 'flatcar',
      ID_LIKE: 'coreos',
      VERSION: '3815.2.5',
      VERSION_ID: '3815.2.5',
      PRETTY_NAME: 'Flatcar Container Linux by Kinvolk 3815.2.5 (Oklo)',
    }),
    extraFiles: {},
    kernel: osRow('flatcar').kernel,
    format: 'none',
    init: 'systemd',
    tools: toolsOf('flatcar'),
  },
  'debian-12': {
    osRelease: kv({
      PRETTY_NAME: 'Debian GNU/Linux 12 (bookworm)',
      NAME: 'Debian GNU/Linux',
      VERSION_ID: '12',
      VERSION: '12 (bookworm)',
      VERSION_CODENAME: 'bookworm',
      ID: 'debian',
    }),
    extraFiles: {},
    kernel: osRow('debian-12').kernel,
    format: 'deb',
    init: 'systemd',
    tools: toolsOf('debian-12'),
  },
};

/** The facts of one OS. */
export const osFacts = (os: OsId): OsFacts => FACTS[os];

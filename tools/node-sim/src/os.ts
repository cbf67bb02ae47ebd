/**
 * Facts per impersonated OS: `/etc/os-release`, kernel, package format, init system and the
 * system tools present on PATH.
 */
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

const common = ['lsblk', 'blkid', 'fdisk', 'uname', 'hostname'];
const debTools = ['dpkg', 'dpkg-query', 'apt-get', 'service', 'update-rc.d'];
const rpmTools = ['rpm', 'yum', 'systemctl', 'service', 'chkconfig'];

const kv = (fields: Record<string, string>): string =>
  Object.entries(fields)
    .map(([k, v]) => `${k}="${v}"`)
    .join('\n') + '\n';

const ubuntu = (version: string, point: string, codename: string, kernel: string): OsFacts => ({
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
  kernel,
  format: 'deb',
  init: version === '14.04' ? 'upstart' : 'systemd',
  tools: [...common, ...debTools, ...(version === '14.04' ? ['initctl'] : ['systemctl'])],
});

const redhat = (
  name: string,
  id: string,
  version: string,
  pretty: string,
  kernel: string,
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
  kernel,
  format: 'rpm',
  init: 'systemd',
  tools: [...common, ...rpmTools, ...(version.startsWith('8') ? ['dnf'] : [])],
});

const FACTS: Readonly<Record<OsId, OsFacts>> = {
  'ubuntu-14.04': ubuntu('14.04', '14.04.6', 'trusty', '4.4.0-38-generic'),
  'ubuntu-16.04': ubuntu('16.04', '16.04.7', 'xenial', '4.4.0-210-generic'),
  'ubuntu-18.04': ubuntu('18.04', '18.04.6', 'bionic', '4.15.0-213-generic'),
  'ubuntu-20.04': ubuntu('20.04', '20.04.6', 'focal', '5.4.0-182-generic'),
  'ubuntu-22.04': ubuntu('22.04', '22.04.4', 'jammy', '5.15.0-107-generic'),
  'rhel-7': redhat(
    'Red Hat Enterprise Linux Server',
    'rhel',
    '7.9 (Maipo)',
    'Red Hat Enterprise Linux Server release 7.9 (Maipo)',
    '3.10.0-1160.el7.x86_64',
    'fedora',
  ),
  'rhel-8': redhat(
    'Red Hat Enterprise Linux',
    'rhel',
    '8.10 (Ootpa)',
    'Red Hat Enterprise Linux release 8.10 (Ootpa)',
    '4.18.0-553.el8_10.x86_64',
    'fedora',
  ),
  'centos-7': redhat(
    'CentOS Linux',
    'centos',
    '7 (Core)',
    'CentOS Linux release 7.9.2009 (Core)',
    '3.10.0-1160.el7.x86_64',
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
    kernel: '6.1.96-flatcar',
    format: 'none',
    init: 'systemd',
    tools: [...common, 'systemctl'],
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
    kernel: '6.1.0-21-amd64',
    format: 'deb',
    init: 'systemd',
    tools: [...common, ...debTools, 'systemctl'],
  },
};

/** The facts of one OS. */
export const osFacts = (os: OsId): OsFacts => FACTS[os];

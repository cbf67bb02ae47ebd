/**
 * ScaleIO node components: OS prerequisites, MDM (manager or tiebreaker), SDS, SDC, LIA and the
 * gateway. Install commands and environment variables follow the original framework
 * (`MDM_ROLE_IS_MANAGER`, `MDM_IP`, `TOKEN`, `GATEWAY_ADMIN_PASSWORD`); checks compare installed
 * versions and real configuration instead of trusting earlier runs.
 */
import * as t from 'io-ts';
import { isLeft, left, right } from 'fp-ts/lib/Either.js';
import type { SupportedOs } from '../os.js';
import { blocked, done, pending, type Component, type InstallStep } from '../plan.js';
import type { Secret } from '../secret.js';
import { sdcKernelStep } from '../sdc-kernels.js';
import { PackageSource, packageStep } from './packages.js';
import {
  readKeyValues,
  restartActions,
  restartOnChangeStep,
  serviceRunningStep,
  setKeyValues,
} from './common.js';

/** Where a ScaleIO package file comes from (codec): a {@link PackageSource}. */
export const ScaleIoPackage = PackageSource;
/** Where a ScaleIO package file comes from. */
export type ScaleIoPackage = PackageSource;

/** The ScaleIO components that are packages. */
export type ScaleIoPart = 'mdm' | 'sds' | 'sdc' | 'lia' | 'gateway';

/** The package name dpkg/rpm know: `emc-scaleio-sds` on Ubuntu, `EMC-ScaleIO-sds` on RHEL. */
export const scaleioPackageName = (os: SupportedOs, part: ScaleIoPart): string =>
  os.family === 'ubuntu' ? `emc-scaleio-${part}` : `EMC-ScaleIO-${part}`;

/** The package file name in the repository, following the original release assets. */
export const scaleioFileName = (os: SupportedOs, part: ScaleIoPart, version: string): string => {
  if (os.family === 'ubuntu')
    return part === 'gateway'
      ? `emc-scaleio-gateway_${version}_amd64.deb`
      : `EMC-ScaleIO-${part}-${version}.Ubuntu.${os.version}.x86_64.deb`;
  const major = /^(\d+)/.exec(os.version)?.[1] ?? os.version;
  return part === 'gateway'
    ? `EMC-ScaleIO-gateway-${version}.x86_64.rpm`
    : `EMC-ScaleIO-${part}-${version}.el${major}.x86_64.rpm`;
};

const scaleioPackageStep = (
  os: SupportedOs,
  part: ScaleIoPart,
  pkg: ScaleIoPackage,
  env?: Readonly<Record<string, string | Secret>>,
): InstallStep =>
  packageStep(`${part}.package`, `Install ${scaleioPackageName(os, part)} ${pkg.version}`, os, {
    name: scaleioPackageName(os, part),
    version: pkg.version,
    file: pkg.file ?? scaleioFileName(os, part, pkg.version),
    source: pkg,
    ...(env === undefined ? {} : { env }),
  });

/** The OS packages ScaleIO needs, per platform. */
export const prerequisitePackages = (os: SupportedOs): readonly string[] =>
  os.family === 'ubuntu'
    ? ['libaio1', 'zip', 'unzip']
    : os.family === 'rhel'
      ? ['libaio', 'zip', 'unzip']
      : [];

/** A step that installs repository packages that are missing. */
export const repoPackagesStep = (
  id: string,
  os: SupportedOs,
  names: readonly string[],
): InstallStep => ({
  id,
  description: `Install ${names.join(', ')} from the ${os.installer} repositories`,
  check: async (host) => {
    if (os.packageFormat === 'none') return right(blocked(`${os.name} has no package manager`));
    const missing: string[] = [];
    for (const n of names) {
      const v = await host.packageVersion(os.packageFormat, n);
      if (isLeft(v)) return v;
      if (v.right === undefined) missing.push(n);
    }
    return right(
      missing.length === 0
        ? done(`${names.join(', ')} installed`)
        : pending(`missing: ${missing.join(', ')}`),
    );
  },
  actions:
    os.installer === 'none'
      ? []
      : os.installer === 'apt'
        ? [
            {
              kind: 'run',
              argv: ['apt-get', 'update'],
              env: { DEBIAN_FRONTEND: 'noninteractive' },
            },
            {
              kind: 'run',
              argv: ['apt-get', '-y', 'install', ...names] as [string, ...string[]],
              env: { DEBIAN_FRONTEND: 'noninteractive' },
            },
          ]
        : [{ kind: 'run', argv: ['yum', '-y', 'install', ...names] as [string, ...string[]] }],
});

/** OS prerequisites (libaio, zip, unzip). Flatcar needs none. */
export const prereqsComponent = (os: SupportedOs, extra: readonly string[] = []): Component => {
  const names = [...prerequisitePackages(os), ...extra];
  return {
    name: 'prereqs',
    steps: names.length === 0 ? [] : [repoPackagesStep('prereqs.packages', os, names)],
  };
};

/** The MDM's configuration file, which records its role (`actor_role_is_manager=0|1`). */
export const MDM_CONF = '/opt/emc/scaleio/mdm/cfg/conf.txt';

const roleName = (v: string | undefined): string =>
  v === '1'
    ? 'a manager'
    : v === '0'
      ? 'a tiebreaker'
      : `an unknown role (actor_role_is_manager=${v ?? 'unset'})`;

/**
 * The step that verifies the installed MDM has the wanted role. It never changes a role: an MDM
 * installed as the other role is `blocked`, because re-roling an MDM is an operator's decision.
 */
const mdmRoleStep = (role: 'manager' | 'tiebreaker'): InstallStep => ({
  id: 'mdm.role',
  description: `Check that the MDM is installed as a ${role}`,
  check: async (host) => {
    const conf = await host.readFile(MDM_CONF);
    if (isLeft(conf)) return conf;
    // Missing before the package is installed (a check-only run); the install writes it.
    if (conf.right === undefined)
      return right(pending(`${MDM_CONF} is missing; the MDM package writes it`));
    const v = readKeyValues(conf.right)['actor_role_is_manager'];
    if (v === (role === 'manager' ? '1' : '0')) return right(done(`the MDM is a ${role}`));
    return right(
      blocked(
        `the MDM on this node is installed as ${roleName(v)}, not a ${role}; changing an installed MDM's role is left to the operator`,
      ),
    );
  },
  actions: [],
});

/** MDM: a manager (`MDM_ROLE_IS_MANAGER=1`) or a tiebreaker (`0`); its role is verified after install. */
export const mdmComponent = (
  os: SupportedOs,
  pkg: ScaleIoPackage,
  role: 'manager' | 'tiebreaker',
): Component => ({
  name: 'mdm',
  steps: [
    scaleioPackageStep(os, 'mdm', pkg, { MDM_ROLE_IS_MANAGER: role === 'manager' ? '1' : '0' }),
    mdmRoleStep(role),
    serviceRunningStep('mdm.service', os, 'mdm'),
  ],
});

/** SDS. */
export const sdsComponent = (os: SupportedOs, pkg: ScaleIoPackage): Component => ({
  name: 'sds',
  steps: [scaleioPackageStep(os, 'sds', pkg), serviceRunningStep('sds.service', os, 'sds')],
});

/** The SDC driver configuration file that holds the MDM addresses. */
export const SDC_DRV_CFG = '/bin/emc/scaleio/drv_cfg.txt';

/** Sets the single `mdm a,b` line of drv_cfg.txt (pure). */
export const setSdcMdms = (text: string, mdms: readonly string[]): string => {
  const kept = text.split('\n').filter((l) => !/^\s*mdm\s/.test(l) && l !== '');
  return `${[...kept, `mdm ${mdms.join(',')}`].join('\n')}\n`;
};

/** The MDM address lists configured in drv_cfg.txt. */
export const sdcMdms = (text: string): readonly string[][] =>
  text
    .split('\n')
    .map((l) => /^\s*mdm\s+(\S+)/.exec(l)?.[1])
    .filter((s): s is string => s !== undefined)
    .map((s) => s.split(','));

/** SDC, given the MDM addresses (`MDM_IP=a,b`); reconfigures them when they changed. */
export const sdcComponent = (
  os: SupportedOs,
  pkg: ScaleIoPackage,
  mdmAddresses: readonly string[],
): Component => {
  const want = [...mdmAddresses].sort().join(',');
  return {
    name: 'sdc',
    steps: [
      sdcKernelStep(os, pkg.version),
      scaleioPackageStep(os, 'sdc', pkg, { MDM_IP: mdmAddresses.join(',') }),
      {
        id: 'sdc.mdms',
        description: `Point the SDC at MDMs ${mdmAddresses.join(',')}`,
        check: async (host) => {
          const cur = await host.readFile(SDC_DRV_CFG);
          if (isLeft(cur)) return cur;
          const lists = sdcMdms(cur.right ?? '');
          return right(
            lists.length === 1 && [...(lists[0] ?? [])].sort().join(',') === want
              ? done(`SDC uses MDMs ${want}`)
              : pending(`SDC MDMs are ${lists.map((l) => l.join(',')).join(' / ') || 'not set'}`),
          );
        },
        actions: [
          {
            kind: 'edit',
            path: SDC_DRV_CFG,
            mode: 0o644,
            summary: `set the line "mdm ${mdmAddresses.join(',')}"`,
            edit: (old) => right(setSdcMdms(old ?? '', mdmAddresses)),
          },
          ...restartActions(os, 'scini'),
        ],
      },
      serviceRunningStep('sdc.service', os, 'scini'),
    ],
  };
};

/** LIA, with the admin password as its token (`TOKEN=…`, redacted). */
export const liaComponent = (
  os: SupportedOs,
  pkg: ScaleIoPackage,
  password: Secret,
): Component => ({
  name: 'lia',
  steps: [
    scaleioPackageStep(os, 'lia', pkg, { TOKEN: password }),
    serviceRunningStep('lia.service', os, 'lia'),
  ],
});

/** The gateway's properties file. */
export const GATEWAY_PROPERTIES =
  '/opt/emc/scaleio/gateway/webapps/ROOT/WEB-INF/classes/gatewayUser.properties';
/** The gateway's service name. */
export const GATEWAY_SERVICE = 'scaleio-gateway';

/** The Java runtime package the gateway needs, per platform. */
export const gatewayJavaPackage = (os: SupportedOs): string =>
  os.family === 'rhel' ? 'java-1.8.0-openjdk' : 'default-jre-headless';

/** Gateway options (codec). */
export const GatewayOptions = t.partial({
  bypassCertificateCheck: t.boolean,
  javaPackage: t.string,
});
/** Gateway options. */
export type GatewayOptions = t.TypeOf<typeof GatewayOptions>;

/** Gateway: Java, the package (`GATEWAY_ADMIN_PASSWORD=…`), the properties edits, and a restart when they changed. */
export const gatewayComponent = (
  os: SupportedOs,
  pkg: ScaleIoPackage,
  mdmAddresses: readonly string[],
  password: Secret,
  opts: GatewayOptions = {},
): Component => {
  const values = {
    'mdm.ip.addresses': mdmAddresses.join(','),
    'security.bypass_certificate_check': String(opts.bypassCertificateCheck ?? true),
  };
  return {
    name: 'gateway',
    steps: [
      repoPackagesStep('gateway.java', os, [opts.javaPackage ?? gatewayJavaPackage(os)]),
      scaleioPackageStep(os, 'gateway', pkg, { GATEWAY_ADMIN_PASSWORD: password }),
      {
        id: 'gateway.properties',
        description: `Set ${Object.entries(values)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')} in gatewayUser.properties`,
        check: async (host) => {
          const cur = await host.readFile(GATEWAY_PROPERTIES);
          if (isLeft(cur)) return cur;
          if (cur.right === undefined)
            return right(
              blocked(`${GATEWAY_PROPERTIES} is missing; is the gateway package installed?`),
            );
          const kv = readKeyValues(cur.right);
          const wrong = Object.entries(values).filter(([k, v]) => kv[k] !== v);
          return right(
            wrong.length === 0
              ? done('gateway properties set')
              : pending(`to set: ${wrong.map(([k]) => k).join(', ')}`),
          );
        },
        actions: [
          {
            kind: 'edit',
            path: GATEWAY_PROPERTIES,
            mode: 0o644,
            summary: Object.entries(values)
              .map(([k, v]) => `set ${k}=${v}`)
              .join('; '),
            edit: (old) =>
              old === undefined ? left('file is missing') : right(setKeyValues(old, values)),
          },
        ],
      },
      restartOnChangeStep('gateway.restart', os, GATEWAY_SERVICE, [GATEWAY_PROPERTIES]),
    ],
  };
};

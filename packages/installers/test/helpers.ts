/** Shared fixtures for plan tests: OSes, a repository, and the specs of a whole MDM node. */
import { createHash } from 'node:crypto';
import { parse } from 'yaml';
import {
  buildPlan,
  classifyOs,
  parseOsRelease,
  repoUrl,
  scaleioFileName,
  scaleioPackageName,
  secret,
  type Plan,
  type InstallSpec,
  type SupportedOs,
} from '../src/index.js';
import type { RepoFile } from './fake-node.js';

export const UBUNTU_2004 =
  'NAME="Ubuntu"\nVERSION="20.04.6 LTS (Focal Fossa)"\nID=ubuntu\nID_LIKE=debian\nPRETTY_NAME="Ubuntu 20.04.6 LTS"\nVERSION_ID="20.04"\n';
export const UBUNTU_1404 =
  'NAME="Ubuntu"\nVERSION="14.04.6 LTS, Trusty Tahr"\nID=ubuntu\nID_LIKE=debian\nPRETTY_NAME="Ubuntu 14.04.6 LTS"\nVERSION_ID="14.04"\n';
export const CENTOS_7 =
  'NAME="CentOS Linux"\nVERSION="7 (Core)"\nID="centos"\nID_LIKE="rhel fedora"\nVERSION_ID="7"\nPRETTY_NAME="CentOS Linux 7 (Core)"\n';

export const osOf = (text: string): SupportedOs => {
  const o = classifyOs(parseOsRelease(text));
  if (o._tag !== 'supported') throw new Error(o.reason);
  return o;
};

export const BASE = 'http://repo.test/pkgs';
export const SIO = '2.0-10000.2072';
export const SECRET_VALUE = 'Pl4nted-S3cret!';

/** Every file the specs below download, for one OS. */
export const repoFor = (os: SupportedOs, sio = SIO): Record<string, RepoFile> => {
  const r: Record<string, RepoFile> = {};
  for (const part of ['mdm', 'sds', 'sdc', 'lia', 'gateway'] as const)
    r[repoUrl(BASE, scaleioFileName(os, part, sio))] = {
      name: scaleioPackageName(os, part),
      version: sio,
    };
  const rpm = os.packageFormat === 'rpm';
  r[repoUrl(BASE, rpm ? 'rexray-0.11.4-1.x86_64.rpm' : 'rexray_0.11.4-1_amd64.deb')] = {
    name: 'rexray',
    version: '0.11.4',
  };
  r[repoUrl(BASE, rpm ? 'dvdcli-0.2.1-1.x86_64.rpm' : 'dvdcli_0.2.1-1_amd64.deb')] = {
    name: 'dvdcli',
    version: '0.2.1',
  };
  r[repoUrl(BASE, 'libmesos_dvdi_isolator-0.4.6.so')] = {
    name: 'libmesos_dvdi_isolator',
    version: '0.4.6',
  };
  return r;
};

/** The sha256 of every file of `repo`, by file name (what an operator's SHA256SUMS lists). */
export const sumsOf = (repo: Record<string, RepoFile>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(repo).map(([url, f]) => [
      decodeURIComponent(url.slice(url.lastIndexOf('/') + 1)),
      createHash('sha256').update(JSON.stringify(f)).digest('hex'),
    ]),
  );

/** The sums of every file the fixtures' repositories hold (Ubuntu 20.04 and 14.04, CentOS 7). */
export const SUMS: Record<string, string> = Object.assign(
  {},
  ...[UBUNTU_2004, UBUNTU_1404, CENTOS_7].map((t) => sumsOf(repoFor(osOf(t)))),
);

/** A package source in the fixtures' repository, with its verified sums. */
export const src = (version: string) => ({ baseUrl: BASE, version, sha256s: SUMS });

export const MDMS = ['10.0.0.1', '10.0.0.2'];

/** The specs of a primary MDM node that is also a data node. */
export const primarySpecs = (
  agent: InstallSpec extends infer _
    ? { layout: 'mesos-slave-dir' } | { layout: 'flags-file'; path: string }
    : never,
  sio = SIO,
): InstallSpec[] => {
  const pkg = src(sio);
  return [
    { component: 'prereqs', role: 'primary', params: {} },
    { component: 'mdm', role: 'primary', params: { package: pkg } },
    { component: 'sds', params: { package: pkg } },
    { component: 'sdc', params: { package: pkg, mdmAddresses: MDMS } },
    {
      component: 'mdm-cluster',
      role: 'primary',
      params: {
        systemName: 'prod',
        primary: { ip: '10.0.0.1' },
        managers: [{ ip: '10.0.0.2' }],
        tiebreakers: [{ ip: '10.0.0.3' }],
      },
    },
    { component: 'lia', params: { package: pkg } },
    { component: 'gateway', params: { package: pkg, mdmAddresses: MDMS } },
    {
      component: 'rexray',
      params: {
        gateway: 'https://10.0.0.1:443',
        systemName: 'prod',
        protectionDomain: 'pd1',
        storagePool: 'sp1',
        package: src('0.11.4'),
      },
    },
    { component: 'dvdcli', params: { package: src('0.2.1') } },
    {
      component: 'mesos-module-dvdi',
      params: { library: src('0.4.6'), agent },
    },
    { component: 'agent-restart', params: { agent } },
  ];
};

/** Parses YAML refusing duplicate keys. */
export const parseStrictYaml = (text: string): unknown =>
  parse(text, { uniqueKeys: true, strict: true });

/** The admin password the plan tests plant (a secret: it must never show). */
export const adminPw = secret('adminPassword', SECRET_VALUE);

/** A plan for `specs` on `os` with {@link adminPw}; throws on a build error (a test bug). */
export const planOf = (specs: InstallSpec[], os: SupportedOs): Plan => {
  const p = buildPlan(specs, os, { adminPassword: adminPw });
  if (p._tag === 'Left') throw new Error(p.left.message);
  return p.right;
};

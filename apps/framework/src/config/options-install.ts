/**
 * The install options of `scaleio-scheduler`: the package repository and its digests, package
 * versions, the agent's flags and service, disk policy, and the resources and retries of the
 * install steps. Spread into `schedulerOptions` (./options.ts) at their place in the table.
 *
 * @module
 */
import { defaultClusterSpec } from '@scaleio-framework/orchestrator';
import { parseSha256Sums } from '@scaleio-framework/installers';
import {
  HttpUrl,
  intBetween,
  listOf,
  NonEmpty,
  NonNegativeNumberFromInput,
  option as o,
  pattern,
  pemCertificateFile,
  PositiveNumberFromInput,
  readableFile,
  shellToken,
  StringFromInput,
  type ConfigFs,
} from '@scaleio-framework/operator';

const str = StringFromInput;
const spec = defaultClusterSpec;
/** Memory of a task in MB (Mesos gives a container at least 32 MB). */
const MemMb = intBetween(1, 1_048_576, 'memory in MB (an integer 1-1048576)');

/** A package or service name as it reaches a shell on the agents: no spaces, quotes or slashes. */
const token = shellToken;
/** A block device path or glob under /dev. */
const DeviceGlobs = listOf('device paths or globs under /dev/', (d) =>
  /^\/dev\/[A-Za-z0-9_.*?/[\]-]+$/.test(d)
    ? undefined
    : `${JSON.stringify(d.slice(0, 40))} is not under /dev/`,
);

/** A readable `sha256sum`-format file with at least one sum (the package digests). */
const sha256SumsFile = (p: string, fs: ConfigFs): string | undefined => {
  const r = readableFile(p, fs) ?? parseSha256Sums(fs.readFile(p));
  return typeof r === 'string' ? r : r._tag === 'Left' ? `${p}: ${r.left}` : undefined;
};

/** The install options, in the order of the reference table. */
export const installOptions = {
  packageRepoUrl: o(
    HttpUrl,
    undefined,
    'install',
    'Base URL (http or https) of the package repository agents download ScaleIO, REX-Ray and module packages from. Required.',
  ),
  packageSha256File: o(
    NonEmpty,
    undefined,
    'install',
    'The sha256 of every package file in the repository, as `sha256sum` prints them (`<sha256>  <file name>` per line): each download is checked on the node against it before it is installed. Required.',
    { check: sha256SumsFile },
  ),
  packageRepoCaFile: o(
    str,
    '',
    'install',
    "CA bundle (PEM) an https package repository's certificate must chain to; empty: the agents' system CAs.",
    { check: pemCertificateFile },
  ),
  scaleioVersion: o(
    token('version'),
    '2.0-10000.2072',
    'install',
    'ScaleIO package version (files named as the release assets, under --package-repo-url).',
  ),
  rexrayVersion: o(token('version'), '0.11.4', 'install', 'REX-Ray package version.'),
  dvdcliVersion: o(token('version'), '0.3.1', 'install', 'dvdcli package version.'),
  dvdiVersion: o(token('version'), '1.0.1', 'install', 'mesos-module-dvdi library version.'),
  agentFlags: o(
    pattern(
      'mesos-slave-dir or flags-file:/absolute/path',
      /^(mesos-slave-dir|flags-file:\/[^\s'"]+)$/,
    ),
    'mesos-slave-dir',
    'install',
    'Where agents keep their flags: `mesos-slave-dir` (/etc/mesos-slave/*) or `flags-file:<path>`; isolation flags are merged, never overwritten.',
  ),
  agentService: o(
    token('service name'),
    'mesos-slave',
    'install',
    'Service name of the Mesos agent (restarted at the end, one per fault domain at a time).',
  ),
  diskAllow: o(
    DeviceGlobs,
    '',
    'install',
    'Block devices an SDS may be given, comma-separated paths or `*` globs (e.g. `/dev/xvd*,/dev/nvme*`); empty: any free disk. Carried to each node in its `sds` step spec.',
  ),
  diskDeny: o(
    DeviceGlobs,
    '',
    'install',
    'Block devices an SDS is never given (paths or `*` globs); a device left out is reported in the step result and skipped, never fatal to its node.',
  ),
  diskMinSizeGib: o(
    NonNegativeNumberFromInput,
    0,
    'install',
    'Smallest device (GiB) an SDS is given; 0: any non-empty disk.',
  ),
  mdmMinCpus: o(
    NonNegativeNumberFromInput,
    1.5,
    'install',
    'Free CPUs an agent needs to be chosen as an MDM.',
  ),
  mdmMinMemMb: o(
    NonNegativeNumberFromInput,
    3072,
    'install',
    'Free memory (MB) an agent needs to be chosen as an MDM.',
  ),
  stepCpus: o(PositiveNumberFromInput, 0.1, 'install', 'CPUs each install-step task uses.'),
  // Memory per kind of task: agents run cgroups/mem, and a step's container (the executor's) is
  // OOM-killed past executorMemMb + the step's own. Defaults and sources: orchestrator spec.ts.
  stepMemMb: o(
    MemMb,
    64,
    'install',
    'Memory (MB) of each light step task: scli, file edits, service restarts, device probes.',
  ),
  repoInstallMemMb: o(
    MemMb,
    spec.repoInstallMemMb,
    'install',
    'Memory (MB) of the prerequisites step (apt-get, yum; dnf on RHEL 8 needs over 500 MB).',
  ),
  packageInstallMemMb: o(
    MemMb,
    spec.packageInstallMemMb,
    'install',
    'Memory (MB) of each step that installs one package file (dpkg -i, rpm -U): MDM, LIA, SDS, SDC, REX-Ray, dvdcli, mesos-module-dvdi.',
  ),
  gatewayMemMb: o(
    MemMb,
    spec.gatewayMemMb,
    'install',
    "Memory (MB) of the gateway step: its package's scripts run the JVM (keytool; Tomcat's start on SysV hosts).",
  ),
  executorMemMb: o(
    MemMb,
    spec.executorMemMb,
    'install',
    'Memory (MB) of the long-running executor, held beside each step task in the same container.',
  ),
  maxAttempts: o(
    intBetween(1, 1000),
    5,
    'install',
    'Attempts of a step before its node is marked failed.',
  ),
  declineRefuseSeconds: o(
    NonNegativeNumberFromInput,
    30,
    'install',
    '`refuse_seconds` sent with declined offers.',
  ),
  maxConcurrentRestarts: o(
    intBetween(1, 1000),
    spec.maxConcurrentRestarts,
    'install',
    'Mesos agents restarted at once in the rolling restart: at most one per fault domain (fault set) at a time, MDM nodes alone; 1 restarts one agent at a time across the cluster.',
  ),
};

import { describeError, parseMasterSource, roleProblem } from '@scaleio-framework/mesos';
import { normalizeFingerprint } from '@scaleio-framework/scaleio';
import { defaultClusterSpec } from '@scaleio-framework/orchestrator';
import { parseZkStoreUrl, runtimeSourceProblem } from '@scaleio-framework/scheduler';
import { parseSha256Sums } from '@scaleio-framework/installers';
import {
  BooleanFromInput,
  checkedString,
  fileInExistingDirectory,
  HttpUrl,
  isIpv4,
  intBetween,
  listOf,
  MesosSecondsFromInput,
  NonEmpty,
  NonNegativeNumberFromInput,
  oneOf,
  option as o,
  orEmpty,
  PasswordFromInput,
  pattern,
  pemCertificateFile,
  PortFromInput,
  PositiveNumberFromInput,
  readableFile,
  StringFromInput,
  TimerSecondsFromInput,
  TokenFromInput,
  type ConfigFs,
  type ConfigOf,
  type OptionSpec,
} from '@scaleio-framework/operator';

export { flagOf, envOf } from '@scaleio-framework/operator';
export type { OptionSpec };

const str = StringFromInput;
const spec = defaultClusterSpec;
/** Memory of a task in MB (Mesos gives a container at least 32 MB). */
const MemMb = intBetween(1, 1_048_576, 'memory in MB (an integer 1-1048576)');
const MesosRole = checkedString('Mesos role name', roleProblem);
const ZkUrl = checkedString('zk://host:port[,host:port]/path', (s) => {
  const r = parseZkStoreUrl(s);
  return typeof r === 'string' ? r : undefined;
});
/** An http(s) URL, or empty (the option is off). */
const url = orEmpty(HttpUrl);
/** A Mesos master: one `zk://` URL or a comma-separated list of master URLs. */
const MasterSpec = checkedString(
  'Mesos master: http(s)://host:port[,…] or zk://host:port[,host:port]/path',
  (s) => {
    const r = parseMasterSource(s);
    return r._tag === 'Left'
      ? describeError(r.left).replace(/^invalid configuration: /, '')
      : undefined;
  },
);
/** A package or service name as it reaches a shell on the agents: no spaces, quotes or slashes. */
const token = (what: string) =>
  pattern(`${what} (letters, digits, '.', '_', '-', '@', '+')`, /^[A-Za-z0-9._@+-]+$/);
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

/**
 * Every option of `scaleio-scheduler`. The key is the file key; the flag is `--<kebab-case>`
 * and the environment variable `SCALEIO_<UPPER_SNAKE>`. Precedence: flag, environment, file,
 * default.
 */
export const schedulerOptions = {
  master: o(
    MasterSpec,
    'http://127.0.0.1:5050',
    'mesos',
    'Mesos master: `http://host:5050`, several comma-separated, or `zk://h1:2181,h2:2181/mesos`.',
  ),
  role: o(
    MesosRole,
    'scaleio',
    'mesos',
    'Mesos role the framework subscribes with and whose resources it uses.',
  ),
  frameworkName: o(NonEmpty, 'scaleio', 'mesos', 'FrameworkInfo.name.'),
  frameworkUser: o(
    NonEmpty,
    'root',
    'mesos',
    'FrameworkInfo.user: the install steps need root on the agents.',
  ),
  failoverTimeout: o(
    MesosSecondsFromInput,
    604800,
    'mesos',
    'Seconds Mesos keeps the framework and its tasks after the scheduler disconnects.',
  ),
  discoveryInterval: o(
    TimerSecondsFromInput,
    60,
    'mesos',
    'Seconds between looks for newly joined agents while offers are suppressed (a REVIVE).',
  ),
  reconcileInterval: o(
    TimerSecondsFromInput,
    300,
    'mesos',
    'Seconds between implicit task reconciliations (explicit ones run at every subscribe).',
  ),
  listenHost: o(
    pattern('host name or IP address', /^[A-Za-z0-9.:_-]+$/),
    '0.0.0.0',
    'http',
    'Address the HTTP server (health, status, metrics, executor artifact, operator actions) binds: `0.0.0.0` (all interfaces) so that agents can fetch the executor and Marathon can check `/health`; `127.0.0.1` keeps it local (then agents need `--advertise-url` through a proxy). Set it explicitly (deploy/marathon.json does).',
  ),
  listenPort: o(PortFromInput, 8080, 'http', 'Port of the HTTP server (0: any free port).', {
    envAliases: ['PORT0', 'PORT'],
  }),
  advertiseUrl: o(
    url,
    '',
    'http',
    'URL agents use to reach this scheduler (executor download); default `http://<hostname>:<listen-port>`.',
  ),
  executorPath: o(
    str,
    '',
    'http',
    'Executor bundle to serve to the Mesos fetcher; default: the one beside the scheduler binary.',
    { check: readableFile },
  ),
  executorRuntimeUrl: o(
    checkedString('Node.js runtime archive', runtimeSourceProblem),
    undefined,
    'http',
    'Node.js the executor runs on, which the scheduler fetches, checks and serves to the agents: `node-v<version>-linux-x64-glibc-217.tar.gz` (or `.tar.xz`) of unofficial-builds.nodejs.org, which runs on glibc 2.17+ (CentOS/RHEL 7, Ubuntu 14.04); an http(s) or file:// URL or an absolute path. Required.',
  ),
  executorRuntimeSha256: o(
    pattern('sha256 (64 hex digits)', /^[0-9a-fA-F]{64}$/),
    undefined,
    'http',
    "The runtime archive's sha256 (its line in the release's `SHASUMS256.txt`); checked at start, before it is served. Required.",
  ),
  operatorToken: o(
    TokenFromInput,
    '',
    'http',
    'Bearer token for operator actions (retry, pause, approve): 24 or more characters without spaces (e.g. `openssl rand -hex 24`); empty disables them.',
    { secret: true },
  ),
  stateStore: o(
    oneOf(['file', 'zk'] as const),
    'file',
    'state',
    'Where the framework keeps its state: a local file, or ZooKeeper (several instances, leader election).',
  ),
  stateFile: o(
    NonEmpty,
    './scaleio-framework.state.json',
    'state',
    'State file for `--state-store file`; its directory must exist.',
    { check: fileInExistingDirectory },
  ),
  stateLockLease: o(
    TimerSecondsFromInput,
    60,
    'state',
    "Seconds the state file's lock (`<state-file>.lock`) lasts unless renewed; the holder renews it every third of that. A lock whose lease ran out is taken over at start whatever its host or pid (a scheduler that crashed elsewhere never strands the file).",
  ),
  breakLock: o(
    BooleanFromInput,
    'false',
    'state',
    'Take the state file lock over at start even while its lease runs. Only when you know the holder is gone: two schedulers on one file race (each write is atomic; the loser stops).',
  ),
  zkUrl: o(
    orEmpty(ZkUrl),
    '',
    'state',
    'ZooKeeper for `--state-store zk`: `zk://h1:2181,h2:2181/scaleio-framework`.',
  ),
  mode: o(
    oneOf(['full', 'existing'] as const),
    'full',
    'scaleio',
    '`full`: deploy the MDM cluster too; `existing`: join the system at `--existing-mdm-ips`.',
  ),
  mdmCount: o(oneOf(['3', '5'] as const), '3', 'scaleio', 'MDM cluster size in full mode.'),
  systemName: o(
    NonEmpty,
    'scaleio',
    'scaleio',
    'ScaleIO system name (set at creation, used by REX-Ray).',
  ),
  protectionDomain: o(NonEmpty, 'default', 'scaleio', 'Protection domain of the automatic pool.'),
  storagePool: o(NonEmpty, 'default', 'scaleio', 'Storage pool that free disks go into.'),
  faultSetAttribute: o(
    str,
    'rack',
    'scaleio',
    'Agent attribute whose values become fault sets (at least 3 distinct values); empty: none.',
  ),
  failureDomainAttribute: o(str, 'zone', 'scaleio', 'Agent attribute MDMs are spread across.'),
  existingMdmIps: o(
    listOf('IPv4 addresses', (a) =>
      isIpv4(a) ? undefined : `${JSON.stringify(a.slice(0, 40))} is not an IPv4 address`,
    ),
    '',
    'scaleio',
    'MDM addresses of an existing system (mode `existing`).',
  ),
  gatewayUrl: o(
    url,
    '',
    'scaleio',
    'Gateway URL; default in full mode `https://<primary MDM ip>`.',
  ),
  gatewayUser: o(NonEmpty, 'admin', 'scaleio', 'Gateway user.'),
  password: o(
    PasswordFromInput,
    undefined,
    'scaleio',
    'ScaleIO admin password (MDM, gateway, LIA, REX-Ray). Required: set `SCALEIO_PASSWORD` or `--password-file`; as a flag it is visible in `ps` (a warning is logged).',
    { secret: true },
  ),
  passwordFile: o(
    str,
    '',
    'scaleio',
    'File whose first line is the admin password (flag or environment only; mode 0600, e.g. a mounted secret).',
    { check: readableFile },
  ),
  gatewayCaFile: o(str, '', 'scaleio', 'CA bundle (PEM) that signed the gateway certificate.', {
    check: pemCertificateFile,
  }),
  gatewayFingerprint: o(
    checkedString('SHA-256 fingerprint (64 hex digits, `:`-separated or not), or empty', (s) =>
      s === '' || normalizeFingerprint(s) !== undefined ? undefined : 'not a SHA-256 fingerprint',
    ),
    '',
    'scaleio',
    "Pin the gateway's certificate by its SHA-256 (an existing system's self-signed gateway). Default in full mode: the fingerprint the gateway's node reports at install.",
  ),
  gatewayInsecure: o(
    BooleanFromInput,
    'false',
    'scaleio',
    'No verification of the gateway certificate, and plain `http://` allowed; logged loudly at start. REX-Ray and the gateway are configured to match.',
  ),
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
    'Service name of the Mesos agent (restarted one node at a time at the end).',
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
    1,
    'install',
    'Mesos agents restarted at once in the rolling restart. 1 (the default) restarts one at a time; above 1, only nodes of one fault set restart together and MDM nodes always restart alone.',
  ),
  healingEnabled: o(
    BooleanFromInput,
    'false',
    'healing',
    'Grow storage pools with cloud volumes before they fill (AWS EBS).',
  ),
  healingConfig: o(
    str,
    '',
    'healing',
    'YAML or JSON file with the healing policy: thresholds, samples, lead time, cooldown, step size, caps, daily budget, dry run, approval mode, volume type/IOPS/throughput/encryption/KMS key, tags (see the README).',
    { check: readableFile },
  ),
  healingInterval: o(
    TimerSecondsFromInput,
    30,
    'healing',
    'Seconds between pool statistics samples.',
  ),
  instanceIdAttribute: o(
    NonEmpty,
    'aws_instance_id',
    'healing',
    'Agent attribute that holds the EC2 instance id of the agent.',
  ),
  clusterId: o(
    orEmpty(token('cluster id')),
    '',
    'healing',
    'Name that tags and owns the cloud volumes of this cluster (default: the framework name).',
  ),
  awsRegion: o(
    orEmpty(pattern('AWS region (e.g. us-east-1)', /^[a-z]{2}(-[a-z]+)+-\d+$/)),
    '',
    'healing',
    'AWS region (default: from the SDK chain or the instance metadata).',
  ),
  ec2Endpoint: o(
    url,
    '',
    'healing',
    'EC2 endpoint override (a VPC endpoint; ec2-sim in tests). Credentials come from the AWS SDK default chain.',
  ),
  logLevel: o(oneOf(['debug', 'info', 'warn', 'error'] as const), 'info', 'logging', 'Log level.'),
};

/** The option keys. */
export type OptionKey = keyof typeof schedulerOptions;

/** The decoded configuration: one typed value per option. */
export type Config = ConfigOf<typeof schedulerOptions>;

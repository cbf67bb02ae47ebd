import { describeError, parseMasterSource, roleProblem } from '@scaleio-framework/mesos';
import { normalizeFingerprint } from '@scaleio-framework/scaleio';
import { parseZkStoreUrl, runtimeSourceProblem } from '@scaleio-framework/scheduler';
import {
  BooleanFromInput,
  checkedString,
  fileInExistingDirectory,
  HttpUrl,
  isIpv4,
  listOf,
  MesosSecondsFromInput,
  NonEmpty,
  oneOf,
  option as o,
  orEmpty,
  PasswordFromInput,
  pattern,
  placementOptions,
  healingOptions,
  launchOptions,
  upgradeOptions,
  pemCertificateFile,
  PortFromInput,
  readableFile,
  StringFromInput,
  TimerSecondsFromInput,
  TokenFromInput,
  type ConfigOf,
  type OptionSpec,
} from '@scaleio-framework/operator';
import { installOptions } from './options-install.js';

export { flagOf, envOf } from '@scaleio-framework/operator';
export type { OptionSpec };

const str = StringFromInput;
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
  ...launchOptions,
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
  ...placementOptions,
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
  ...installOptions,
  ...upgradeOptions,
  ...healingOptions,
  logLevel: o(oneOf(['debug', 'info', 'warn', 'error'] as const), 'info', 'logging', 'Log level.'),
};

/** The option keys. */
export type OptionKey = keyof typeof schedulerOptions;

/** The decoded configuration: one typed value per option. */
export type Config = ConfigOf<typeof schedulerOptions>;

import * as t from 'io-ts';
import {
  BooleanFromInput,
  HttpUrl,
  ListFromInput,
  NonEmpty,
  NumberFromInput,
  oneOf,
  PortFromInput,
  PositiveIntFromInput,
  SecretFromInput,
} from './codecs.js';

/** One configuration option: its codec, where it can come from, its default and meaning. */
export interface OptionSpec<A = unknown> {
  readonly codec: t.Type<A, unknown, unknown>;
  /** Raw default (as a flag or environment value would give it); `undefined`: required. */
  readonly default: unknown;
  readonly doc: string;
  /** Extra environment variables read after the primary one (e.g. Marathon's `PORT0`). */
  readonly envAliases?: readonly string[];
  /** A secret: never printed, never echoed in an error. */
  readonly secret?: boolean;
  /** Grouping in the reference table. */
  readonly group: string;
}

const o = <A>(
  codec: t.Type<A, unknown, unknown>,
  def: unknown,
  group: string,
  doc: string,
  extra: { envAliases?: readonly string[]; secret?: boolean } = {},
): OptionSpec<A> => ({ codec, default: def, group, doc, ...extra });

const str = t.string as unknown as t.Type<string, unknown, unknown>;

/**
 * Every option of `scaleio-scheduler`. The key is the file key; the flag is `--<kebab-case>`
 * and the environment variable `SCALEIO_<UPPER_SNAKE>`. Precedence: flag, environment, file,
 * default.
 */
export const schedulerOptions = {
  master: o(
    NonEmpty,
    'http://127.0.0.1:5050',
    'mesos',
    'Mesos master: `http://host:5050`, several comma-separated, or `zk://h1:2181,h2:2181/mesos`.',
  ),
  role: o(
    NonEmpty,
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
    PositiveIntFromInput,
    604800,
    'mesos',
    'Seconds Mesos keeps the framework and its tasks after the scheduler disconnects.',
  ),
  discoveryInterval: o(
    PositiveIntFromInput,
    60,
    'mesos',
    'Seconds between looks for newly joined agents while offers are suppressed (a REVIVE).',
  ),
  reconcileInterval: o(
    PositiveIntFromInput,
    300,
    'mesos',
    'Seconds between implicit task reconciliations (explicit ones run at every subscribe).',
  ),
  listenHost: o(
    NonEmpty,
    '0.0.0.0',
    'http',
    'Address the HTTP server (status, metrics, executor artifact) binds.',
  ),
  listenPort: o(PortFromInput, 8080, 'http', 'Port of the HTTP server (0: any free port).', {
    envAliases: ['PORT0', 'PORT'],
  }),
  advertiseUrl: o(
    str,
    '',
    'http',
    'URL agents use to reach this scheduler (executor download); default `http://<hostname>:<listen-port>`.',
  ),
  executorPath: o(
    str,
    '',
    'http',
    'Executor bundle to serve to the Mesos fetcher; default: the one beside the scheduler binary.',
  ),
  operatorToken: o(
    SecretFromInput,
    '',
    'http',
    'Bearer token for operator actions (retry, pause, approve); empty disables them.',
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
    'State file for `--state-store file`.',
  ),
  zkUrl: o(
    str,
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
    ListFromInput,
    '',
    'scaleio',
    'MDM addresses of an existing system (mode `existing`).',
  ),
  gatewayUrl: o(
    str,
    '',
    'scaleio',
    'Gateway URL; default in full mode `https://<primary MDM ip>`.',
  ),
  gatewayUser: o(NonEmpty, 'admin', 'scaleio', 'Gateway user.'),
  password: o(
    SecretFromInput,
    undefined,
    'scaleio',
    'ScaleIO admin password (MDM, gateway, LIA, REX-Ray). Required.',
    { secret: true },
  ),
  gatewayCaFile: o(str, '', 'scaleio', 'CA bundle (PEM) that signed the gateway certificate.'),
  gatewayInsecure: o(
    BooleanFromInput,
    'false',
    'scaleio',
    'Skip TLS verification of the gateway (logged as a warning).',
  ),
  packageRepoUrl: o(
    HttpUrl,
    'http://127.0.0.1:8081/',
    'install',
    'Base URL of the package repository agents download ScaleIO, REX-Ray and module packages from.',
  ),
  scaleioVersion: o(
    NonEmpty,
    '2.0-10000.2072',
    'install',
    'ScaleIO package version (files named as the release assets, under --package-repo-url).',
  ),
  rexrayVersion: o(NonEmpty, '0.11.4', 'install', 'REX-Ray package version.'),
  dvdcliVersion: o(NonEmpty, '0.3.1', 'install', 'dvdcli package version.'),
  dvdiVersion: o(NonEmpty, '1.0.1', 'install', 'mesos-module-dvdi library version.'),
  agentFlags: o(
    NonEmpty,
    'mesos-slave-dir',
    'install',
    'Where agents keep their flags: `mesos-slave-dir` (/etc/mesos-slave/*) or `flags-file:<path>`; isolation flags are merged, never overwritten.',
  ),
  agentService: o(
    NonEmpty,
    'mesos-slave',
    'install',
    'Service name of the Mesos agent (restarted one node at a time at the end).',
  ),
  diskAllow: o(
    ListFromInput,
    '',
    'install',
    'Block devices an SDS may be given, comma-separated paths or `*` globs (e.g. `/dev/xvd*,/dev/nvme*`); empty: any free disk. Carried to each node in its `sds` step spec.',
  ),
  diskDeny: o(
    ListFromInput,
    '',
    'install',
    'Block devices an SDS is never given (paths or `*` globs); a device left out is reported in the step result and skipped, never fatal to its node.',
  ),
  diskMinSizeGib: o(
    NumberFromInput,
    0,
    'install',
    'Smallest device (GiB) an SDS is given; 0: any non-empty disk.',
  ),
  mdmMinCpus: o(
    NumberFromInput,
    1.5,
    'install',
    'Free CPUs an agent needs to be chosen as an MDM.',
  ),
  mdmMinMemMb: o(
    NumberFromInput,
    3072,
    'install',
    'Free memory (MB) an agent needs to be chosen as an MDM.',
  ),
  stepCpus: o(NumberFromInput, 0.1, 'install', 'CPUs each install-step task uses.'),
  stepMemMb: o(NumberFromInput, 64, 'install', 'Memory (MB) each install-step task uses.'),
  maxAttempts: o(
    PositiveIntFromInput,
    5,
    'install',
    'Attempts of a step before its node is marked failed.',
  ),
  declineRefuseSeconds: o(
    NumberFromInput,
    30,
    'install',
    '`refuse_seconds` sent with declined offers.',
  ),
  maxConcurrentRestarts: o(
    PositiveIntFromInput,
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
  ),
  healingInterval: o(
    PositiveIntFromInput,
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
    str,
    '',
    'healing',
    'Name that tags and owns the cloud volumes of this cluster (default: the framework name).',
  ),
  awsRegion: o(
    str,
    '',
    'healing',
    'AWS region (default: from the SDK chain or the instance metadata).',
  ),
  ec2Endpoint: o(
    str,
    '',
    'healing',
    'EC2 endpoint override (a VPC endpoint; ec2-sim in tests). Credentials come from the AWS SDK default chain.',
  ),
  logLevel: o(oneOf(['debug', 'info', 'warn', 'error'] as const), 'info', 'logging', 'Log level.'),
};

/** The option keys. */
export type OptionKey = keyof typeof schedulerOptions;

/** `failoverTimeout` -> `--failover-timeout`. */
export const flagOf = (key: string): string =>
  `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
/** `failoverTimeout` -> `SCALEIO_FAILOVER_TIMEOUT`. */
export const envOf = (key: string): string =>
  `SCALEIO_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;

/**
 * The capacity-healing options of `scaleio-scheduler` (which cloud, where its API is, how pools
 * are sampled) and of its rolling upgrade. The scheduler app spreads them into its option table.
 *
 * @module
 */
import {
  BooleanFromInput,
  HttpUrl,
  intBetween,
  NonEmpty,
  oneOf,
  orEmpty,
  pattern,
  StringFromInput,
  TimerSecondsFromInput,
} from './codecs.js';
import { readableFile } from './checks.js';
import { option as o } from './load.js';

/** A name that reaches a shell or a cloud tag: letters, digits and `._@+-` only. */
export const shellToken = (what: string) =>
  pattern(`${what} (letters, digits, '.', '_', '-', '@', '+')`, /^[A-Za-z0-9._@+-]+$/);

const url = orEmpty(HttpUrl);

/** The healing options (an option table's rows). */
export const healingOptions = {
  healingEnabled: o(
    BooleanFromInput,
    'false',
    'healing',
    'Grow storage pools with cloud volumes before they fill (AWS EBS or GCE persistent disks).',
  ),
  provider: o(
    oneOf(['aws', 'gce'] as const),
    'aws',
    'healing',
    'Cloud of the healing volumes: `aws` (EBS) or `gce` (Compute Engine persistent disks).',
  ),
  healingConfig: o(
    StringFromInput,
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
    'Agent attribute that holds the cloud machine of the agent (EC2 instance id; GCE instance name).',
  ),
  clusterId: o(
    orEmpty(shellToken('cluster id')),
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
  gceProject: o(
    StringFromInput,
    '',
    'healing',
    "With `--provider gce`: the project of the disks (default: the credentials' project, on GCE the metadata server's).",
  ),
  gceEndpoint: o(
    url,
    '',
    'healing',
    'With `--provider gce`: Compute Engine API endpoint override (gce-sim in tests). Credentials come from Application Default Credentials.',
  ),
};

/** The rolling-upgrade options: a `--scaleio-version` the gateway does not report everywhere starts it. */
export const upgradeOptions = {
  upgradeVerifySeconds: o(
    intBetween(10, 86_400),
    600,
    'install',
    'Rolling upgrade: seconds an upgraded node may take to show the new version with the cluster healthy (ClusteredNormal, nothing degraded or rebuilding) before the upgrade stops at it.',
  ),
  upgradeTaskSeconds: o(
    intBetween(10, 86_400),
    1800,
    'install',
    "Rolling upgrade: seconds one node's upgrade task (download, sha256 check, rpm -U / dpkg -i, service restart) may run before it counts as failed.",
  ),
};

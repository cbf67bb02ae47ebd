/**
 * The clouds the healing e2e runs against, as values: how the scheduler is pointed at each
 * (flags, environment, volume type, the agent attribute naming its machine) and how a test reads
 * the cloud's own records (its simulator's volumes) and slows its operations down. A test written
 * over {@link Cloud} runs unchanged for EBS (ec2-sim) and Compute Engine persistent disks (gce-sim).
 */
import type { SimCluster } from './cluster.js';

/** A volume as its cloud simulator records it. */
export interface CloudVolume {
  /** The provider's volume id (`vol-…`, `zones/<zone>/disks/<name>`). */
  readonly id: string;
  readonly sizeGiB: number;
  readonly volumeType: string;
  readonly tags: Readonly<Record<string, string>>;
  /** The machine it is attached to (or attaching to), as the agent attribute names it. */
  readonly node?: string;
  /** Attached for good (not attaching or detaching). */
  readonly attached: boolean;
  /** Detaching from its machine right now. */
  readonly detaching: boolean;
}

/** One cloud under test. */
export interface Cloud {
  readonly name: 'aws' | 'gce';
  /** The simulated cluster's `cloud` option. */
  readonly cluster: 'aws' | 'gce';
  /** The volume type the policy asks for. */
  readonly volumeType: string;
  /** Scheduler flags selecting this provider against the cluster's simulator. */
  readonly args: (c: SimCluster) => readonly string[];
  /** Scheduler environment: the credentials of the cloud's standard chain. */
  readonly env: (c: SimCluster) => Record<string, string>;
  /** What a secret of the credentials looks like: it must appear in no log line and no status. */
  readonly secret: RegExp;
  /** Every live volume, as the simulator records it. */
  readonly volumes: (c: SimCluster) => CloudVolume[];
  /** Durations of the cloud's create and attach from now on (ms). */
  readonly setTimings: (c: SimCluster, t: { createMs?: number; attachMs?: number }) => void;
}

/** Fake AWS credentials for ec2-sim: the secret must never show in the status or the logs. */
const awsSecret = 'e2e-secret-key-never-shown';

/** EBS through ec2-sim. */
export const aws: Cloud = {
  name: 'aws',
  cluster: 'aws',
  volumeType: 'gp3',
  args: (c) => ['--ec2-endpoint', c.ec2.url, '--aws-region', 'us-east-1'],
  env: () => ({ AWS_ACCESS_KEY_ID: 'AKIDE2ETEST', AWS_SECRET_ACCESS_KEY: awsSecret }),
  secret: new RegExp(awsSecret),
  volumes: (c) =>
    c.ec2.volumes().map((v) => ({
      id: v.volumeId,
      sizeGiB: v.sizeGiB,
      volumeType: v.volumeType,
      tags: v.tags,
      ...(v.attachment === undefined ? {} : { node: v.attachment.instanceId }),
      attached: v.attachment?.state === 'attached',
      detaching: v.attachment?.state === 'detaching',
    })),
  setTimings: (c, t) => void c.ec2.setTimings(t),
};

const gceOf = (c: SimCluster) => {
  if (c.gce === undefined) throw new Error('the cluster has no gce-sim (cloud: gce)');
  return c.gce;
};

/**
 * Compute Engine persistent disks through gce-sim: credentials from Application Default
 * Credentials, found at the sim's metadata server (`GCE_METADATA_HOST`) as on a GCE VM.
 */
export const gce: Cloud = {
  name: 'gce',
  cluster: 'gce',
  volumeType: 'pd-balanced',
  args: (c) => [
    '--provider',
    'gce',
    '--gce-endpoint',
    gceOf(c).url,
    '--instance-id-attribute',
    'gce_instance',
  ],
  env: (c) => ({ GCE_METADATA_HOST: gceOf(c).metadataHost }),
  // The access tokens gce-sim's metadata server issues (`ya29.sim-…`).
  secret: /ya29\./,
  volumes: (c) =>
    gceOf(c)
      .disks()
      .map((d) => ({
        id: d.id,
        sizeGiB: d.sizeGb,
        volumeType: d.type,
        tags: d.labels,
        ...((d.users[0] ?? d.attaching) === undefined ? {} : { node: d.users[0] ?? d.attaching }),
        attached: d.users.length > 0,
        detaching: false,
      })),
  setTimings: (c, t) => void gceOf(c).setTimings(t),
};

/** Both clouds, for tests parametrised over them. */
export const clouds: readonly Cloud[] = [aws, gce];

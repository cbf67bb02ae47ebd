import type { ClusterSpec } from '../spec.js';
import type { DiskPolicy } from '../task-data.js';

/** Versions of what the deploy installs (the files come from the package repository). */
export interface InstallVersions {
  readonly scaleio: string;
  readonly rexray: string;
  readonly dvdcli: string;
  readonly dvdi: string;
}

/**
 * What every deploy step spec carries besides its node's facts. No secret: the shell adds the
 * admin password to the steps whose plan row uses it, at the moment the task leaves.
 */
export interface StepSpecSettings {
  readonly gatewayUser: string;
  readonly packageRepoUrl: string;
  /** The configured gateway URL; empty: `https://<primary MDM ip>` (see `gatewayUrlOf`). */
  readonly gatewayUrl: string;
  readonly versions: InstallVersions;
  /** Where agents keep their flags: `mesos-slave-dir` or `flags-file:<path>`. */
  readonly agentFlags: string;
  /** The agent's service name (restarted by the last step). */
  readonly agentService: string;
  /** Skip TLS verification between REX-Ray/gateway and the MDM. */
  readonly insecureTls: boolean;
  /** Which disks an SDS may be given (carried in the `sds` step spec); absent: every free disk. */
  readonly diskPolicy?: DiskPolicy;
  /** The sha256 of every package file by file name (carried by the steps that download one). */
  readonly packageSha256?: Readonly<Record<string, string>>;
  /** PEM CA bundle of an https package repository (carried with the digests). */
  readonly packageRepoCa?: string;
}

/** Everything the scheduler core decides with, besides the observations. */
export interface SchedulerSettings {
  readonly spec: ClusterSpec;
  readonly steps: StepSpecSettings;
  /**
   * How long a launched task may stay TASK_STAGING before it is killed and, once known not to
   * run, launched again (see `launch-timeout.ts`); default `DEFAULT_LAUNCH_TIMEOUT_MS`.
   */
  readonly launchTimeoutMs?: number;
}

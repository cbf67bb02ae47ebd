/** What the orchestrator works from, taken from the scheduler's configuration. */
import {
  defaultClusterSpec,
  type ClusterSpec,
  type DiskPolicy,
} from '@scaleio-framework/orchestrator';
import type { Config } from '../config/load.js';

/** The cluster spec of a configuration. */
export const clusterSpecOf = (c: Config): ClusterSpec => ({
  ...defaultClusterSpec,
  mode: c.mode,
  mdmCount: c.mdmCount === '5' ? 5 : 3,
  systemName: c.systemName,
  protectionDomain: c.protectionDomain,
  storagePool: c.storagePool,
  faultSetAttribute: c.faultSetAttribute,
  failureDomainAttribute: c.failureDomainAttribute,
  rackAttribute: c.rackAttribute,
  faultSetDefault: c.faultSetDefault,
  placementQuietMs: Math.round(c.placementQuietSeconds * 1000),
  placementExpectedAgents: c.placementExpectedAgents,
  placementMaxWaitMs: Math.round(c.placementMaxWaitSeconds * 1000),
  mdmMinCpus: c.mdmMinCpus,
  mdmMinMemMb: c.mdmMinMemMb,
  stepCpus: c.stepCpus,
  stepMemMb: c.stepMemMb,
  repoInstallMemMb: c.repoInstallMemMb,
  packageInstallMemMb: c.packageInstallMemMb,
  gatewayMemMb: c.gatewayMemMb,
  executorMemMb: c.executorMemMb,
  maxAttempts: c.maxAttempts,
  declineRefuseSeconds: c.declineRefuseSeconds,
  maxConcurrentRestarts: c.maxConcurrentRestarts,
  existingMdmIps: c.existingMdmIps,
});

/** The disk policy of the `sds` steps; undefined when no option narrows it (every free disk). */
export const diskPolicyOf = (c: Config): DiskPolicy | undefined =>
  c.diskAllow.length === 0 && c.diskDeny.length === 0 && c.diskMinSizeGib <= 0
    ? undefined
    : {
        ...(c.diskAllow.length > 0 ? { allow: [...c.diskAllow] } : {}),
        ...(c.diskDeny.length > 0 ? { deny: [...c.diskDeny] } : {}),
        ...(c.diskMinSizeGib > 0 ? { minSizeBytes: Math.round(c.diskMinSizeGib * 2 ** 30) } : {}),
      };

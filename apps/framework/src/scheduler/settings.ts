/** The cluster spec the orchestrator works from, taken from the scheduler's configuration. */
import { defaultClusterSpec, type ClusterSpec } from '@scaleio-framework/orchestrator';
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
  mdmMinCpus: c.mdmMinCpus,
  mdmMinMemMb: c.mdmMinMemMb,
  stepCpus: c.stepCpus,
  stepMemMb: c.stepMemMb,
  maxAttempts: c.maxAttempts,
  declineRefuseSeconds: c.declineRefuseSeconds,
  maxConcurrentRestarts: c.maxConcurrentRestarts,
  existingMdmIps: c.existingMdmIps,
});

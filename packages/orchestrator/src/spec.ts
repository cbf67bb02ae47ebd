import * as t from 'io-ts';

/** Where the MDM cluster comes from: deployed by us, or an existing system we join. */
export const DeployMode = t.keyof({ full: null, existing: null });
/** Where the MDM cluster comes from. */
export type DeployMode = t.TypeOf<typeof DeployMode>;

/**
 * What the operator asked for. Built by the app from its configuration; every field has a
 * default in {@link defaultClusterSpec}.
 */
export const ClusterSpec = t.type({
  mode: DeployMode,
  /** MDM cluster size in full mode: 3 (primary, secondary, tiebreaker) or 5 (+1 each). */
  mdmCount: t.union([t.literal(3), t.literal(5)]),
  systemName: t.string,
  protectionDomain: t.string,
  storagePool: t.string,
  /** Agent attribute whose values become fault sets (rack, zone); empty: no fault sets. */
  faultSetAttribute: t.string,
  /** Agent attribute used to spread MDMs across failure domains when choosing them. */
  failureDomainAttribute: t.string,
  /** Free resources an agent needs to be chosen as an MDM automatically. */
  mdmMinCpus: t.number,
  mdmMinMemMb: t.number,
  /** Resources each install-step task asks for. */
  stepCpus: t.number,
  stepMemMb: t.number,
  /** The executor's own resources, charged once per agent (by the task that starts it). */
  executorCpus: t.number,
  executorMemMb: t.number,
  /** Attempts before a node is marked failed. */
  maxAttempts: t.number,
  /** Retry backoff: base * 2^(attempt-1), capped. */
  retryBaseMs: t.number,
  retryMaxMs: t.number,
  /** `refuse_seconds` of the filters sent with DECLINE. */
  declineRefuseSeconds: t.number,
  /**
   * Agents restarted at once in the rolling restart (default 1: one at a time). Above 1, nodes
   * restart together only within one fault set (which ScaleIO tolerates losing as a whole), and
   * MDM nodes always restart alone.
   */
  maxConcurrentRestarts: t.number,
  /** MDM addresses of the existing system (mode `existing`). */
  existingMdmIps: t.array(t.string),
});
/** What the operator asked for. */
export type ClusterSpec = t.TypeOf<typeof ClusterSpec>;

/** Defaults for every {@link ClusterSpec} field. */
export const defaultClusterSpec: ClusterSpec = {
  mode: 'full',
  mdmCount: 3,
  systemName: 'scaleio',
  protectionDomain: 'default',
  storagePool: 'default',
  faultSetAttribute: 'rack',
  failureDomainAttribute: 'zone',
  mdmMinCpus: 1.5,
  mdmMinMemMb: 3072,
  stepCpus: 0.1,
  stepMemMb: 64,
  executorCpus: 0.05,
  executorMemMb: 64,
  maxAttempts: 5,
  retryBaseMs: 5_000,
  retryMaxMs: 300_000,
  declineRefuseSeconds: 30,
  maxConcurrentRestarts: 1,
  existingMdmIps: [],
};

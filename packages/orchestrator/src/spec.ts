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
  /** Agent attribute used to spread MDMs across failure domains when choosing them (zone). */
  failureDomainAttribute: t.string,
  /** The second level MDMs are spread across, after the zone (rack). */
  rackAttribute: t.string,
  /**
   * Fault set of a storage node without `faultSetAttribute` while fault sets are in use; empty:
   * such a node is held (named in the status) rather than placed outside every fault set.
   */
  faultSetDefault: t.string,
  /**
   * The settle window before MDM roles are committed (`placement.ts`): committed once no new
   * agent appeared for `placementQuietMs`, at once when `placementExpectedAgents` (0: not used)
   * have been seen, and at the latest `placementMaxWaitMs` after the first agent.
   */
  placementQuietMs: t.number,
  placementExpectedAgents: t.number,
  placementMaxWaitMs: t.number,
  /** Free resources an agent needs to be chosen as an MDM automatically. */
  mdmMinCpus: t.number,
  mdmMinMemMb: t.number,
  /** CPUs each step task asks for. */
  stepCpus: t.number,
  /**
   * Memory (MB) of each kind of step task (`resources.ts` `taskKindOf`): `light` steps (scli,
   * files, restarts, probes), distribution packages, one package file, the gateway. The
   * executor's memory is charged beside it: they share the container's limit.
   */
  stepMemMb: t.number,
  repoInstallMemMb: t.number,
  packageInstallMemMb: t.number,
  gatewayMemMb: t.number,
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
   * Agents restarted at once in the rolling restart, across fault domains: at most one per fault
   * domain at a time, MDM nodes alone (`restarts.ts`); 1 restarts one agent at a time.
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
  rackAttribute: 'rack',
  faultSetDefault: '',
  // Offers from the agents Mesos knows arrive within a second of SUBSCRIBE or a REVIVE (one
  // allocation interval, `--allocation_interval` 1 s by default:
  // https://mesos.apache.org/documentation/latest/configuration/master/); two quiet
  // seconds let a cluster's agents all show before the MDM roles are fixed for good.
  placementQuietMs: 2_000,
  placementExpectedAgents: 0,
  placementMaxWaitMs: 60_000,
  mdmMinCpus: 1.5,
  mdmMinMemMb: 3072,
  stepCpus: 0.1,
  // Memory defaults, each the peak of the step's tools (node-sim facts/memory.ts cites each one)
  // with headroom; the executor's is held beside it in the same container. The original framework
  // ran each node's whole install as one task of 3,072 MB on MDM nodes and 512 MB on data nodes
  // (scaleio-scheduler config.go `-executor.mem.mdm` / `-executor.mem.non`).
  // light: scli (~32 MB), service clients (~8 MB), lsblk and friends (~4 MB).
  stepMemMb: 64,
  // apt-get ~170 MB (PatchMon/PatchMon#557, peak 289 MB); dnf, RHEL 8's yum, over 500 MB
  // (rpm-software-management/dnf#2010); EL7 yum loads 177-470 MB metadata caches (ansible#21098).
  repoInstallMemMb: 768,
  // dpkg/rpm of one ScaleIO, REX-Ray or dvdcli package and its install scripts (rpm maps its
  // Berkeley DB rpmdb; SysV scripts start REX-Ray in the caller on Ubuntu 14.04).
  packageInstallMemMb: 256,
  // the gateway package's scripts run the JVM: keytool, and on Ubuntu 14.04 (SysV) Tomcat's start;
  // Java 8 takes 1/64 of the host's memory as initial heap and is not cgroup-aware before 8u191
  // (JDK-8146115). The original gave MDM nodes 2,560 MB more than data nodes for the MDM, LIA and
  // gateway.
  gatewayMemMb: 1024,
  executorCpus: 0.05,
  // The executor's own resident set (a Node runtime and its bundle: 85-95 MB, peak 106 MB, read
  // from /proc while it deployed under mesos-sim) plus the package file it holds in memory while
  // downloading it (the installers' download reads the body whole).
  executorMemMb: 256,
  maxAttempts: 5,
  retryBaseMs: 5_000,
  retryMaxMs: 300_000,
  declineRefuseSeconds: 30,
  // One per fault domain; the cap only bounds how many agents reregister with the master at once.
  maxConcurrentRestarts: 16,
  existingMdmIps: [],
};

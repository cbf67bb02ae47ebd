/** Settings and injected effects shared by the simulated master and agents. */
import type { Clock } from './clock.js';
import type { SimHistory } from './history.js';

/** Which way a JSON document travelled, as seen by the simulator. */
export type Direction = 'received' | 'sent';

/** Receives every JSON document the simulator accepts or sends, with its proto type name. */
export type JsonObserver = (typeName: string, json: unknown, direction: Direction) => void;

/** Timing settings, all in milliseconds; defaults are Mesos's own. */
export interface Timing {
  /** Scheduler heartbeat interval (Mesos: 15 s; first heartbeat right after SUBSCRIBED). */
  readonly heartbeatMs: number;
  /** How often the allocator runs (Mesos: 1 s). */
  readonly allocationMs: number;
  /** First status update resend delay (Mesos: 10 s), doubled up to `statusRetryMaxMs`. */
  readonly statusRetryMinMs: number;
  /** Largest status update resend delay (Mesos: 10 min). */
  readonly statusRetryMaxMs: number;
  /** Time an executor has to subscribe after launch (Mesos: 1 min). */
  readonly executorRegistrationMs: number;
  /** Time executors have to resubscribe after an agent restart (Mesos: 2 s). */
  readonly executorReregistrationMs: number;
  /** Grace between SHUTDOWN/KILL and SIGKILL (Mesos: 5 s). */
  readonly shutdownGraceMs: number;
  /** `MESOS_RECOVERY_TIMEOUT` given to checkpointing executors (Mesos: 15 min). */
  readonly recoveryTimeoutMs: number;
  /** Interval of HEARTBEAT events to subscribed executors (Mesos: 30 min, the first after 30 min). */
  readonly executorHeartbeatMs: number;
  /**
   * Master `--agent_ping_timeout` (15 s): an agent that answers no ping for
   * `maxAgentPingTimeouts` of these is marked unreachable (master.cpp `SlaveObserver::timeout`).
   */
  readonly agentPingTimeoutMs: number;
  /** Master `--max_agent_ping_timeouts` (5): the health-check window is the product. */
  readonly maxAgentPingTimeouts: number;
  /**
   * Master `--agent_reregister_timeout` (10 min, and at least that on a real master; scaled
   * down here): after a master failover, or after an agent's connection broke, an agent that has
   * not reregistered within it is marked unreachable (`Master::recoveredSlavesTimeout`,
   * `Master::agentReregisterTimeout`).
   */
  readonly agentReregisterTimeoutMs: number;
  /**
   * How long an agent waits before (re)registering once it sees a new leader or its network is
   * back (agent `--registration_backoff_factor`, 1 s: slave.cpp `Slave::detected` waits a random
   * delay up to it; the simulator waits exactly this long). Agents may set their own.
   */
  readonly agentReregisterDelayMs: number;
}

/** Mesos's defaults. */
export const DEFAULT_TIMING: Timing = {
  heartbeatMs: 15_000,
  allocationMs: 1_000,
  statusRetryMinMs: 10_000,
  statusRetryMaxMs: 600_000,
  executorRegistrationMs: 60_000,
  executorReregistrationMs: 2_000,
  shutdownGraceMs: 5_000,
  recoveryTimeoutMs: 900_000,
  executorHeartbeatMs: 1_800_000,
  agentPingTimeoutMs: 15_000,
  maxAgentPingTimeouts: 5,
  agentReregisterTimeoutMs: 600_000,
  agentReregisterDelayMs: 1_000,
};

/** What every simulated component is given. */
export interface SimContext {
  readonly clock: Clock;
  readonly timing: Timing;
  readonly observe: JsonObserver;
  /** Base directory for agent sandboxes. */
  readonly workDir: string;
  /** Environment every executor inherits before the `MESOS_*` variables. */
  readonly executorBaseEnv: Readonly<Record<string, string>>;
  /** One-line diagnostic log (off unless a logger is given). */
  readonly log: (line: string) => void;
  /** What the simulator saw (the ground truth for tests). */
  readonly history: SimHistory;
}

/** How the simulated master and its agents talk (in process, standing in for libprocess messages). */
import type {
  Attribute,
  ExecutorInfo,
  FrameworkInfo,
  Resource,
  TaskInfo,
  TaskStatus,
} from '../wire/common.js';
import type { Bag } from './resources.js';

/** A task as an agent reports it when it (re)registers (`ReregisterSlaveMessage.tasks`). */
export interface ReportedTask {
  readonly frameworkId: string;
  readonly executorId: string | undefined;
  readonly info: TaskInfo;
  /** Its latest state on the agent. */
  readonly state: string;
  /** The state of its oldest unacknowledged update, if any. */
  readonly statusUpdateState: string | undefined;
}

/** What the master may ask of an agent. */
export interface AgentPort {
  readonly id: string;
  readonly hostname: string;
  /** The IP advertised in offers. */
  readonly ip: string;
  /** The agent's HTTP port (executor API). */
  readonly port: () => number;
  readonly resources: readonly Resource[];
  readonly attributes: readonly Attribute[];
  /** False while restarting, and for good once removed. */
  readonly isActive: () => boolean;
  /** Resources held by live tasks and executors of every framework. */
  readonly used: () => Bag;
  /** Executors of a framework that run on this agent. */
  readonly executorIds: (frameworkId: string) => string[];
  /** The ExecutorInfo of a running executor, for the compatibility check. */
  readonly executorInfo: (frameworkId: string, executorId: string) => ExecutorInfo | undefined;
  /** Launches tasks (one, or a LAUNCH_GROUP), starting the executor if needed. */
  readonly launch: (
    framework: FrameworkInfo & { id: { value: string } },
    tasks: TaskInfo[],
    executor: ExecutorInfo | undefined,
    group: boolean,
  ) => void;
  readonly kill: (frameworkId: string, taskId: string, gracePeriodNs: number | undefined) => void;
  /** The scheduler acknowledged an update: returns its state when it matched the head, else undefined. */
  readonly acknowledge: (frameworkId: string, taskId: string, uuid: string) => string | undefined;
  readonly message: (frameworkId: string, executorId: string, data: string) => void;
  readonly shutdownExecutor: (frameworkId: string, executorId: string) => void;
  /** Kills everything of a removed framework. */
  readonly shutdownFramework: (frameworkId: string) => void;
  /** The framework (re)subscribed: resend pending status updates now. */
  readonly resumeUpdates: (frameworkId: string) => void;
  /** The agent (re)registered: resend every pending status update now. */
  readonly resumeAllUpdates: () => void;
  /** Tasks it has: not terminal, or terminal with updates not yet acknowledged. */
  readonly report: () => ReportedTask[];
  /** Frameworks that have executors or pending updates here. */
  readonly frameworkIds: () => string[];
  /**
   * The master reconciles a task the agent does not have: the agent answers with `state`
   * (TASK_DROPPED or TASK_LOST), REASON_RECONCILIATION, as an agent update with a uuid.
   */
  readonly unknownTask: (frameworkId: string, taskId: string, state: string) => void;
  /** `ShutdownMessage`: the agent kills every executor and task and stops for good. */
  readonly shutdownAll: () => void;
}

/** What an agent tells the master. */
export interface MasterPort {
  /** A status update (head of its task's stream) for the scheduler; carries a uuid. */
  readonly statusUpdate: (
    agentId: string,
    frameworkId: string,
    status: TaskStatus,
    latestState: string,
  ) => void;
  readonly executorMessage: (
    agentId: string,
    frameworkId: string,
    executorId: string,
    data: string,
  ) => void;
  /** An executor exited; `status` is a raw wait status (exit code << 8, or the signal number). */
  readonly executorExited: (
    agentId: string,
    frameworkId: string,
    executorId: string,
    status: number,
  ) => void;
  /** The agent's state for a framework is gone after a restart (tasks unknown to the agent). */
  readonly frameworkInfo: (
    frameworkId: string,
  ) => (FrameworkInfo & { id: { value: string } }) | undefined;
  /** The agent's process stopped (restart): its connection to the master broke. */
  readonly agentDisconnected: (agentId: string) => void;
  /** The agent finished recovery and (re)registers (after its registration backoff). */
  readonly agentRecovered: (agentId: string) => void;
}

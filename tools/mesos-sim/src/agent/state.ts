/** The simulated agent's state: executor runs, their tasks and the status update manager. */
import type { SimContext } from '../context.js';
import type { MasterPort } from '../model/ports.js';
import type { Attribute, ExecutorInfo, FrameworkInfo, Resource, TaskInfo } from '../wire/common.js';
import type { EventStream } from '../wire/stream.js';
import type { Proc } from './process.js';
import type { UpdateManager } from './updates.js';

/** A task on the agent and the latest state it reported. */
export interface TaskEntry {
  readonly info: TaskInfo;
  state: string;
  /** Whether the task was handed to its executor (or started, for built-in runs). */
  sent: boolean;
  killRequested: boolean;
}

/** How a terminated executor's remaining tasks end. */
export interface ExitReason {
  readonly state: string;
  readonly reason: string;
  readonly message: string;
  /** `TaskStatus.limitation` of a container limitation (the resource that was exceeded). */
  readonly limitation?: { readonly resources: readonly Resource[] };
}

/**
 * One executor container. `custom` runs the framework's executor, which speaks the executor API;
 * `command` (a TaskInfo with `command`) and `default` (LAUNCH_GROUP with a DEFAULT executor) are
 * run by the agent itself, one child process per task.
 */
export interface ExecutorRun {
  readonly frameworkId: string;
  readonly executorId: string;
  readonly kind: 'custom' | 'command' | 'default';
  readonly info: ExecutorInfo;
  readonly framework: FrameworkInfo & { id: { value: string } };
  readonly containerId: string;
  readonly sandbox: string;
  readonly checkpoint: boolean;
  /** Processes: the executor's under key `''`, or one per task id for built-in runs. */
  readonly procs: Map<string, Proc>;
  stream: EventStream | undefined;
  /** Launches waiting for the executor to subscribe. */
  readonly queue: { tasks: TaskInfo[]; group: boolean }[];
  readonly tasks: Map<string, TaskEntry>;
  /** The registration, reregistration or kill timer. */
  cancelTimer: (() => void) | undefined;
  exitReason: ExitReason | undefined;
  /** Whether the executor subscribed since the last agent restart. */
  subscribedSinceRestart: boolean;
  terminated: boolean;
}

/**
 * An isolator module the agent loaded (Mesos `Isolator`, e.g. mesos-module-dvdi's): `prepare`
 * before a container's executor or command starts, with the environment of its ExecutorInfo's
 * command (a Left fails the launch); `cleanup` once the container is gone. A module that the
 * agent's flags do not enable does nothing (the module object knows the agent's flags).
 */
export interface IsolatorModule {
  prepare(
    containerId: string,
    env: Readonly<Record<string, string>>,
  ): Promise<{ readonly _tag: 'Left'; readonly left: string } | { readonly _tag: 'Right' }>;
  cleanup(
    containerId: string,
  ): Promise<{ readonly _tag: 'Left'; readonly left: string } | { readonly _tag: 'Right' }>;
}

/** Fault switches of one agent. */
export interface AgentFaults {
  /** Answer this many of the next executor calls with 503 (`Infinity` for all). */
  fail503: number;
}

/** Everything one agent knows. */
export interface AgentState {
  readonly ctx: SimContext;
  readonly id: string;
  readonly hostname: string;
  readonly resources: readonly Resource[];
  readonly attributes: readonly Attribute[];
  /** This agent's own executor environment, over the simulator-wide base. */
  readonly executorEnv: Readonly<Record<string, string>>;
  /** Its `--isolation` flag, split: `cgroups/mem` enforces containers' memory limits. */
  readonly isolation: readonly string[];
  /** Isolator modules it loaded (`--modules`), called around every container. */
  readonly modules: readonly IsolatorModule[];
  readonly master: MasterPort;
  port: number;
  readonly runs: Map<string, ExecutorRun>;
  readonly updates: UpdateManager;
  /** After a restart, until executors had their chance to resubscribe. */
  recovering: boolean;
  removed: boolean;
  readonly faults: AgentFaults;
}

/** Map key of an executor run. */
export const runKey = (frameworkId: string, executorId: string): string =>
  `${frameworkId}\u0000${executorId}`;

/** The `mesos.v1.AgentInfo` of an agent. */
export const agentInfo = (a: AgentState): Record<string, unknown> => ({
  hostname: a.hostname,
  port: a.port,
  id: { value: a.id },
  resources: a.resources,
  attributes: a.attributes,
});

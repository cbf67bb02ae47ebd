/**
 * Codecs of what a task is made of: CommandInfo and its URIs, ContainerInfo with volumes
 * (including DOCKER_VOLUME sources), ExecutorInfo, TaskInfo, and TaskStatus with its enums.
 *
 * @module
 */
import * as t from 'io-ts';
import {
  AgentID,
  Base64,
  DurationInfo,
  ExecutorID,
  FrameworkID,
  Labels,
  Parameter,
  Parameters,
  PlainID,
  Scalar,
  TaskID,
  TimeInfo,
  enumOf,
  list,
  struct,
} from './base.js';
import { Resource, VolumeMode } from './resource.js';

/** `CommandInfo.URI`: something the fetcher downloads into the sandbox. */
export const CommandURI = struct(
  'CommandURI',
  { value: t.string },
  { executable: t.boolean, extract: t.boolean, cache: t.boolean, output_file: t.string },
);
/** `CommandInfo.URI`. */
export type CommandURI = t.TypeOf<typeof CommandURI>;

/** `Environment.Variable` (plain values only; secrets are not used by this client). */
export const EnvironmentVariable = struct(
  'EnvironmentVariable',
  { name: t.string },
  { type: enumOf('EnvironmentVariableType', ['UNKNOWN', 'VALUE', 'SECRET']), value: t.string },
);
/** `mesos.v1.Environment`. */
export const Environment = struct('Environment', {}, { variables: list(EnvironmentVariable) });
/** `mesos.v1.Environment`. */
export type Environment = t.TypeOf<typeof Environment>;

/** `mesos.v1.CommandInfo`. `shell: false` execs `value` with argv = `arguments`. */
export const CommandInfo = struct(
  'CommandInfo',
  {},
  {
    uris: list(CommandURI),
    environment: Environment,
    shell: t.boolean,
    value: t.string,
    arguments: list(t.string),
    user: t.string,
  },
);
/** `mesos.v1.CommandInfo`. */
export type CommandInfo = t.TypeOf<typeof CommandInfo>;

/** `Volume.Source.DockerVolume`: a volume served by a Docker volume driver (e.g. REX-Ray). */
export const DockerVolume = struct(
  'DockerVolume',
  { name: t.string },
  { driver: t.string, driver_options: Parameters },
);
/** `Volume.Source.DockerVolume`. */
export type DockerVolume = t.TypeOf<typeof DockerVolume>;

/** `mesos.v1.Volume` with its `source`. */
export const Volume = struct(
  'Volume',
  { mode: VolumeMode, container_path: t.string },
  {
    host_path: t.string,
    source: struct(
      'VolumeSource',
      {},
      {
        type: enumOf('VolumeSourceType', [
          'UNKNOWN',
          'DOCKER_VOLUME',
          'HOST_PATH',
          'SANDBOX_PATH',
          'SECRET',
          'CSI_VOLUME',
        ]),
        docker_volume: DockerVolume,
        host_path: struct(
          'HostPath',
          { path: t.string },
          {
            mount_propagation: struct(
              'MountPropagation',
              {},
              {
                mode: enumOf('MountPropagationMode', [
                  'UNKNOWN',
                  'HOST_TO_CONTAINER',
                  'BIDIRECTIONAL',
                ]),
              },
            ),
          },
        ),
        sandbox_path: struct(
          'SandboxPath',
          { path: t.string },
          { type: enumOf('SandboxPathType', ['UNKNOWN', 'SELF', 'PARENT']) },
        ),
      },
    ),
  },
);
/** `mesos.v1.Volume`. */
export type Volume = t.TypeOf<typeof Volume>;

/** `ContainerInfo.DockerInfo`. */
export const DockerInfo = struct(
  'DockerInfo',
  { image: t.string },
  {
    network: enumOf('DockerNetwork', ['HOST', 'BRIDGE', 'NONE', 'USER']),
    privileged: t.boolean,
    parameters: list(Parameter),
    force_pull_image: t.boolean,
  },
);

/** `mesos.v1.ContainerInfo`. */
export const ContainerInfo = struct(
  'ContainerInfo',
  { type: enumOf('ContainerType', ['DOCKER', 'MESOS']) },
  { volumes: list(Volume), hostname: t.string, docker: DockerInfo },
);
/** `mesos.v1.ContainerInfo`. */
export type ContainerInfo = t.TypeOf<typeof ContainerInfo>;

/** `mesos.v1.KillPolicy`. */
export const KillPolicy = struct('KillPolicy', {}, { grace_period: DurationInfo });
/** `mesos.v1.KillPolicy`. */
export type KillPolicy = t.TypeOf<typeof KillPolicy>;

/** `mesos.v1.ExecutorInfo`. A CUSTOM executor needs `command`. */
export const ExecutorInfo = struct(
  'ExecutorInfo',
  { executor_id: ExecutorID },
  {
    type: enumOf('ExecutorType', ['UNKNOWN', 'DEFAULT', 'CUSTOM']),
    framework_id: FrameworkID,
    command: CommandInfo,
    container: ContainerInfo,
    resources: list(Resource),
    name: t.string,
    data: Base64,
    shutdown_grace_period: DurationInfo,
    labels: Labels,
  },
);
/** `mesos.v1.ExecutorInfo`. */
export type ExecutorInfo = t.TypeOf<typeof ExecutorInfo>;

/** `mesos.v1.TaskInfo`: exactly one of `command` or `executor` must be set. */
export const TaskInfo = struct(
  'TaskInfo',
  { name: t.string, task_id: TaskID, agent_id: AgentID },
  {
    resources: list(Resource),
    executor: ExecutorInfo,
    command: CommandInfo,
    container: ContainerInfo,
    kill_policy: KillPolicy,
    data: Base64,
    labels: Labels,
    max_completion_time: DurationInfo,
    limits: t.record(t.string, Scalar),
  },
);
/** `mesos.v1.TaskInfo`. */
export type TaskInfo = t.TypeOf<typeof TaskInfo>;

/** `mesos.v1.TaskGroupInfo`. */
export const TaskGroupInfo = struct('TaskGroupInfo', {}, { tasks: list(TaskInfo) });
/** `mesos.v1.TaskGroupInfo`. */
export type TaskGroupInfo = t.TypeOf<typeof TaskGroupInfo>;

/** Every `mesos.v1.TaskState` name. */
export const TASK_STATES = [
  'TASK_STAGING',
  'TASK_STARTING',
  'TASK_RUNNING',
  'TASK_KILLING',
  'TASK_FINISHED',
  'TASK_FAILED',
  'TASK_KILLED',
  'TASK_ERROR',
  'TASK_LOST',
  'TASK_DROPPED',
  'TASK_UNREACHABLE',
  'TASK_GONE',
  'TASK_GONE_BY_OPERATOR',
  'TASK_UNKNOWN',
] as const;
/** `mesos.v1.TaskState`. */
export const TaskState = enumOf('TaskState', TASK_STATES);
/** `mesos.v1.TaskState`. */
export type TaskState = t.TypeOf<typeof TaskState>;

/** The states that are not terminal; every other one is. */
const NOT_TERMINAL: ReadonlySet<TaskState> = new Set<TaskState>([
  'TASK_STAGING',
  'TASK_STARTING',
  'TASK_RUNNING',
  'TASK_KILLING',
  'TASK_UNREACHABLE',
  'TASK_UNKNOWN',
]);
/** Terminal per Mesos's `isTerminalState` (TASK_LOST counts, though it may come back). */
export const isTerminalState = (state: TaskState): boolean => !NOT_TERMINAL.has(state);

/** `TaskStatus.Source`. */
export const TaskStatusSource = enumOf('TaskStatusSource', [
  'SOURCE_MASTER',
  'SOURCE_AGENT',
  'SOURCE_EXECUTOR',
]);
/** `TaskStatus.Source`. */
export type TaskStatusSource = t.TypeOf<typeof TaskStatusSource>;

/** `TaskStatus.Reason`. */
export const TaskStatusReason = enumOf('TaskStatusReason', [
  'REASON_COMMAND_EXECUTOR_FAILED',
  'REASON_CONTAINER_LAUNCH_FAILED',
  'REASON_CONTAINER_LIMITATION',
  'REASON_CONTAINER_LIMITATION_DISK',
  'REASON_CONTAINER_LIMITATION_MEMORY',
  'REASON_CONTAINER_PREEMPTED',
  'REASON_CONTAINER_UPDATE_FAILED',
  'REASON_MAX_COMPLETION_TIME_REACHED',
  'REASON_EXECUTOR_REGISTRATION_TIMEOUT',
  'REASON_EXECUTOR_REREGISTRATION_TIMEOUT',
  'REASON_EXECUTOR_TERMINATED',
  'REASON_EXECUTOR_UNREGISTERED',
  'REASON_FRAMEWORK_REMOVED',
  'REASON_GC_ERROR',
  'REASON_INVALID_FRAMEWORKID',
  'REASON_INVALID_OFFERS',
  'REASON_IO_SWITCHBOARD_EXITED',
  'REASON_MASTER_DISCONNECTED',
  'REASON_RECONCILIATION',
  'REASON_RESOURCES_UNKNOWN',
  'REASON_AGENT_DISCONNECTED',
  'REASON_AGENT_DRAINING',
  'REASON_AGENT_REMOVED',
  'REASON_AGENT_REMOVED_BY_OPERATOR',
  'REASON_AGENT_REREGISTERED',
  'REASON_AGENT_RESTARTED',
  'REASON_AGENT_UNKNOWN',
  'REASON_TASK_KILLED_DURING_LAUNCH',
  'REASON_TASK_CHECK_STATUS_UPDATED',
  'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED',
  'REASON_TASK_GROUP_INVALID',
  'REASON_TASK_GROUP_UNAUTHORIZED',
  'REASON_TASK_INVALID',
  'REASON_TASK_UNAUTHORIZED',
  'REASON_TASK_UNKNOWN',
]);
/** `TaskStatus.Reason`. */
export type TaskStatusReason = t.TypeOf<typeof TaskStatusReason>;

/** `mesos.v1.ContainerStatus` (only the container id is read). */
export const ContainerStatus = struct('ContainerStatus', {}, { container_id: PlainID });

/** `mesos.v1.TaskStatus`. `uuid` (base64 of 16 bytes) is set only when it must be acknowledged. */
export const TaskStatus = struct(
  'TaskStatus',
  { task_id: TaskID, state: TaskState },
  {
    message: t.string,
    source: TaskStatusSource,
    reason: TaskStatusReason,
    data: Base64,
    agent_id: AgentID,
    executor_id: ExecutorID,
    timestamp: t.number,
    uuid: Base64,
    healthy: t.boolean,
    labels: Labels,
    container_status: ContainerStatus,
    unreachable_time: TimeInfo,
  },
);
/** `mesos.v1.TaskStatus`. */
export type TaskStatus = t.TypeOf<typeof TaskStatus>;

/** The master's view of frameworks, offers and tasks. */
import { isTerminalState, TASK_STATES, type TaskState } from '@scaleio-framework/mesos';
import type { EventStream } from '../wire/stream.js';
import type { FrameworkInfo, Resource, TaskInfo, TaskStatus } from '../wire/common.js';
import type { Bag } from './resources.js';

/** The live SUBSCRIBE connection of a framework. */
export interface Subscription {
  readonly streamId: string;
  readonly stream: EventStream;
  readonly stopHeartbeats: () => void;
}

/** A refuse filter: resources of one agent the framework declined, until a time. */
export interface RefuseFilter {
  readonly until: number;
  readonly bag: Bag;
}

/** A framework known to the master. */
export interface Framework {
  readonly id: string;
  info: FrameworkInfo;
  subscription: Subscription | undefined;
  suppressed: Set<string>;
  /** Refuse filters by agent id. */
  filters: Map<string, RefuseFilter>;
  cancelFailover: (() => void) | undefined;
}

/** An outstanding offer. */
export interface Offer {
  readonly id: string;
  readonly frameworkId: string;
  readonly agentId: string;
  readonly role: string;
  readonly bag: Bag;
  readonly json: Record<string, unknown>;
}

/** A task as the master tracks it (from launch until its terminal update is acknowledged). */
export interface MasterTask {
  readonly frameworkId: string;
  readonly agentId: string;
  readonly executorId: string | undefined;
  readonly info: TaskInfo;
  /** Latest state known. */
  state: string;
  /** State of the update being delivered to the scheduler, if any. */
  statusUpdateState: string | undefined;
  latest: TaskStatus | undefined;
  readonly resources: readonly Resource[];
  /** The states it went through with their times (seconds), as `/master/state` lists them. */
  readonly statuses: { state: string; timestamp: number }[];
  /** When its agent was marked unreachable (ms), while it is in the unreachable cache. */
  unreachableTime: number | undefined;
}

/** Whether the framework declared a capability, e.g. `MULTI_ROLE`. */
export const hasCapability = (info: FrameworkInfo, cap: string): boolean =>
  (info.capabilities ?? []).some((c) => c.type === cap);

/** The roles a framework subscribes with (MULTI_ROLE `roles`, else `role` defaulting to `*`). */
export const frameworkRoles = (info: FrameworkInfo): string[] =>
  hasCapability(info, 'MULTI_ROLE') ? [...(info.roles ?? [])] : [info.role ?? '*'];

/**
 * Whether a TaskState name is terminal: Mesos's own `protobuf::isTerminalState`, as the client
 * library encodes it (an unknown name is not terminal).
 */
export const isTerminal = (state: string): boolean => isTaskState(state) && isTerminalState(state);

const isTaskState = (s: string): s is TaskState => (TASK_STATES as readonly string[]).includes(s);

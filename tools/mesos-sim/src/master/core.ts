/** The simulated master's state, shared by every master instance (the replicated log stand-in). */
import type { SimContext } from '../context.js';
import type { Framework, MasterTask, Offer } from '../model/framework.js';
import type { AgentPort } from '../model/ports.js';
import type { Bag } from '../model/resources.js';
import type { TaskStatus } from '../wire/common.js';
import { uuidText } from '../ids.js';

/**
 * An agent as the master sees it (master.hpp `Master::Slaves`): `registered` (connected and
 * active), `disconnected` (its connection broke, e.g. the agent process restarts; it is given
 * `agent_reregister_timeout` to come back), `unreachable` (failed health checks or never came
 * back; its tasks are in the unreachable cache), `recovered` (known from the registry after a
 * master failover, not yet reregistered: none of its tasks are known) and `gone` (marked gone by
 * the operator, for good).
 */
export type AgentStatus = 'registered' | 'disconnected' | 'unreachable' | 'recovered' | 'gone';

/** The master's record of one agent, and the network link between them. */
export interface AgentLink {
  readonly port: AgentPort;
  status: AgentStatus;
  /** The network between the agent and the master is cut: neither hears the other. */
  partitioned: boolean;
  /** When the cut began (the agent reregisters on heal once it lasted the health-check window). */
  partitionedAt: number | undefined;
  /** The agent is up and waits to (re)register until its link is back. */
  wantsToRegister: boolean;
  unreachableSince: number | undefined;
  /** Total resources with the dynamic reservations applied (the registry's checkpointed resources). */
  total: Bag;
  registeredAt: number;
  reregisteredAt: number | undefined;
  /** This agent's own reregistration delay, if it has one (else the timing's). */
  readonly reregisterDelayMs: number | undefined;
  /** The master's pending health-check or reregistration timeout. */
  cancelTimer: (() => void) | undefined;
  /** The agent's pending (re)registration attempt. */
  cancelRegistration: (() => void) | undefined;
  /** Tasks the framework asked to kill (`Slave::killedTasks`), sent again on reregistration. */
  readonly killedTasks: Set<string>;
}

/** The master's state and its way to reach frameworks. */
export interface MasterCore {
  readonly ctx: SimContext;
  /** Id of the leading master instance; new framework and offer ids start with it. */
  masterId: string;
  /** Address of the leading master instance. */
  leader: { readonly hostname: string; readonly port: number } | undefined;
  readonly frameworks: Map<string, Framework>;
  /** Ids of frameworks that were torn down or timed out: they can never subscribe again. */
  readonly removedFrameworks: Set<string>;
  readonly offers: Map<string, Offer>;
  /** Tasks by framework id, then task id. */
  readonly tasks: Map<string, Map<string, MasterTask>>;
  readonly agents: Map<string, AgentLink>;
  /**
   * Tasks of unreachable agents by framework id, then task id: a bounded cache
   * (`--max_unreachable_tasks_per_framework`, 1000), lost on master failover (MESOS-6785).
   */
  readonly unreachableTasks: Map<string, Map<string, MasterTask>>;
  /** Terminal, acknowledged tasks by framework (`--max_completed_tasks_per_framework`, 1000). */
  readonly completedTasks: Map<string, Map<string, MasterTask>>;
  /** Sim clock when this master was started, and when its leader was last elected. */
  readonly startedAt: number;
  electedAt: number;
  readonly seq: { framework: number; offer: number; agent: number; round: number };
  /** Runs the allocator now (after something freed or unfiltered resources). */
  allocate: () => void;
}

/** Creates an empty master state. */
export const createMasterCore = (ctx: SimContext): MasterCore => ({
  ctx,
  masterId: uuidText(),
  leader: undefined,
  frameworks: new Map(),
  removedFrameworks: new Set(),
  offers: new Map(),
  tasks: new Map(),
  agents: new Map(),
  unreachableTasks: new Map(),
  completedTasks: new Map(),
  startedAt: ctx.clock.now(),
  electedAt: ctx.clock.now(),
  seq: { framework: 0, offer: 0, agent: 0, round: 0 },
  allocate: () => undefined,
});

/** Per-framework bound of the unreachable and completed task caches (master/constants.hpp). */
export const MAX_TASKS_PER_FRAMEWORK_CACHE = 1000;

/**
 * Sends an event on the framework's stream, if it is connected (otherwise it is dropped, as the
 * master drops updates for disconnected frameworks: `Master::forward`). UPDATEs are recorded.
 */
export const sendEvent = (
  core: MasterCore,
  fw: Framework,
  event: Record<string, unknown>,
): void => {
  if (fw.subscription === undefined) return;
  if (event['type'] === 'UPDATE') {
    const status = (event['update'] as { status: TaskStatus }).status;
    core.ctx.history.update(fw.id, status, core.ctx.clock.now());
  }
  fw.subscription.stream.send(event);
};

/** Moves a task to a bounded per-framework cache (oldest forgotten first). */
export const cacheTask = (cache: Map<string, Map<string, MasterTask>>, task: MasterTask): void => {
  let m = cache.get(task.frameworkId);
  if (m === undefined) cache.set(task.frameworkId, (m = new Map()));
  m.delete(task.info.task_id.value);
  m.set(task.info.task_id.value, task);
  if (m.size > MAX_TASKS_PER_FRAMEWORK_CACHE) {
    const oldest = m.keys().next().value;
    if (oldest !== undefined) m.delete(oldest);
  }
};

/** The task table of a framework, created on demand. */
export const frameworkTasks = (core: MasterCore, frameworkId: string): Map<string, MasterTask> => {
  let m = core.tasks.get(frameworkId);
  if (m === undefined) {
    m = new Map();
    core.tasks.set(frameworkId, m);
  }
  return m;
};

/** The `mesos.v1.MasterInfo` of the leading master. */
export const masterInfo = (core: MasterCore): Record<string, unknown> => {
  const port = core.leader?.port ?? 5050;
  const hostname = core.leader?.hostname ?? '127.0.0.1';
  return {
    id: core.masterId,
    ip: 0x0100007f,
    port,
    pid: `master@127.0.0.1:${port}`,
    hostname,
    version: '1.11.0',
    address: { hostname, ip: '127.0.0.1', port },
    capabilities: [{ type: 'AGENT_UPDATE' }],
  };
};

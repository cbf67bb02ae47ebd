/** The `/sim/state` JSON view of the whole simulated cluster, for tests and debugging. */
import type { SimAgent } from './agent/agent.js';
import type { MasterCore } from './master/core.js';
import type { MasterInstance } from './master/instance.js';
import { frameworkRoles } from './model/framework.js';

/** A snapshot of the simulator (plain JSON). */
export interface SimState {
  readonly masterId: string;
  readonly leader: string | null;
  readonly masters: { url: string; leading: boolean }[];
  readonly frameworks: {
    id: string;
    name: string;
    connected: boolean;
    roles: string[];
    suppressedRoles: string[];
    failoverTimeout: number;
    offers: string[];
    tasks: { id: string; state: string; agentId: string; executorId: string | null }[];
    unreachableTasks: { id: string; state: string; agentId: string }[];
  }[];
  readonly removedFrameworks: string[];
  readonly agents: {
    id: string;
    hostname: string;
    url: string;
    active: boolean;
    /** The master's view: registered, disconnected, unreachable, recovered or gone. */
    status: string;
    partitioned: boolean;
    recovering: boolean;
    pendingUpdates: Record<string, number>;
    executors: {
      frameworkId: string;
      executorId: string;
      kind: string;
      pids: number[];
      subscribed: boolean;
      sandbox: string;
      tasks: Record<string, string>;
    }[];
  }[];
  readonly removedAgents: string[];
}

/** Builds the snapshot. */
export const simState = (
  core: MasterCore,
  masters: readonly MasterInstance[],
  agents: readonly SimAgent[],
): SimState => ({
  masterId: core.masterId,
  leader: core.leader === undefined ? null : `http://${core.leader.hostname}:${core.leader.port}`,
  masters: masters.map((m) => ({ url: m.url, leading: m.isLeading() })),
  frameworks: [...core.frameworks.values()].map((fw) => ({
    id: fw.id,
    name: fw.info.name,
    connected: fw.subscription !== undefined,
    roles: frameworkRoles(fw.info),
    suppressedRoles: [...fw.suppressed],
    failoverTimeout: fw.info.failover_timeout ?? 0,
    offers: [...core.offers.values()].filter((o) => o.frameworkId === fw.id).map((o) => o.id),
    tasks: [...(core.tasks.get(fw.id)?.values() ?? [])].map((t) => ({
      id: t.info.task_id.value,
      state: t.state,
      agentId: t.agentId,
      executorId: t.executorId ?? null,
    })),
    unreachableTasks: [...(core.unreachableTasks.get(fw.id)?.values() ?? [])].map((t) => ({
      id: t.info.task_id.value,
      state: t.state,
      agentId: t.agentId,
    })),
  })),
  removedFrameworks: [...core.removedFrameworks],
  agents: agents.map((ag) => ({
    id: ag.id,
    hostname: ag.hostname,
    url: ag.url(),
    active: ag.port.isActive() && core.agents.get(ag.id)?.status === 'registered',
    status: core.agents.get(ag.id)?.status ?? 'gone',
    partitioned: core.agents.get(ag.id)?.partitioned ?? false,
    recovering: ag.state.recovering,
    pendingUpdates: ag.state.updates.pending(),
    executors: [...ag.state.runs.values()].map((r) => ({
      frameworkId: r.frameworkId,
      executorId: r.executorId,
      kind: r.kind,
      pids: [...r.procs.values()].flatMap((p) =>
        p.pid === undefined || p.hasExited() ? [] : [p.pid],
      ),
      subscribed: r.stream !== undefined,
      sandbox: r.sandbox,
      tasks: Object.fromEntries([...r.tasks].map(([id, t]) => [id, t.state])),
    })),
  })),
  removedAgents: [...core.agents].filter(([, l]) => l.status === 'gone').map(([id]) => id),
});

/** The simulated master's state, shared by every master instance (the replicated log stand-in). */
import type { SimContext } from '../context.js';
import type { Framework, MasterTask, Offer } from '../model/framework.js';
import type { AgentPort } from '../model/ports.js';
import { uuidText } from '../ids.js';

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
  readonly agents: Map<string, AgentPort>;
  /** Agents removed from the cluster (their tasks are gone). */
  readonly removedAgents: Set<string>;
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
  removedAgents: new Set(),
  seq: { framework: 0, offer: 0, agent: 0, round: 0 },
  allocate: () => undefined,
});

/** Sends an event on the framework's stream, if it is connected (otherwise it is dropped). */
export const sendEvent = (
  core: MasterCore,
  fw: Framework,
  event: Record<string, unknown>,
): void => {
  fw.subscription?.stream.send(event);
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

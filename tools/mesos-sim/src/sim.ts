/** `startMesosSim`: a master (or two, for failover) and N agents on 127.0.0.1, in process. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAgent, type SimAgent } from './agent/agent.js';
import { memoryCgroups, type MemoryCgroups } from './agent/cgroups-mem.js';
import type { IsolatorModule } from './agent/state.js';
import { every, systemClock, type Clock } from './clock.js';
import { DEFAULT_TIMING, type JsonObserver, type SimContext, type Timing } from './context.js';
import { uuidText } from './ids.js';
import { handleAdmin } from './admin.js';
import { startNetwork } from './network.js';
import { createHistory, type SimHistory } from './history.js';
import { allocate, removeOffers } from './master/allocator.js';
import { createMasterCore, sendEvent } from './master/core.js';
import { messageEvent } from './master/events.js';
import { startMasterInstance, type MasterInstance } from './master/instance.js';
import { armRecoveredTimeout, recoverAll } from './master/failover.js';
import { addLink, agentDisconnected, heal, hears, markGone, partition } from './master/links.js';
import { registerLater } from './master/reregister.js';
import { masterStateJson } from './master/state-json.js';
import { executorExited, forwardStatus } from './master/tasks.js';
import type { MasterPort } from './model/ports.js';
import { simState, type SimState } from './state-view.js';
import type { Attribute, Resource } from './wire/common.js';

/** One agent's make-up; every field has a default. */
export interface AgentOptions {
  readonly hostname?: string;
  /** IP advertised in offers (default 127.0.0.1); nothing connects to it. */
  readonly ip?: string;
  /** Extra environment for this agent's executors, like `--executor_environment_variables`. */
  readonly executorEnv?: Readonly<Record<string, string>>;
  /** Total resources; `role: <role>` on a resource makes it statically reserved for that role. */
  readonly resources?: readonly Resource[];
  readonly attributes?: readonly Attribute[];
  /** Its (re)registration delay after a master failover or a healed partition (default: the timing's). */
  readonly reregisterDelayMs?: number;
  /** Its `--isolation` (default `posix/cpu,posix/mem`); `cgroups/mem` enforces memory limits. */
  readonly isolation?: string;
  /** Isolator modules it loaded (`--modules`), e.g. node-sim's mesos-module-dvdi isolator. */
  readonly modules?: readonly IsolatorModule[];
}

/** Options of {@link MesosSim.failover}. */
export interface FailoverOptions {
  /** How long agents take to reregister with the new leader: one value, or per agent id. */
  readonly reregisterDelayMs?: number | Readonly<Record<string, number>>;
}

/** Options of {@link startMesosSim}. */
export interface MesosSimOptions {
  /** Port of the first master (default 0: ephemeral). Other masters always use ephemeral ports. */
  readonly port?: number;
  /** Number of master instances (default 1); the first leads. */
  readonly masters?: number;
  /** Number of agents, or their specs (default 1). */
  readonly agents?: number | readonly AgentOptions[];
  /** Resources of agents that do not name their own (default `cpus:4;mem:8192;disk:65536;ports:[31000-32000]`). */
  readonly agentResources?: readonly Resource[];
  /** Attributes of agents that do not name their own (default none). */
  readonly agentAttributes?: readonly Attribute[];
  /** Timing overrides in ms (defaults are Mesos's: heartbeat 15 s, status retry 10 s ...). */
  readonly timing?: Partial<Timing>;
  readonly clock?: Clock;
  /** Sees every JSON document received or sent (tests validate them against the schema). */
  readonly observe?: JsonObserver;
  /** Where sandboxes go (default: a fresh temporary directory, deleted on stop). */
  readonly workDir?: string;
  /** Base environment of executors (default: this process's environment). */
  readonly executorEnv?: Readonly<Record<string, string>>;
  readonly log?: (line: string) => void;
}

/** A running simulator. */
export interface MesosSim {
  /** URL of the master that led at start, e.g. `http://127.0.0.1:5050`. */
  readonly url: string;
  readonly masters: readonly MasterInstance[];
  /** Every agent started (removed ones stay listed, inactive). */
  readonly agents: readonly SimAgent[];
  readonly workDir: string;
  /** The leading master instance, if any. */
  readonly leader: () => MasterInstance | undefined;
  /**
   * Master failover: the leader drops its subscriptions and steps down; after `gapMs` (no leader:
   * 503) master `to` leads with a new master id. It knows the agents (registry) but no task and
   * no offer until each agent reregisters, after its reregistration delay; those that have not
   * within `agentReregisterTimeoutMs` are marked unreachable. Frameworks resubscribe.
   */
  readonly failover: (to?: number, gapMs?: number, opts?: FailoverOptions) => Promise<void>;
  readonly addAgent: (opts?: AgentOptions) => Promise<SimAgent>;
  /** Cuts the network between an agent and the master (a partition); see the README. */
  readonly partitionAgent: (agentId: string) => void;
  /** Restores it: the agent reregisters if it was cut for the health-check window. */
  readonly healAgent: (agentId: string) => void;
  /** The operator marks an agent gone: its tasks are gone, a reachable agent is shut down. */
  readonly markAgentGone: (agentId: string) => Promise<void>;
  /** The same as {@link MesosSim.markAgentGone} (kept for older callers). */
  readonly removeAgent: (agentId: string) => Promise<void>;
  /** What the simulator saw: launches, offers, accepts, agent transitions. */
  readonly history: () => SimHistory;
  /** `GET /master/state` of the leading master. */
  readonly masterState: () => Record<string, unknown>;
  /** Runs an allocation round now. */
  readonly allocate: () => void;
  readonly state: () => SimState;
  /**
   * The memory cgroups of the agents' containers (those with `cgroups/mem`): node-sim charges
   * each tool call's modelled peak to the container it runs in; past the limit the container is
   * OOM-killed as Mesos does (see the README).
   */
  readonly memory: MemoryCgroups;
  /**
   * The simulated network's HTTP proxy (`http_proxy` for a client outside the simulator): it
   * carries a request for an agent's advertised `ip:port` (offers' `url.address`) to that agent,
   * e.g. its sandbox files (`/files/read`).
   */
  readonly proxyUrl: string;
  /** Stops everything: kills every child process, closes every server. */
  readonly stop: () => Promise<void>;
}

/** Default agent resources. */
export const DEFAULT_AGENT_RESOURCES: readonly Resource[] = [
  { name: 'cpus', type: 'SCALAR', scalar: { value: 4 } },
  { name: 'mem', type: 'SCALAR', scalar: { value: 8192 } },
  { name: 'disk', type: 'SCALAR', scalar: { value: 65536 } },
  { name: 'ports', type: 'RANGES', ranges: { range: [{ begin: 31000, end: 32000 }] } },
];

/** Starts the simulator; resolves once every server listens. */
export const startMesosSim = async (opts: MesosSimOptions = {}): Promise<MesosSim> => {
  const ownWorkDir = opts.workDir === undefined;
  const workDir = opts.workDir ?? mkdtempSync(join(tmpdir(), 'mesos-sim-'));
  const baseEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(opts.executorEnv ?? process.env))
    if (v !== undefined) baseEnv[k] = v;
  const ctx: SimContext = {
    history: createHistory(),
    clock: opts.clock ?? systemClock,
    timing: { ...DEFAULT_TIMING, ...(opts.timing ?? {}) },
    observe: opts.observe ?? (() => undefined),
    workDir,
    executorBaseEnv: baseEnv,
    log: opts.log ?? (() => undefined),
  };
  const core = createMasterCore(ctx);
  core.allocate = () => allocate(core);
  const agentIdPrefix = core.masterId;
  const agents: SimAgent[] = [];
  const masters: MasterInstance[] = [];
  let leaderIndex: number | undefined = 0;
  const state = (): SimState => simState(core, masters, agents);
  const started: { api?: MesosSim } = {};

  // Messages from an agent the master cannot hear (partitioned, restarting, not reregistered
  // yet) are lost; the agent's status update manager resends until it is acknowledged.
  const masterPort: MasterPort = {
    statusUpdate: (agentId, fw, status, latest) => {
      if (hears(core, agentId)) forwardStatus(core, agentId, fw, status, latest);
    },
    executorMessage: (agentId, fw, executorId, data) => {
      const f = core.frameworks.get(fw);
      if (f !== undefined && hears(core, agentId))
        sendEvent(core, f, messageEvent(agentId, executorId, data));
    },
    executorExited: (agentId, fw, executorId, status) => {
      if (hears(core, agentId)) executorExited(core, agentId, fw, executorId, status);
    },
    agentDisconnected: (agentId) => agentDisconnected(core, agentId),
    agentRecovered: (agentId) => registerLater(core, agentId),
    frameworkInfo: (fw) => {
      const f = core.frameworks.get(fw);
      return f === undefined ? undefined : { ...f.info, id: { value: f.id } };
    },
  };

  const nMasters = Math.max(1, opts.masters ?? 1);
  for (let i = 0; i < nMasters; i++)
    masters.push(
      await startMasterInstance(
        core,
        i,
        i === 0 ? (opts.port ?? 0) : 0,
        () => leaderIndex === i,
        (req, res, path) => handleAdmin(() => started.api, req, res, path),
      ),
    );
  const first = masters[0] as MasterInstance;
  core.leader = { hostname: '127.0.0.1', port: first.port };

  const addAgent = async (o: AgentOptions = {}): Promise<SimAgent> => {
    const n = core.seq.agent++;
    const agent = await startAgent(ctx, masterPort, `${agentIdPrefix}-S${n}`, {
      hostname: o.hostname ?? `agent-${n + 1}.sim`,
      resources: o.resources ?? opts.agentResources ?? DEFAULT_AGENT_RESOURCES,
      attributes: o.attributes ?? opts.agentAttributes ?? [],
      ...(o.ip === undefined ? {} : { ip: o.ip }),
      ...(o.executorEnv === undefined ? {} : { executorEnv: o.executorEnv }),
      ...(o.isolation === undefined ? {} : { isolation: o.isolation }),
      ...(o.modules === undefined ? {} : { modules: o.modules }),
    });
    agents.push(agent);
    addLink(core, agent.port, o.reregisterDelayMs);
    return agent;
  };
  const specs =
    typeof opts.agents === 'number' || opts.agents === undefined
      ? Array.from({ length: opts.agents ?? 1 }, () => ({}))
      : opts.agents;
  for (const s of specs) await addAgent(s);

  const stopAllocation = every(ctx.clock, ctx.timing.allocationMs, () => allocate(core));
  const network = await startNetwork(() => agents.map((a) => a.port));

  const failover = async (to?: number, gapMs = 0, fo: FailoverOptions = {}): Promise<void> => {
    const target = to ?? ((leaderIndex ?? 0) + 1) % masters.length;
    const next = masters[target];
    if (next === undefined) throw new RangeError(`no master ${target}`);
    masters[leaderIndex ?? 0]?.dropStreams();
    leaderIndex = undefined;
    core.leader = undefined;
    removeOffers(core, () => true, false);
    recoverAll(core);
    for (const fw of core.frameworks.values()) {
      fw.cancelFailover?.();
      fw.cancelFailover = undefined;
    }
    if (gapMs > 0) await new Promise<void>((resolve) => ctx.clock.setTimer(gapMs, resolve));
    core.masterId = uuidText();
    core.leader = { hostname: '127.0.0.1', port: next.port };
    core.electedAt = ctx.clock.now();
    leaderIndex = target;
    ctx.history.failovers.push({ at: core.electedAt, masterId: core.masterId });
    armRecoveredTimeout(core);
    const delay = fo.reregisterDelayMs;
    for (const [agentId, l] of core.agents)
      if (l.status === 'recovered' || l.wantsToRegister)
        registerLater(core, agentId, typeof delay === 'number' ? delay : delay?.[agentId]);
  };

  const known = (agentId: string): string => {
    if (!core.agents.has(agentId)) throw new RangeError(`no agent ${agentId}`);
    return agentId;
  };
  const markAgentGone = async (agentId: string): Promise<void> => {
    const agent = agents.find((a) => a.id === known(agentId));
    const reachable = hears(core, agentId);
    markGone(core, agentId);
    if (reachable) await agent?.shutdown();
  };

  const stop = async (): Promise<void> => {
    stopAllocation();
    for (const l of core.agents.values()) {
      l.cancelTimer?.();
      l.cancelRegistration?.();
    }
    for (const fw of core.frameworks.values()) {
      fw.cancelFailover?.();
      fw.subscription?.stopHeartbeats();
      fw.subscription?.stream.drop();
    }
    await Promise.all(agents.map((a) => a.shutdown()));
    await Promise.all(masters.map((m) => m.close()));
    await network.close();
    if (ownWorkDir) rmSync(workDir, { recursive: true, force: true });
  };

  const api: MesosSim = {
    url: first.url,
    masters,
    agents,
    workDir,
    leader: () => (leaderIndex === undefined ? undefined : masters[leaderIndex]),
    failover,
    addAgent,
    partitionAgent: (agentId: string) => partition(core, known(agentId)),
    healAgent: (agentId: string) => {
      if (heal(core, known(agentId))) registerLater(core, agentId);
    },
    markAgentGone,
    removeAgent: markAgentGone,
    history: () => ctx.history,
    masterState: () => masterStateJson(core),
    allocate: () => allocate(core),
    state,
    memory: memoryCgroups(() => agents.map((a) => a.state)),
    proxyUrl: network.url,
    stop,
  };
  started.api = api;
  return api;
};

/** `startMesosSim`: a master (or two, for failover) and N agents on 127.0.0.1, in process. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAgent, type SimAgent } from './agent/agent.js';
import { every, systemClock, type Clock } from './clock.js';
import { DEFAULT_TIMING, type JsonObserver, type SimContext, type Timing } from './context.js';
import { uuidText } from './ids.js';
import { allocate } from './master/allocator.js';
import { createMasterCore, sendEvent } from './master/core.js';
import { messageEvent } from './master/events.js';
import { startMasterInstance, type MasterInstance } from './master/instance.js';
import { executorExited, forwardStatus, removeAgent } from './master/tasks.js';
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
  readonly resources?: readonly Resource[];
  readonly attributes?: readonly Attribute[];
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
   * 503) master `to` leads with a new master id. Frameworks and tasks survive (registry); offers do not.
   */
  readonly failover: (to?: number, gapMs?: number) => Promise<void>;
  readonly addAgent: (opts?: AgentOptions) => Promise<SimAgent>;
  /** Removes an agent: its processes are killed, its tasks lost, frameworks get FAILURE. */
  readonly removeAgent: (agentId: string) => Promise<void>;
  /** Runs an allocation round now. */
  readonly allocate: () => void;
  readonly state: () => SimState;
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

  const masterPort: MasterPort = {
    statusUpdate: (agentId, fw, status, latest) => forwardStatus(core, agentId, fw, status, latest),
    executorMessage: (agentId, fw, executorId, data) => {
      const f = core.frameworks.get(fw);
      if (f !== undefined) sendEvent(core, f, messageEvent(agentId, executorId, data));
    },
    executorExited: (agentId, fw, executorId, status) =>
      executorExited(core, agentId, fw, executorId, status),
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
        state,
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
    });
    agents.push(agent);
    core.agents.set(agent.id, agent.port);
    return agent;
  };
  const specs =
    typeof opts.agents === 'number' || opts.agents === undefined
      ? Array.from({ length: opts.agents ?? 1 }, () => ({}))
      : opts.agents;
  for (const s of specs) await addAgent(s);

  const stopAllocation = every(ctx.clock, ctx.timing.allocationMs, () => allocate(core));

  const failover = async (to?: number, gapMs = 0): Promise<void> => {
    const target = to ?? ((leaderIndex ?? 0) + 1) % masters.length;
    const next = masters[target];
    if (next === undefined) throw new RangeError(`no master ${target}`);
    masters[leaderIndex ?? 0]?.dropStreams();
    leaderIndex = undefined;
    core.leader = undefined;
    core.offers.clear();
    for (const fw of core.frameworks.values()) {
      fw.cancelFailover?.();
      fw.cancelFailover = undefined;
    }
    if (gapMs > 0) await new Promise<void>((resolve) => ctx.clock.setTimer(gapMs, resolve));
    core.masterId = uuidText();
    core.leader = { hostname: '127.0.0.1', port: next.port };
    leaderIndex = target;
  };

  const removeAgentById = async (agentId: string): Promise<void> => {
    const agent = agents.find((a) => a.id === agentId);
    if (agent === undefined || agent.state.removed) return;
    await agent.shutdown();
    removeAgent(core, agentId);
  };

  const stop = async (): Promise<void> => {
    stopAllocation();
    for (const fw of core.frameworks.values()) {
      fw.cancelFailover?.();
      fw.subscription?.stopHeartbeats();
      fw.subscription?.stream.drop();
    }
    await Promise.all(agents.map((a) => a.shutdown()));
    await Promise.all(masters.map((m) => m.close()));
    if (ownWorkDir) rmSync(workDir, { recursive: true, force: true });
  };

  return {
    url: first.url,
    masters,
    agents,
    workDir,
    leader: () => (leaderIndex === undefined ? undefined : masters[leaderIndex]),
    failover,
    addAgent,
    removeAgent: removeAgentById,
    allocate: () => allocate(core),
    state,
    stop,
  };
};

/** One simulated agent: its HTTP server (executor API), restart with executor recovery, removal. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SimContext } from '../context.js';
import { isTerminal } from '../model/framework.js';
import type { AgentPort, MasterPort } from '../model/ports.js';
import { add, type Bag } from '../model/resources.js';
import type { Attribute, Resource } from '../wire/common.js';
import { sendText } from '../wire/http.js';
import { killTask, messageExecutor, shutdownExecutor, shutdownFramework } from './control.js';
import { handleExecutorCall } from './executor-api.js';
import { clearFetchCache } from './fetcher.js';
import { handleFilesRead } from './files.js';
import { reportTasks, unknownTask } from './report.js';
import { executorExited, launch, lostState } from './runs.js';
import { type AgentFaults, type AgentState, type IsolatorModule } from './state.js';
import { createUpdateManager } from './updates.js';

/** What an agent is made of. */
export interface AgentSpec {
  readonly hostname: string;
  readonly resources: readonly Resource[];
  readonly attributes: readonly Attribute[];
  /** The IP the agent advertises in offers (`--advertise_ip`); default 127.0.0.1. */
  readonly ip?: string;
  /** Extra environment of this agent's executors (`--executor_environment_variables`). */
  readonly executorEnv?: Readonly<Record<string, string>>;
  /** `--isolation` (default Mesos's `posix/cpu,posix/mem`); `cgroups/mem` enforces memory limits. */
  readonly isolation?: string;
  /** Isolator modules it loaded (`--modules`), called around every container. */
  readonly modules?: readonly IsolatorModule[];
}

/** Mesos's default `--isolation` (src/slave/flags.cpp). */
export const DEFAULT_ISOLATION = 'posix/cpu,posix/mem';

/** A running simulated agent. */
export interface SimAgent {
  readonly id: string;
  readonly hostname: string;
  /** `http://127.0.0.1:<port>`, the executor API base. */
  readonly url: () => string;
  readonly faults: AgentFaults;
  /** What the master uses. */
  readonly port: AgentPort;
  /** Internal state, for `/sim/state`. */
  readonly state: AgentState;
  /**
   * Restarts the agent: executor connections drop, the server is down for `downMs`, then it
   * recovers: checkpointing executors may resubscribe within the reregistration timeout, others are killed.
   */
  readonly restart: (downMs?: number) => Promise<void>;
  /** Drops every executor subscription abruptly (the agent keeps running). */
  readonly dropStreams: () => void;
  /** Kills everything and closes the server (used by removal and stop). */
  readonly shutdown: () => Promise<void>;
}

const listen = (server: Server, port: number): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });

const closeServer = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });

/** Starts an agent on an ephemeral port. */
export const startAgent = async (
  ctx: SimContext,
  master: MasterPort,
  id: string,
  spec: AgentSpec,
): Promise<SimAgent> => {
  const faults: AgentFaults = { fail503: 0 };
  const a: AgentState = {
    ctx,
    id,
    hostname: spec.hostname,
    resources: spec.resources,
    attributes: spec.attributes,
    executorEnv: spec.executorEnv ?? {},
    isolation: (spec.isolation ?? DEFAULT_ISOLATION).split(',').map((s) => s.trim()),
    modules: spec.modules ?? [],
    master,
    port: 0,
    runs: new Map(),
    updates: createUpdateManager(ctx, (fw, status, latest) =>
      master.statusUpdate(id, fw, status, latest),
    ),
    recovering: false,
    removed: false,
    faults,
  };
  let down = false;
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/files/read' && req.method === 'GET') return handleFilesRead(a, req, res);
    if (path !== '/api/v1/executor') return sendText(res, { status: 404, message: 'Not found' });
    if (faults.fail503 > 0) {
      faults.fail503 -= 1;
      return sendText(res, { status: 503, message: 'Service unavailable (injected fault)' });
    }
    handleExecutorCall(a, req, res).catch((e: unknown) =>
      sendText(res, {
        status: 500,
        message: `Internal error: ${e instanceof Error ? e.message : String(e)}`,
      }),
    );
  });
  a.port = await listen(server, 0);

  const dropStreams = (): void => {
    for (const run of a.runs.values()) run.stream?.drop();
  };

  const restart = async (downMs = 0): Promise<void> => {
    if (a.removed) return;
    down = true;
    a.recovering = true;
    clearFetchCache(a);
    master.agentDisconnected(id);
    a.updates.pauseAll();
    dropStreams();
    for (const run of [...a.runs.values()]) {
      run.subscribedSinceRestart = false;
      if (!run.checkpoint) {
        a.updates.dropFramework(run.frameworkId);
        run.exitReason = {
          state: lostState(run),
          reason: 'REASON_AGENT_RESTARTED',
          message: 'Agent restarted; the framework does not checkpoint',
        };
        for (const p of run.procs.values()) p.signal('SIGKILL');
        executorExited(a, run, 9);
      }
    }
    if (downMs > 0) {
      await closeServer(server);
      await new Promise<void>((resolve) => ctx.clock.setTimer(downMs, resolve));
      a.port = await listen(server, a.port);
    }
    down = false;
    a.updates.resumeAll();
    // slave.cpp `Slave::recover`: with executors to recover, the agent waits
    // `executor_reregistration_timeout` for them; then it finishes recovery and reregisters.
    if (a.runs.size === 0) {
      a.recovering = false;
      master.agentRecovered(id);
      return;
    }
    ctx.clock.setTimer(ctx.timing.executorReregistrationMs, () => {
      if (a.removed) return;
      a.recovering = false;
      master.agentRecovered(id);
      for (const run of [...a.runs.values()]) {
        if (run.kind !== 'custom' || run.subscribedSinceRestart || run.terminated) continue;
        run.exitReason = {
          state: lostState(run),
          reason: 'REASON_EXECUTOR_REREGISTRATION_TIMEOUT',
          message: 'Executor did not reregister in time after the agent restarted',
        };
        run.procs.get('')?.signal('SIGKILL');
        if (run.procs.size === 0) executorExited(a, run, 9);
      }
    });
  };

  const shutdown = async (): Promise<void> => {
    if (a.removed && !server.listening) return;
    a.removed = true;
    a.updates.pauseAll();
    const exits: Promise<void>[] = [];
    for (const run of [...a.runs.values()]) {
      run.terminated = true;
      run.cancelTimer?.();
      run.stream?.drop();
      for (const p of run.procs.values()) {
        p.signal('SIGKILL');
        exits.push(p.exited);
      }
    }
    a.runs.clear();
    await Promise.all([closeServer(server), ...exits]);
  };

  const used = (): Bag => {
    let bag: Bag = new Map();
    for (const run of a.runs.values()) {
      if (run.terminated) continue;
      if (run.kind !== 'command') bag = add(bag, run.info.resources ?? []);
      for (const t of run.tasks.values())
        if (!isTerminal(t.state)) bag = add(bag, t.info.resources ?? []);
    }
    return bag;
  };

  const runsOf = (fw: string) =>
    [...a.runs.values()].filter((r) => r.frameworkId === fw && !r.terminated);
  const port: AgentPort = {
    id,
    hostname: spec.hostname,
    ip: spec.ip ?? '127.0.0.1',
    port: () => a.port,
    resources: spec.resources,
    attributes: spec.attributes,
    isActive: () => !a.removed && !down,
    used,
    executorIds: (fw) =>
      runsOf(fw)
        .filter((r) => r.kind !== 'command')
        .map((r) => r.executorId),
    executorInfo: (fw, e) =>
      runsOf(fw).find((r) => r.executorId === e && r.kind !== 'command')?.info,
    launch: (fw, tasks, executor, group) => launch(a, fw, tasks, executor, group),
    kill: (fw, task, grace) => killTask(a, fw, task, grace),
    acknowledge: (fw, task, uuid) => a.updates.acknowledge(fw, task, uuid),
    message: (fw, e, data) => messageExecutor(a, fw, e, data),
    shutdownExecutor: (fw, e) => shutdownExecutor(a, fw, e),
    shutdownFramework: (fw) => shutdownFramework(a, fw),
    resumeUpdates: (fw) => a.updates.resume(fw),
    resumeAllUpdates: () => a.updates.resumeAll(),
    report: () => reportTasks(a),
    frameworkIds: () => [
      ...new Set([...[...a.runs.values()].map((r) => r.frameworkId), ...a.updates.frameworkIds()]),
    ],
    unknownTask: (fw, task, state) => unknownTask(a, fw, task, state),
    shutdownAll: () => void shutdown(),
  };
  return {
    id,
    hostname: spec.hostname,
    url: () => `http://127.0.0.1:${a.port}`,
    faults,
    port,
    state: a,
    restart,
    dropStreams,
    shutdown,
  };
};

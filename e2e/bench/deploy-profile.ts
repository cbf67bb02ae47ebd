// What a simulated deploy spent where, from the simulators' own records: each step's modelled
// duration on each node (node-sim's calls, each attributed to the Mesos task that ran on that
// node when it started: mesos-sim's history), the critical-path lower bound computed from them
// (the orchestrator's `criticalPath`), and node-sim's own overhead (a call's time beyond its
// modelled duration, plus the wrapper's round trip measured on an idle node).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import {
  criticalPath,
  DeployState,
  parseTaskId,
  type ClusterSpec,
  type CriticalPath,
} from '@scaleio-framework/orchestrator';
import type { SimCluster } from '../src/cluster.js';

/**
 * The deploy state in the scheduler's state file (a document store whose entries hold JSON
 * text: found by its shape).
 */
export const deployStateIn = (stateFile: string): DeployState | undefined => {
  const find = (v: unknown): DeployState | undefined => {
    if (DeployState.is(v)) return v;
    if (typeof v === 'string' && v.startsWith('{')) return find(JSON.parse(v) as unknown);
    if (typeof v !== 'object' || v === null) return undefined;
    for (const x of Object.values(v)) {
      const r = find(x);
      if (r !== undefined) return r;
    }
    return undefined;
  };
  return find(JSON.parse(readFileSync(stateFile, 'utf8')) as unknown);
};

/** Per-step modelled durations and node-sim's overhead. */
export interface DeployProfile {
  /** Modelled (scaled) ms of each `agentId/step`. */
  readonly modelled: ReadonlyMap<string, number>;
  /**
   * What each `agentId/step` took on its node, from the ACCEPT that launched its finishing task
   * to its TASK_FINISHED (mesos-sim's clock): the modelled time plus every process's own.
   */
  readonly observed: ReadonlyMap<string, number>;
  /**
   * node-sim's own overhead on each `agentId/step`: its calls, and the time its server spent on
   * them beyond their modelled waits (ms). The wrappers' round trips are not in it (measured
   * apart: {@link wrapperRoundTripMs}).
   */
  readonly nodeSim: ReadonlyMap<string, { readonly calls: number; readonly serverMs: number }>;
  readonly calls: number;
  /** Sum over calls of the time node-sim's server spent beyond the modelled wait (ms). */
  readonly serverMs: number;
  /** The largest number of calls on one node. */
  readonly busiestNodeCalls: number;
  /** Per tool: its calls and the time node-sim's server spent on them beyond the modelled wait (ms). */
  readonly serverByTool: ReadonlyMap<string, { calls: number; ms: number; maxMs: number }>;
}

/** Attributes every tool call of the cluster to the deploy step whose task ran it. */
export const profileDeploy = (c: SimCluster): DeployProfile => {
  const tasks = c.mesos
    .history()
    .tasks.map((t) => {
      const id = parseTaskId(t.taskId);
      const end = t.updates.find((u) =>
        /FINISHED|FAILED|LOST|KILLED|ERROR|DROPPED|GONE/.test(u.state),
      );
      return (
        id && {
          host: t.hostname,
          key: `${id.agentId}/${id.step}`,
          from: t.acceptedAt,
          to: end?.at ?? Infinity,
          finished: end?.state === 'TASK_FINISHED',
        }
      );
    })
    .filter((t): t is NonNullable<typeof t> => t !== undefined);
  const modelled = new Map<string, number>();
  const observed = new Map<string, number>();
  const nodeSim = new Map<string, { calls: number; serverMs: number }>();
  for (const t of tasks) if (t.finished) observed.set(t.key, t.to - t.from);
  let calls = 0;
  let serverMs = 0;
  let busiestNodeCalls = 0;
  const serverByTool = new Map<string, { calls: number; ms: number; maxMs: number }>();
  for (const host of c.hostnames) {
    const node = c.nodes.node(c.nodeIdOf(host));
    if (node._tag === 'Left') continue;
    const list = node.right.calls();
    if (list._tag === 'Left') continue;
    busiestNodeCalls = Math.max(busiestNodeCalls, list.right.length);
    const mine = tasks.filter((t) => t.host === host).sort((a, b) => b.from - a.from);
    for (const call of list.right) {
      calls += 1;
      const m = call.modelledMs ?? 0;
      const over = Math.max(0, call.durationMs - m);
      serverMs += over;
      const byTool = serverByTool.get(call.tool) ?? { calls: 0, ms: 0, maxMs: 0 };
      serverByTool.set(call.tool, {
        calls: byTool.calls + 1,
        ms: byTool.ms + over,
        maxMs: Math.max(byTool.maxMs, over),
      });
      const at = Date.parse(call.startedAt);
      const task = mine.find((t) => t.from <= at && at <= t.to);
      if (task === undefined) continue;
      modelled.set(task.key, (modelled.get(task.key) ?? 0) + m);
      const o = nodeSim.get(task.key) ?? { calls: 0, serverMs: 0 };
      nodeSim.set(task.key, { calls: o.calls + 1, serverMs: o.serverMs + over });
    }
  }
  return { modelled, observed, nodeSim, calls, serverMs, busiestNodeCalls, serverByTool };
};

/**
 * The critical-path lower bound of the deploy the state file records, with the profile's modelled
 * durations, or (`observed`) with what each step took on its node.
 */
export const boundOf = (
  state: DeployState,
  spec: Pick<ClusterSpec, 'mode' | 'maxConcurrentRestarts'>,
  p: DeployProfile,
  durations: 'modelled' | 'observed' = 'modelled',
): CriticalPath => criticalPath(state, spec, (a, step) => p[durations].get(`${a}/${step}`) ?? 0);

/**
 * node-sim's own overhead on the critical path (ms): the bound with each step's modelled
 * duration plus node-sim's overhead on it (its server's time beyond the modelled waits, and one
 * wrapper round trip of `roundTripMs` per call), less `modelledBoundMs` (the bound with the
 * modelled durations, {@link boundOf}). What
 * the "measure and subtract it" subtracts from the wall time: the simulator's cost on the
 * chain that sets the deploy's length, not the product's (the executor's own start and work, the
 * scheduler's offer cycles stay in the wall time).
 */
export const nodeSimOnCriticalPathMs = (
  state: DeployState,
  spec: Pick<ClusterSpec, 'mode' | 'maxConcurrentRestarts'>,
  p: DeployProfile,
  roundTripMs: number,
  modelledBoundMs: number,
): number => {
  const withSim = criticalPath(state, spec, (a, step) => {
    const k = `${a}/${step}`;
    const o = p.nodeSim.get(k);
    return (p.modelled.get(k) ?? 0) + (o === undefined ? 0 : o.serverMs + o.calls * roundTripMs);
  });
  return Math.max(0, withSim.totalMs - modelledBoundMs);
};

/** The mean wall time (ms) of one cheap tool call through a node's wrapper (`uname -r`), `n` calls. */
export const wrapperRoundTripMs = async (c: SimCluster, n = 20): Promise<number> => {
  const host = c.nodes.hostFor(c.nodeIdOf(c.hostnames[0] ?? ''));
  if (host._tag === 'Left') return NaN;
  const h = host.right;
  const t0 = performance.now();
  for (let i = 0; i < n; i++)
    await new Promise<void>((resolve) => {
      const p = spawn(`${h.path.split(':')[0] ?? ''}/uname`, ['-r'], {
        env: h.env,
        stdio: 'ignore',
      });
      p.on('close', () => resolve());
      p.on('error', () => resolve());
    });
  return (performance.now() - t0) / n;
};

/** CPU seconds of a process from `/proc/<pid>/stat` (its own, and its reaped children's). */
export interface ProcCpu {
  readonly self: number;
  readonly children: number;
}

/** `getconf CLK_TCK` on Linux (the unit of `/proc/<pid>/stat` times). */
const CLK_TCK = 100;

/** The CPU times of `pid` (zero when it is gone or there is no `/proc`). */
export const procCpu = (pid: number | undefined): ProcCpu => {
  const stat = readText(pid === undefined ? undefined : `/proc/${pid}/stat`);
  if (stat === undefined) return { self: 0, children: 0 };
  // Fields after the command name (which may hold spaces): state is field 3, utime 14 .. cstime 17.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const n = (i: number) => Number(f[i - 3] ?? 0) / CLK_TCK;
  return { self: n(14) + n(15), children: n(16) + n(17) };
};

const readText = (path: string | undefined): string | undefined => {
  try {
    return path === undefined ? undefined : readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/** The live descendants of `root` (from `/proc/<pid>/stat` parents), without `except` and theirs. */
export const descendants = (root: number, except: ReadonlySet<number>): number[] => {
  const parent = new Map<number, number>();
  const pids = existsSync('/proc') ? readdirSync('/proc').filter((d) => /^\d+$/.test(d)) : [];
  for (const d of pids) {
    const s = readText(`/proc/${d}/stat`);
    if (s !== undefined)
      parent.set(Number(d), Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[1]));
  }
  const under = (p: number): boolean => {
    for (let x = parent.get(p), n = 0; x !== undefined && n < 64; x = parent.get(x), n++) {
      if (except.has(x)) return false;
      if (x === root) return true;
    }
    return false;
  };
  return [...parent.keys()].filter((p) => !except.has(p) && under(p));
};

/** The command name of `pid` (`/proc/<pid>/comm`), or `?`. */
export const commOf = (pid: number): string => readText(`/proc/${pid}/comm`)?.trim() ?? '?';

// What a simulated deploy spent where, from the simulators' own records: each step's modelled
// duration on each node (node-sim's calls, each attributed to the Mesos task that ran on that
// node when it started: mesos-sim's history), the critical-path lower bound computed from them
// (the orchestrator's `criticalPath`), and node-sim's own overhead (a call's time beyond its
// modelled duration, plus the wrapper's round trip measured on an idle node).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
  readonly calls: number;
  /** Sum over calls of the time node-sim's server spent beyond the modelled wait (ms). */
  readonly serverMs: number;
  /** The largest number of calls on one node. */
  readonly busiestNodeCalls: number;
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
  for (const t of tasks) if (t.finished) observed.set(t.key, t.to - t.from);
  let calls = 0;
  let serverMs = 0;
  let busiestNodeCalls = 0;
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
      serverMs += Math.max(0, call.durationMs - m);
      const at = Date.parse(call.startedAt);
      const task = mine.find((t) => t.from <= at && at <= t.to);
      if (task !== undefined) modelled.set(task.key, (modelled.get(task.key) ?? 0) + m);
    }
  }
  return { modelled, observed, calls, serverMs, busiestNodeCalls };
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

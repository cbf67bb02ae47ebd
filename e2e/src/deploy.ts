import { makeTempDir } from '@scaleio-framework/testkit';
import { startSimCluster, type SimCluster, type SimClusterOptions } from './cluster.js';
import { readStatus, type StatusDoc } from './deploy-watch.js';
import { packageSumsFile } from './package-sums.js';
import { spawnScheduler, type SchedulerProcess } from './scheduler.js';

/** A scheduler run against a simulated cluster, with its state directory. */
export interface SchedulerRun {
  readonly dir: string;
  readonly stateFile: string;
  start(extra?: readonly string[], env?: Record<string, string>): Promise<SchedulerProcess>;
  cleanup(): void;
}

/**
 * The scheduler's arguments for a simulated cluster (the password goes through the environment);
 * its executors run on node-sim's simulated Node.js runtime of `runtime` (default `glibc-217`).
 */
export function schedulerRun(
  c: SimCluster,
  runtime: Parameters<SimCluster['runtimeArgs']>[0] = 'glibc-217',
): SchedulerRun {
  const dir = makeTempDir('scaleio-e2e-');
  const stateFile = dir.join('state.json');
  return {
    dir: dir.path,
    stateFile,
    start: async (extra = [], env = {}) =>
      spawnScheduler(
        [
          '--master',
          c.mesos.masters.map((m) => m.url).join(','),
          '--gateway-url',
          c.scaleio.url,
          '--package-repo-url',
          c.nodes.repoUrl,
          '--package-sha256-file',
          await packageSumsFile(c.nodes.repoUrl, dir.path),
          ...c.runtimeArgs(runtime),
          '--state-file',
          stateFile,
          '--mdm-min-cpus',
          '1',
          '--mdm-min-mem-mb',
          '1024',
          '--discovery-interval',
          '2',
          ...extra,
        ],
        { ...c.schedulerEnv, SCALEIO_PASSWORD: c.password, ...env },
      ),
    cleanup: dir.remove,
  };
}

/** Polls the status until `done` says so (or throws after `timeoutMs` with the last status). */
export async function waitFor(
  url: string,
  done: (s: StatusDoc) => boolean,
  timeoutMs: number,
  each?: () => Promise<void>,
): Promise<StatusDoc> {
  const until = Date.now() + timeoutMs;
  let last: StatusDoc | undefined;
  while (Date.now() < until) {
    last = await readStatus(url);
    if (each) await each().catch(() => undefined);
    if (last && done(last)) return last;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(
    `timed out; last status: ${JSON.stringify(last?.deploy)} ${JSON.stringify(last?.nodes?.map((n) => [n.hostname, n.step, n.status, n.lastError]))}`,
  );
}

/** Deploy complete. */
export const deployed = (s: StatusDoc): boolean => s.deploy?.complete === true;

/** A simulated cluster, its scheduler run (state directory) and the scheduler process. */
export interface ClusterRun {
  readonly c: SimCluster;
  readonly run: SchedulerRun;
  readonly sched: SchedulerProcess;
}

/** A simulated cluster that its scheduler has deployed. */
export type DeployedCluster = ClusterRun;

/**
 * Starts a simulated cluster of `opts` and the scheduler `start` launches on it (default: no
 * extra arguments), runs `body` on them, then stops the scheduler and the cluster and removes
 * the state directory, whatever `body` (or `start`) did.
 */
export async function withClusterRun<A>(
  opts: SimClusterOptions,
  body: (x: ClusterRun) => Promise<A>,
  start: (run: SchedulerRun, c: SimCluster) => Promise<SchedulerProcess> = (run) => run.start(),
): Promise<A> {
  const c = await startSimCluster(opts);
  const run = schedulerRun(c);
  let sched: SchedulerProcess | undefined;
  try {
    sched = await start(run, c);
    return await body({ c, run, sched });
  } finally {
    await sched?.stop();
    await c.stop();
    run.cleanup();
  }
}

/**
 * Starts a simulated cluster of `agents` and a scheduler with the arguments `args` gives for it,
 * and resolves once the deploy is complete; on any failure it stops what it started and rejects.
 */
export async function startDeployed(
  agents: number,
  args: (c: SimCluster, run: SchedulerRun) => readonly string[],
  env: Record<string, string> | ((c: SimCluster) => Record<string, string>),
  timeoutMs: number,
  cluster: SimClusterOptions = {},
): Promise<DeployedCluster> {
  const c = await startSimCluster({ ...cluster, agents });
  const run = schedulerRun(c);
  let sched: SchedulerProcess | undefined;
  try {
    sched = await run.start(args(c, run), typeof env === 'function' ? env(c) : env);
    await waitFor(sched.url, deployed, timeoutMs);
    return { c, run, sched };
  } catch (e) {
    await sched?.stop();
    await c.stop();
    run.cleanup();
    throw e;
  }
}

/** The cluster a test file shares: its scheduler may be replaced by a restart. */
export interface SharedCluster {
  readonly c: SimCluster;
  readonly run: SchedulerRun;
  sched: SchedulerProcess;
  /** ScaleIO devices right after the deploy. */
  readonly devices0: number;
  /** When the setup began (epoch ms). */
  readonly t0: number;
}

/** One deployed cluster for all tests of a file: `before` and `after` are its uvu hooks. */
export interface SharedDeploy<X> {
  /** The cluster, or the setup's error (uvu does not report a failing hook: the tests do). */
  readonly the: () => SharedCluster & X;
  readonly before: () => Promise<void>;
  readonly after: () => Promise<void>;
}

/**
 * A cluster `start` deploys once for the file named `name` (it logs how long that took), stopped
 * with its scheduler after the last test; `beforeStop` runs first.
 */
export function sharedDeploy<X>(
  name: string,
  start: () => Promise<DeployedCluster & X>,
  beforeStop?: (x: SharedCluster & X) => void,
): SharedDeploy<X> {
  let ctx: (SharedCluster & X) | undefined;
  let setupError: unknown;
  const since = (t0: number): number => Math.round((Date.now() - t0) / 1000);
  return {
    the: () => {
      if (ctx === undefined) throw new Error(`the cluster did not start: ${String(setupError)}`);
      return ctx;
    },
    before: async () => {
      const t0 = Date.now();
      try {
        const d = await start();
        ctx = { ...d, devices0: d.c.scaleio.state().devices.length, t0 };
      } catch (e) {
        setupError = e;
        return;
      }
      console.log(`${name}: deployed in ${since(t0)} s`);
    },
    after: async () => {
      if (ctx === undefined) return;
      beforeStop?.(ctx);
      await ctx.sched.stop();
      await ctx.c.stop();
      ctx.run.cleanup();
      console.log(`${name}: ${since(ctx.t0)} s in all`);
    },
  };
}

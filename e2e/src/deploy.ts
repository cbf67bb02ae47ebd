import { makeTempDir } from '@scaleio-framework/testkit';
import { startSimCluster, type SimCluster } from './cluster.js';
import { readStatus, type StatusDoc } from './deploy-watch.js';
import { spawnScheduler, type SchedulerProcess } from './scheduler.js';

/** A scheduler run against a simulated cluster, with its state directory. */
export interface SchedulerRun {
  readonly dir: string;
  readonly stateFile: string;
  start(extra?: readonly string[], env?: Record<string, string>): Promise<SchedulerProcess>;
  cleanup(): void;
}

/** The scheduler's arguments for a simulated cluster (the password goes through the environment). */
export function schedulerRun(c: SimCluster): SchedulerRun {
  const dir = makeTempDir('scaleio-e2e-');
  const stateFile = dir.join('state.json');
  return {
    dir: dir.path,
    stateFile,
    start: (extra = [], env = {}) =>
      spawnScheduler(
        [
          '--master',
          c.mesos.masters.map((m) => m.url).join(','),
          '--gateway-url',
          c.scaleio.url,
          '--package-repo-url',
          c.nodes.repoUrl,
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
        { SCALEIO_PASSWORD: c.password, ...env },
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

/** A simulated cluster that its scheduler has deployed. */
export interface DeployedCluster {
  readonly c: SimCluster;
  readonly run: SchedulerRun;
  readonly sched: SchedulerProcess;
}

/**
 * Starts a simulated cluster of `agents` and a scheduler with the arguments `args` gives for it,
 * and resolves once the deploy is complete; on any failure it stops what it started and rejects.
 */
export async function startDeployed(
  agents: number,
  args: (c: SimCluster, run: SchedulerRun) => readonly string[],
  env: Record<string, string>,
  timeoutMs: number,
): Promise<DeployedCluster> {
  const c = await startSimCluster({ agents });
  const run = schedulerRun(c);
  let sched: SchedulerProcess | undefined;
  try {
    sched = await run.start(args(c, run), env);
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

/**
 * Helpers of the Mesos fault scenarios (e2e/test/mesos-faults.test.ts): what the scheduler's
 * status shows of a node, waiting on conditions, picking a node mid-deploy, and collecting every
 * fact that does not hold so that one failure names them all. Verdicts come from mesos-sim's
 * records (`mesos-truth.ts`).
 */
import { deployedOrFailed } from './checks.js';
import type { SimCluster } from './cluster.js';
import { waitFor } from './deploy.js';
import { simLaunches, stepOf } from './mesos-truth.js';
import type { SchedulerProcess } from './scheduler.js';

/** A node of the status API, in the parts these checks read. */
export interface NodeDoc {
  hostname: string;
  role: string;
  phase?: string;
  status?: string;
  reachability?: string;
}
/** The nodes of the scheduler's status (none while it does not answer). */
export const nodesOf = async (url: string): Promise<NodeDoc[]> => {
  try {
    const r = await fetch(`${url}/api/v1/status`);
    return r.ok ? (((await r.json()) as { nodes?: NodeDoc[] }).nodes ?? []) : [];
  } catch {
    return [];
  }
};
/** The status shows the node as `word` (its reachability, step status or phase). */
export const shows = (n: NodeDoc | undefined, ...words: string[]): boolean =>
  n !== undefined && words.some((w) => n.reachability === w || n.status === w || n.phase === w);

/** Polls `f` every 200 ms until it gives a value; throws after `ms`. */
export const until = async <A>(
  f: () => Promise<A | undefined> | A | undefined,
  ms: number,
  what: string,
) => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

/** The master's view of an agent in mesos-sim (registered, unreachable, gone …). */
export const agentStatus = (c: SimCluster, id: string) =>
  c.mesos.state().agents.find((a) => a.id === id)?.status;

/** Every fact that does not hold, collected so that one failure names them all. */
export const facts = (timeoutMs: number) => {
  const wrong: string[] = [];
  return {
    wrong,
    check: (ok: boolean, what: string) => void (ok || wrong.push(what)),
    none: (xs: readonly string[], what: string) =>
      void (xs.length === 0 || wrong.push(`${what}: ${xs.slice(0, 6).join('; ')}`)),
    deploy: async (url: string) => {
      try {
        await waitFor(url, deployedOrFailed, timeoutMs);
      } catch (e) {
        wrong.push(`the deploy did not complete: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
  };
};

/** A plain storage node (no MDM role) with a step running on it now: mid-deploy. */
export const busyStorageAgent = (c: SimCluster, sched: SchedulerProcess, timeoutMs: number) =>
  until(
    async () => {
      for (const n of (await nodesOf(sched.url)).filter((x) => x.role === 'storage')) {
        const agent = c.mesos.agents.find((a) => a.hostname === n.hostname);
        const run = simLaunches(c.mesos).find(
          (r) => r.agentId === agent?.id && r.agentState === 'TASK_RUNNING',
        );
        if (agent && run) return { agent, step: stepOf(run) };
      }
      return undefined;
    },
    timeoutMs,
    'a storage node running a step',
  );

/** Waits until the status shows the node as one of `words` (false after `ms`). */
export const statusShows = (
  sched: SchedulerProcess,
  host: string,
  ms: number,
  ...words: string[]
) =>
  until(
    async () =>
      shows(
        (await nodesOf(sched.url)).find((n) => n.hostname === host),
        ...words,
      )
        ? true
        : undefined,
    ms,
    `${host} ${words.join('/')}`,
  ).catch(() => false);

/** Cuts the agent off and waits until mesos-sim's master has marked it unreachable. */
export const partitionUntilUnreachable = async (c: SimCluster, id: string) => {
  c.mesos.partitionAgent(id);
  await until(
    () => (agentStatus(c, id) === 'unreachable' ? true : undefined),
    30_000,
    'unreachable',
  );
};

/** What the scheduler was told about each task of an agent (states; `*`: no uuid), from mesos-sim. */
export const toldAbout = (c: SimCluster, agentId: string): string =>
  c.mesos
    .history()
    .tasks.filter((r) => r.agentId === agentId)
    .map((r) => `${r.taskId}: ${r.updates.map((u) => `${u.state}${u.uuid ? '' : '*'}`).join(' ')}`)
    .join(' | ');

/**
 * Verdicts read from mesos-sim's own records (its task history, offers, accepts and agent
 * transitions), never from the scheduler's logs: duplicated steps, reused task ids, launches on
 * rescinded offers, launches before an agent reregistered, and the resources tasks used.
 */
import type { MesosSim, SimHistory } from '@scaleio-framework/mesos-sim';

type TaskRun = SimHistory['tasks'][number];

/** Terminal states that end a run without its work done (mesos.proto `TaskState`). */
const UNDONE = new Set([
  'TASK_FAILED',
  'TASK_KILLED',
  'TASK_ERROR',
  'TASK_LOST',
  'TASK_DROPPED',
  'TASK_GONE',
  'TASK_GONE_BY_OPERATOR',
]);

/**
 * The step a task ran: the `step` of its `TaskInfo.data` (the deploy-step spec), else its name.
 * Never its task id, which changes from one launch to the next.
 */
export function stepOf(run: Pick<TaskRun, 'data' | 'name'>): string {
  if (run.data !== undefined)
    try {
      const j: unknown = JSON.parse(Buffer.from(run.data, 'base64').toString('utf8'));
      const step = (j as { step?: unknown } | null)?.step;
      if (typeof step === 'string') return step;
    } catch {
      // not JSON: fall back to the name
    }
  return run.name;
}

/** Runs that reached their node (the executor got the task), per step and node; `only` picks runs. */
export function runsByStep(
  mesos: MesosSim,
  only: (run: TaskRun) => boolean = () => true,
): Map<string, TaskRun[]> {
  const out = new Map<string, TaskRun[]>();
  for (const run of mesos.history().tasks) {
    if (!run.delivered || !only(run)) continue;
    const key = `${run.hostname || run.agentId} ${stepOf(run)}`;
    out.set(key, [...(out.get(key) ?? []), run]);
  }
  return out;
}

/**
 * Duplicate launches: two runs of the same step on the same node that did not fail (each
 * finished, or still runs, as the agent knows it). A run that failed, was lost or killed is the
 * reason for the next one, not a duplicate. Empty when nothing ran twice. `only` picks the runs
 * that count (default all).
 */
export function duplicateLaunches(
  mesos: MesosSim,
  only: (run: TaskRun) => boolean = () => true,
): string[] {
  const out: string[] = [];
  for (const [key, runs] of runsByStep(mesos, only)) {
    const good = runs.filter((r) => r.agentState === undefined || !UNDONE.has(r.agentState));
    if (good.length > 1)
      out.push(
        `${key} ran ${good.length} times: ${good.map((r) => `${r.taskId} (${r.agentState ?? '?'})`).join(', ')}`,
      );
  }
  return out;
}

/** Task ids launched more than once (whatever became of the launches). */
export function reusedTaskIds(mesos: MesosSim): string[] {
  const seen = new Map<string, number>();
  for (const r of mesos.history().tasks) seen.set(r.taskId, (seen.get(r.taskId) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([id, n]) => `${id} launched ${n} times`);
}

/**
 * ACCEPTs with launches on an offer that had been rescinded more than `graceMs` before the call
 * arrived (a rescind racing an ACCEPT already on its way is Mesos's business: TASK_DROPPED).
 */
export function launchesOnRescinded(mesos: MesosSim, graceMs = 250): string[] {
  const h = mesos.history();
  return h.accepts.flatMap((a) => {
    if (a.taskIds.length === 0) return [];
    return a.offerIds.flatMap((id) => {
      const end = h.offers.get(id)?.ended;
      if (end?.how !== 'rescinded' || a.at - end.at <= graceMs) return [];
      return [`${a.taskIds.join(',')} on offer ${id}, ${a.at - end.at} ms after it was rescinded`];
    });
  });
}

/** Offers rescinded, per agent id. */
export function rescindedOffers(mesos: MesosSim, agentId: string): number {
  return [...mesos.history().offers.values()].filter(
    (o) => o.agentId === agentId && o.ended?.how === 'rescinded',
  ).length;
}

/**
 * Launch attempts on an agent after the last master failover and before that agent reregistered
 * with the new leader (it had its chance to report its tasks first).
 */
export function launchesBeforeReregistration(mesos: MesosSim): string[] {
  const h = mesos.history();
  const failover = h.failovers.at(-1);
  if (failover === undefined) return [];
  const back = new Map<string, number>();
  for (const e of h.agentEvents)
    if (e.event === 'reregistered' && e.at >= failover.at && !back.has(e.agentId))
      back.set(e.agentId, e.at);
  return h.tasks
    .filter((r) => r.acceptedAt >= failover.at && r.acceptedAt < (back.get(r.agentId) ?? Infinity))
    .map((r) => `${r.taskId} (${stepOf(r)}) on ${r.hostname} ${r.outcome}`);
}

/** The role a resource is reserved for (either format), or `*`. */
export function reservedFor(r: {
  role?: string;
  reservations?: readonly { role?: string }[];
}): string {
  return r.reservations?.at(-1)?.role ?? r.role ?? '*';
}

/** Launches recorded by mesos-sim (the master accepted and sent them to an agent). */
export const simLaunches = (mesos: MesosSim): TaskRun[] =>
  mesos.history().tasks.filter((r) => r.outcome === 'launched');

/** Waits until mesos-sim has seen `n` launches (throws after `timeoutMs`). */
export async function afterSimLaunches(mesos: MesosSim, n: number, timeoutMs = 240_000) {
  const until = Date.now() + timeoutMs;
  while (simLaunches(mesos).length < n) {
    if (Date.now() > until) throw new Error(`fewer than ${n} launches in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

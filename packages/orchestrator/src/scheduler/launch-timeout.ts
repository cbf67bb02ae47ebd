/**
 * The launch timeout. A launch can be lost on its way to the agent (a network partition shorter
 * than the master's health-check window: the master keeps the task TASK_STAGING, the agent never
 * heard of it, and nothing will ever change that until the agent reregisters). A task that has
 * not left TASK_STAGING within the launch timeout is killed; it is launched again (under a new
 * task id, see `taskIdFor`) only once it is known not to run:
 *
 * - its terminal update arrives. An agent whose framework runs but has no such task answers the
 *   KILL with TASK_DROPPED (TASK_LOST if not partition-aware), a task still being launched ends
 *   TASK_KILLED (slave.cpp `Slave::killTask`, `killPendingTask`); a TASK_KILLED of a task we
 *   killed here is a lost launch, not a failed step;
 * - or reconciliation says the master does not know it (TASK_GONE, TASK_UNKNOWN: `taskOutcome`);
 * - or, when the agent ignores the KILL (it runs no executor of ours: "no such framework is
 *   running"), a bounded wait: one more timeout during which the KILL is sent again (master.cpp
 *   `Master::kill` resends it "just in case the previous one was dropped") with an explicit
 *   reconciliation each time, and the master answered TASK_STAGING after the first KILL — its
 *   agent registered and reachable. An agent still cut off would have been marked unreachable
 *   within its health-check window (`agent_ping_timeout` × `max_agent_ping_timeouts`, 75 s by
 *   default; keep the timeout above it), which answers TASK_UNREACHABLE and pauses the watch;
 *   the launch was sent before the KILL on the same master-agent link, so an agent that got the
 *   KILL and knew nothing of us never got the launch.
 *
 * Only what lives in memory: after a scheduler restart the running tasks are watched anew, each
 * from when the master says it is still TASK_STAGING (most are long running).
 */
import { isTerminalState, TaskState } from '@scaleio-framework/mesos';
import { applyStepEvent, parseTaskId } from '../step-events.js';
import { logLine, type Action, type StatusInput } from './io.js';
import type { SchedulerModel, Staging } from './model.js';
import type { SchedulerSettings } from './settings.js';

/** The default launch timeout (5 minutes: above Mesos's 75 s health-check window and 1 min executor registration timeout). */
export const DEFAULT_LAUNCH_TIMEOUT_MS = 300_000;

/** The launch timeout of the settings. */
export const launchTimeoutOf = (s: SchedulerSettings): number =>
  s.launchTimeoutMs ?? DEFAULT_LAUNCH_TIMEOUT_MS;

/** How often an unanswered KILL is sent again (with an explicit reconciliation). */
export const killResendMs = (timeoutMs: number): number =>
  Math.max(1000, Math.round(timeoutMs / 5));

/** The launches among `actions` start being watched at `now`. */
export function watchLaunches(
  m: SchedulerModel,
  actions: readonly Action[],
  now: number,
): SchedulerModel {
  let staging: Map<string, Staging> | undefined;
  for (const a of actions)
    if (a._tag === 'launch')
      (staging ??= new Map(m.staging)).set(a.task.taskId, { agentId: a.task.agentId, since: now });
  return staging === undefined ? m : { ...m, staging };
}

/**
 * What an update says of a watched task: TASK_STAGING after a KILL confirms that the master
 * still holds it (and for a task inherited from an earlier scheduler, starts its clock); TASK_UNREACHABLE starts the wait anew (its agent is cut off, nothing is
 * relaunched); an agent that reregistered starts it anew too; any other state means the task
 * left TASK_STAGING (or ended): no longer watched — except that a task we killed stays known as
 * killed until it ends, so that its TASK_KILLED counts as a lost launch.
 */
export function stagingUpdate(m: SchedulerModel, u: StatusInput, now: number): SchedulerModel {
  const w = m.staging.get(u.taskId);
  if (w === undefined) return m;
  const set = (next: Staging | undefined): SchedulerModel => {
    const staging = new Map(m.staging);
    if (next === undefined) staging.delete(u.taskId);
    else staging.set(u.taskId, next);
    return { ...m, staging };
  };
  const fresh: Staging = { agentId: w.agentId, since: now, ...(w.killed ? { killed: true } : {}) };
  if (u.state === 'TASK_UNREACHABLE') return set(fresh);
  if (u.state === 'TASK_STAGING') {
    if (u.reason === 'REASON_AGENT_REREGISTERED') return set(fresh);
    if (w.inherited === true) return set({ agentId: w.agentId, since: w.since });
    return w.firstKillAt === undefined || w.confirmedAt !== undefined
      ? m
      : set({ ...w, confirmedAt: now });
  }
  if (w.killed && !(TaskState.is(u.state) && isTerminalState(u.state)))
    return w.left ? m : set({ ...w, left: true });
  return set(undefined);
}

/** Whether a TASK_KILLED of `taskId` answers our own KILL (a lost launch, not a failed step). */
export const killedByUs = (m: SchedulerModel, taskId: string): boolean =>
  m.staging.get(taskId)?.killed === true;

/**
 * On a tick: kills the tasks past the launch timeout, sends unanswered KILLs again (each with a
 * reconciliation), and gives up waiting for a KILL's answer after one more timeout when the
 * master confirmed the task still staging: the step is lost (launched again under a new id), a
 * probe is answered with a failure. Stops watching what no longer runs.
 */
export function launchTimeouts(
  m: SchedulerModel,
  settings: SchedulerSettings,
  now: number,
): { model: SchedulerModel; actions: Action[] } {
  if (m.staging.size === 0) return { model: m, actions: [] };
  const timeout = launchTimeoutOf(settings);
  const actions: Action[] = [];
  // Copied only when something changes: this runs on every tick.
  let staging: Map<string, Staging> | undefined;
  const edit = (): Map<string, Staging> => (staging ??= new Map(m.staging));
  let deploy = m.deploy;
  let probes = m.runningProbes;
  for (const [taskId, w] of m.staging) {
    const id = parseTaskId(taskId);
    const step = id === undefined ? undefined : deploy.nodes[id.agentId]?.steps[id.step];
    const isStep = step?.status === 'running' && step.taskId === taskId;
    const probe = probes.get(taskId);
    if (!isStep && probe === undefined) {
      edit().delete(taskId);
      continue;
    }
    if (w.left === true || w.inherited === true || step?.unreachableSince !== undefined) continue;
    const fields = { taskId, agentId: w.agentId, ...(id ? { step: id.step } : {}) };
    const kill: Action = { _tag: 'kill', taskId, agentId: w.agentId };
    if (w.firstKillAt === undefined) {
      if (now - w.since < timeout) continue;
      actions.push(
        logLine('warn', 'task still staging after the launch timeout; killing it', {
          ...fields,
          timeoutMs: timeout,
        }),
        kill,
      );
      edit().set(taskId, { ...w, killed: true, firstKillAt: now, killedAt: now });
      continue;
    }
    if (w.confirmedAt !== undefined && now - w.firstKillAt >= timeout) {
      const reason = `still staging ${Math.round((now - w.since) / 1000)} s after its launch; the agent did not answer the KILL: taken as never delivered`;
      edit().delete(taskId);
      actions.push(logLine('warn', 'launch lost; the step will be launched again', fields));
      if (isStep && id !== undefined)
        deploy = applyStepEvent(deploy, settings.spec, {
          agentId: id.agentId,
          step: id.step,
          event: 'lost',
          now,
          reason,
        });
      else if (probe !== undefined) {
        const next = new Map(probes);
        next.delete(taskId);
        probes = next;
        actions.push({
          _tag: 'probeAnswered',
          id: probe.id,
          outcome: { ok: false, error: reason },
        });
      }
      continue;
    }
    if (now - (w.killedAt ?? w.firstKillAt) < killResendMs(timeout)) continue;
    actions.push(kill, { _tag: 'reconcile', tasks: [{ taskId, agentId: w.agentId }] });
    edit().set(taskId, { ...w, killedAt: now });
  }
  return staging === undefined
    ? { model: m, actions }
    : { model: { ...m, deploy, runningProbes: probes, staging }, actions };
}

/** Scheduler-driven actions on an agent's executors: KILL, SHUTDOWN, MESSAGE, framework removal. */
import { uuidBase64 } from '../ids.js';
import { hasCapability, isTerminal } from '../model/framework.js';
import { agentUpdate, executorExited, toExecutor } from './runs.js';
import { runKey, type AgentState, type ExecutorRun } from './state.js';

const findRun = (a: AgentState, frameworkId: string, taskId: string): ExecutorRun | undefined =>
  [...a.runs.values()].find((r) => r.frameworkId === frameworkId && r.tasks.has(taskId));

const graceMs = (a: AgentState, run: ExecutorRun): number => {
  const ns = run.info.shutdown_grace_period?.nanoseconds;
  return ns !== undefined ? Math.round(ns / 1e6) : a.ctx.timing.shutdownGraceMs;
};

/** Asks an executor to shut down (SHUTDOWN event), then kills its processes after the grace period. */
export const shutdownRun = (a: AgentState, run: ExecutorRun): void => {
  if (run.terminated) return;
  if (run.procs.size === 0) return executorExited(a, run, 0, false);
  toExecutor(a, run, { type: 'SHUTDOWN' });
  for (const [key, p] of run.procs) if (key !== '') p.signal('SIGTERM');
  run.cancelTimer?.();
  run.cancelTimer = a.ctx.clock.setTimer(graceMs(a, run), () => {
    for (const p of run.procs.values()) p.signal('SIGKILL');
  });
};

/** KILL of one task (grace period in ns from the kill policy, if any). */
export const killTask = (
  a: AgentState,
  frameworkId: string,
  taskId: string,
  graceNs: number | undefined,
): void => {
  // slave.cpp `Slave::killTask`: "Cannot kill task ... because the agent is RECOVERING".
  if (a.recovering) return;
  const run = findRun(a, frameworkId, taskId);
  if (run === undefined) return killUnknownTask(a, frameworkId, taskId);
  const entry = run.tasks.get(taskId);
  if (entry === undefined || isTerminal(entry.state)) return;
  entry.killRequested = true;
  if (!entry.sent) {
    for (const q of run.queue) q.tasks = q.tasks.filter((t) => t.task_id.value !== taskId);
    agentUpdate(
      a,
      run,
      taskId,
      'TASK_KILLED',
      'REASON_TASK_KILLED_DURING_LAUNCH',
      'Killed before delivery to the executor',
    );
    if (
      run.kind === 'custom' &&
      [...run.tasks.values()].every((t) => !t.sent && isTerminal(t.state))
    )
      shutdownRun(a, run);
    if (run.kind !== 'custom' && [...run.tasks.values()].every((t) => isTerminal(t.state))) {
      run.terminated = true;
      a.runs.delete(runKey(run.frameworkId, run.executorId));
    }
    return;
  }
  if (run.kind === 'custom') {
    toExecutor(a, run, {
      type: 'KILL',
      kill: {
        task_id: { value: taskId },
        ...(graceNs !== undefined
          ? { kill_policy: { grace_period: { nanoseconds: graceNs } } }
          : {}),
      },
    });
    return;
  }
  const proc = run.procs.get(taskId);
  proc?.signal('SIGTERM');
  a.ctx.clock.setTimer(
    graceNs !== undefined ? Math.round(graceNs / 1e6) : a.ctx.timing.shutdownGraceMs,
    () => proc?.signal('SIGKILL'),
  );
};

/**
 * KILL of a task no executor of the agent has (its launch never arrived, e.g. lost in a network
 * partition the master had not noticed). Apache Mesos 1.12.0 (commit c1b42f79, the one
 * `../shared/mesos-proto` is from), src/slave/slave.cpp `Slave::killTask`:
 * - (in `killTask`) the agent is RECOVERING: nothing sent; the master sends its `killedTasks`
 *   again when the agent reregisters (master.cpp `Master::kill`, `reconcileKnownSlave`);
 * - the framework is unknown to the agent (`getFramework` is null: no executor of it and no
 *   pending task, `Framework::idle`): "Ignoring kill task ... because no such framework is
 *   running", nothing sent — the master keeps the task TASK_STAGING;
 * - the framework runs but no executor has the task (`Framework::getExecutor(taskId)` is null):
 *   "Cannot find executor": an agent-made, reliable update (uuid, SOURCE_AGENT, no executor id)
 *   TASK_DROPPED for PARTITION_AWARE frameworks, TASK_LOST otherwise, with
 *   REASON_EXECUTOR_TERMINATED, forwarded by `Slave::statusUpdate` ("Could not find the
 *   executor") and retried until acknowledged.
 */
const killUnknownTask = (a: AgentState, frameworkId: string, taskId: string): void => {
  const runs = [...a.runs.values()].filter((r) => r.frameworkId === frameworkId && !r.terminated);
  const run = runs[0];
  if (run === undefined || a.master.frameworkInfo(frameworkId) === undefined) return;
  a.updates.add(frameworkId, {
    task_id: { value: taskId },
    state: hasCapability(run.framework, 'PARTITION_AWARE') ? 'TASK_DROPPED' : 'TASK_LOST',
    source: 'SOURCE_AGENT',
    reason: 'REASON_EXECUTOR_TERMINATED',
    message: 'Cannot find executor',
    agent_id: { value: a.id },
    timestamp: a.ctx.clock.now() / 1000,
    uuid: uuidBase64(),
  });
};

/** SHUTDOWN call for one executor. */
export const shutdownExecutor = (a: AgentState, frameworkId: string, executorId: string): void => {
  const run = [...a.runs.values()].find(
    (r) => r.frameworkId === frameworkId && r.executorId === executorId,
  );
  if (run !== undefined) shutdownRun(a, run);
};

/** The framework was removed: shut down all its executors and forget its updates. */
export const shutdownFramework = (a: AgentState, frameworkId: string): void => {
  for (const run of [...a.runs.values()]) if (run.frameworkId === frameworkId) shutdownRun(a, run);
  a.updates.dropFramework(frameworkId);
};

/** MESSAGE from the scheduler to an executor (best effort). */
export const messageExecutor = (
  a: AgentState,
  frameworkId: string,
  executorId: string,
  data: string,
): void => {
  const run = [...a.runs.values()].find(
    (r) => r.frameworkId === frameworkId && r.executorId === executorId,
  );
  if (run !== undefined) toExecutor(a, run, { type: 'MESSAGE', message: { data } });
};

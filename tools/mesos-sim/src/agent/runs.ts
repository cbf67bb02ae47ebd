/** Executor containers on an agent: launch (fetch, spawn), agent-made status updates, exit, kill, shutdown. */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { uuidBase64, uuidText } from '../ids.js';
import { executorEnv } from './env.js';
import { hasCapability, isTerminal } from '../model/framework.js';
import type { ExecutorInfo, FrameworkInfo, TaskInfo, TaskStatus } from '../wire/common.js';
import { taskWithDefaults } from '../wire/defaults.js';
import { agentFetchCache, fetchUris } from './fetcher.js';
import { attachSandbox } from './files.js';
import { updateMemoryLimit } from './cgroups-mem.js';
import { cleanupContainer, prepareContainer } from './isolators.js';
import { startProcess } from './process.js';
import { runKey, type AgentState, type ExecutorRun, type ExitReason } from './state.js';

/** Sends an event to a subscribed executor (checked by the observer). */
export const toExecutor = (a: AgentState, run: ExecutorRun, event: Record<string, unknown>): void =>
  run.stream?.send(event);

/** Records a status update made by the agent (SOURCE_AGENT unless given) with a fresh uuid. */
export const agentUpdate = (
  a: AgentState,
  run: ExecutorRun,
  taskId: string,
  state: string,
  reason: string | undefined,
  message: string,
  source = 'SOURCE_AGENT',
  extra: Partial<TaskStatus> = {},
): void => {
  const entry = run.tasks.get(taskId);
  if (entry !== undefined) setAgentState(a, run, taskId, state);
  if (a.master.frameworkInfo(run.frameworkId) === undefined) return;
  const status: TaskStatus = {
    task_id: { value: taskId },
    state,
    source,
    ...(reason !== undefined ? { reason } : {}),
    message,
    agent_id: { value: a.id },
    executor_id: { value: run.executorId },
    timestamp: a.ctx.clock.now() / 1000,
    uuid: uuidBase64(),
    ...extra,
  };
  a.updates.add(run.frameworkId, status);
};

/** Records a task's new state on the agent (and in the simulator's history). */
export const setAgentState = (
  a: AgentState,
  run: ExecutorRun,
  taskId: string,
  state: string,
): void => {
  const entry = run.tasks.get(taskId);
  if (entry !== undefined) entry.state = state;
  a.ctx.history.agentState(run.frameworkId, a.id, taskId, state);
};

/** Marks tasks as handed to their executor or command: they ran on the node. */
const markSent = (a: AgentState, run: ExecutorRun, taskId: string): void => {
  const e = run.tasks.get(taskId);
  if (e === undefined) return;
  e.sent = true;
  a.ctx.history.delivered(run.frameworkId, a.id, taskId);
};

/** Lost-or-gone as the framework understands it (PARTITION_AWARE or not). */
export const lostState = (run: ExecutorRun): string =>
  hasCapability(run.framework, 'PARTITION_AWARE') ? 'TASK_GONE' : 'TASK_LOST';

/** The executor's container ended: remaining tasks end per `exitReason`, the scheduler gets FAILURE. */
export const executorExited = (
  a: AgentState,
  run: ExecutorRun,
  status: number,
  notify = true,
): void => {
  if (run.terminated && !a.runs.has(runKey(run.frameworkId, run.executorId))) return;
  run.terminated = true;
  run.cancelTimer?.();
  run.stream?.close();
  const why: ExitReason = run.exitReason ?? {
    state: 'TASK_FAILED',
    reason: 'REASON_EXECUTOR_TERMINATED',
    message: 'Executor terminated',
  };
  for (const [taskId, t] of run.tasks)
    if (!isTerminal(t.state))
      agentUpdate(a, run, taskId, why.state, why.reason, why.message, 'SOURCE_AGENT', limited(why));
  for (const p of run.procs.values()) p.signal('SIGKILL');
  a.runs.delete(runKey(run.frameworkId, run.executorId));
  cleanupContainer(a, run);
  if (notify && run.kind === 'custom')
    a.master.executorExited(a.id, run.frameworkId, run.executorId, status);
};

/** The `limitation` of a container limitation, as the status carries it. */
const limited = (why: ExitReason): Partial<TaskStatus> =>
  why.limitation === undefined ? {} : { limitation: { resources: [...why.limitation.resources] } };

/** A container whose launch failed (an isolator's prepare): its tasks fail, the container goes. */
const launchFailed = (a: AgentState, run: ExecutorRun, error: string): void => {
  run.exitReason = {
    state: 'TASK_FAILED',
    reason: 'REASON_CONTAINER_LAUNCH_FAILED',
    message: `Failed to launch container: ${error}`,
  };
  executorExited(a, run, 1 << 8, false);
};

/** Sends LAUNCH / LAUNCH_GROUP to a subscribed custom executor. */
export const sendLaunch = (
  a: AgentState,
  run: ExecutorRun,
  tasks: TaskInfo[],
  group: boolean,
): void => {
  for (const t of tasks) markSent(a, run, t.task_id.value);
  if (group)
    toExecutor(a, run, {
      type: 'LAUNCH_GROUP',
      launch_group: { task_group: { tasks: tasks.map(taskWithDefaults) } },
    });
  else
    for (const task of tasks)
      toExecutor(a, run, { type: 'LAUNCH', launch: { task: taskWithDefaults(task) } });
};

const startBuiltinTask = async (a: AgentState, run: ExecutorRun, task: TaskInfo): Promise<void> => {
  const entry = run.tasks.get(task.task_id.value);
  if (entry === undefined || entry.killRequested) return;
  const command = task.command ?? {};
  const error = await fetchUris(
    command.uris ?? [],
    run.sandbox,
    agentFetchCache(a),
    command.user ?? run.framework.user,
  );
  if (error !== undefined)
    return agentUpdate(
      a,
      run,
      task.task_id.value,
      'TASK_FAILED',
      'REASON_CONTAINER_LAUNCH_FAILED',
      `Failed to launch container: ${error}`,
    );
  markSent(a, run, task.task_id.value);
  const proc = startProcess(
    command,
    run.sandbox,
    executorEnv(a, run, command),
    (status, spawnError) => {
      run.procs.delete(task.task_id.value);
      if (isTerminal(entry.state)) return;
      const code = status >> 8;
      const why = run.exitReason;
      if (why !== undefined)
        agentUpdate(
          a,
          run,
          task.task_id.value,
          why.state,
          why.reason,
          why.message,
          'SOURCE_AGENT',
          limited(why),
        );
      else if (entry.killRequested)
        agentUpdate(
          a,
          run,
          task.task_id.value,
          'TASK_KILLED',
          undefined,
          'Command terminated',
          'SOURCE_EXECUTOR',
        );
      else if (status === 0)
        agentUpdate(
          a,
          run,
          task.task_id.value,
          'TASK_FINISHED',
          undefined,
          'Command exited with status 0',
          'SOURCE_EXECUTOR',
        );
      else
        agentUpdate(
          a,
          run,
          task.task_id.value,
          'TASK_FAILED',
          'REASON_COMMAND_EXECUTOR_FAILED',
          spawnError ?? `Command exited with status ${code}`,
          'SOURCE_EXECUTOR',
        );
      if ([...run.tasks.values()].every((t) => isTerminal(t.state))) {
        run.terminated = true;
        a.runs.delete(runKey(run.frameworkId, run.executorId));
        cleanupContainer(a, run);
      }
    },
  );
  run.procs.set(task.task_id.value, proc);
  agentUpdate(
    a,
    run,
    task.task_id.value,
    'TASK_RUNNING',
    undefined,
    'Command started',
    'SOURCE_EXECUTOR',
  );
};

const startContainer = async (a: AgentState, run: ExecutorRun): Promise<void> => {
  await mkdir(run.sandbox, { recursive: true });
  const unprepared = await prepareContainer(a, run);
  if (unprepared !== undefined) return launchFailed(a, run, unprepared);
  if (run.kind !== 'custom') {
    for (const t of run.tasks.values()) void startBuiltinTask(a, run, t.info);
    return;
  }
  const error = await fetchUris(
    run.info.command?.uris ?? [],
    run.sandbox,
    agentFetchCache(a),
    run.info.command?.user ?? run.framework.user,
  );
  if (run.terminated) return;
  if (error !== undefined) {
    run.exitReason = {
      state: 'TASK_FAILED',
      reason: 'REASON_CONTAINER_LAUNCH_FAILED',
      message: `Failed to launch container: ${error}`,
    };
    return executorExited(a, run, 1 << 8, false);
  }
  const proc = startProcess(
    run.info.command ?? {},
    run.sandbox,
    executorEnv(a, run, undefined),
    (status, spawnError) => {
      if (spawnError !== undefined)
        a.ctx.log(`agent ${a.id}: executor ${run.executorId} failed to start: ${spawnError}`);
      executorExited(a, run, status);
    },
  );
  run.procs.set('', proc);
  run.cancelTimer = a.ctx.clock.setTimer(a.ctx.timing.executorRegistrationMs, () => {
    if (run.stream !== undefined || run.terminated) return;
    run.exitReason = {
      state: 'TASK_FAILED',
      reason: 'REASON_EXECUTOR_REGISTRATION_TIMEOUT',
      message: 'Executor did not register in time',
    };
    proc.signal('SIGKILL');
  });
};

/** Launches tasks on the agent, creating the executor container when it does not exist yet. */
export const launch = (
  a: AgentState,
  framework: FrameworkInfo & { id: { value: string } },
  tasks: TaskInfo[],
  executor: ExecutorInfo | undefined,
  group: boolean,
): void => {
  const fwId = framework.id.value;
  const first = tasks[0];
  if (first === undefined) return;
  const info: ExecutorInfo =
    executor !== undefined
      ? { ...executor, framework_id: { value: fwId } }
      : {
          executor_id: { value: first.task_id.value },
          framework_id: { value: fwId },
          name: `Command Executor (Task: ${first.task_id.value})`,
          ...(first.command !== undefined ? { command: first.command } : {}),
        };
  const key = runKey(fwId, info.executor_id.value);
  const existing = a.runs.get(key);
  const run: ExecutorRun = existing ?? {
    frameworkId: fwId,
    executorId: info.executor_id.value,
    kind: executor === undefined ? 'command' : executor.type === 'DEFAULT' ? 'default' : 'custom',
    info,
    framework,
    containerId: uuidText(),
    sandbox: '',
    checkpoint: framework.checkpoint === true,
    procs: new Map(),
    stream: undefined,
    queue: [],
    tasks: new Map(),
    cancelTimer: undefined,
    exitReason: undefined,
    subscribedSinceRestart: false,
    terminated: false,
  };
  if (existing === undefined) {
    (run as { sandbox: string }).sandbox = join(
      a.ctx.workDir,
      'agents',
      a.id,
      'frameworks',
      fwId,
      'executors',
      run.executorId,
      'runs',
      run.containerId,
    );
    a.runs.set(key, run);
    attachSandbox(a, run);
  }
  for (const t of tasks) {
    run.tasks.set(t.task_id.value, {
      info: t,
      state: 'TASK_STAGING',
      sent: false,
      killRequested: false,
    });
    a.ctx.history.agentState(fwId, a.id, t.task_id.value, 'TASK_STAGING');
  }
  updateMemoryLimit(a, run);
  if (existing === undefined) {
    if (run.kind === 'custom') run.queue.push({ tasks, group });
    void startContainer(a, run);
  } else if (run.kind !== 'custom') {
    for (const t of tasks) void startBuiltinTask(a, run, t);
  } else if (run.stream !== undefined) {
    sendLaunch(a, run, tasks, group);
  } else {
    run.queue.push({ tasks, group });
  }
};

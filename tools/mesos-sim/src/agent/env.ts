/** The environment an agent gives its executors and command tasks. */
import { stoutDuration } from '../ids.js';
import type { TaskInfo } from '../wire/common.js';
import type { AgentState, ExecutorRun } from './state.js';

/** The `MESOS_*` environment of an executor (reference §3.1), over the base environment. */
export const executorEnv = (
  a: AgentState,
  run: ExecutorRun,
  extra: TaskInfo['command'] | undefined,
): Record<string, string> => {
  const graceNs = run.info.shutdown_grace_period?.nanoseconds;
  const env: Record<string, string> = {
    ...a.ctx.executorBaseEnv,
    ...a.executorEnv,
    MESOS_FRAMEWORK_ID: run.frameworkId,
    MESOS_EXECUTOR_ID: run.executorId,
    MESOS_DIRECTORY: run.sandbox,
    MESOS_SANDBOX: run.sandbox,
    MESOS_AGENT_ENDPOINT: `127.0.0.1:${a.port}`,
    MESOS_SLAVE_ID: a.id,
    MESOS_SLAVE_PID: `slave(1)@127.0.0.1:${a.port}`,
    MESOS_CHECKPOINT: run.checkpoint ? '1' : '0',
    MESOS_HTTP_COMMAND_EXECUTOR: '0',
    MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD: stoutDuration(
      graceNs !== undefined ? Math.round(graceNs / 1e6) : a.ctx.timing.shutdownGraceMs,
    ),
    LIBPROCESS_PORT: '0',
  };
  if (run.checkpoint) {
    env['MESOS_RECOVERY_TIMEOUT'] = stoutDuration(a.ctx.timing.recoveryTimeoutMs);
    env['MESOS_SUBSCRIPTION_BACKOFF_MAX'] = stoutDuration(a.ctx.timing.executorReregistrationMs);
  }
  for (const v of [
    ...(run.info.command?.environment?.variables ?? []),
    ...(extra?.environment?.variables ?? []),
  ])
    if ((v.type ?? 'VALUE') === 'VALUE' && v.value !== undefined) env[v.name] = v.value;
  return env;
};

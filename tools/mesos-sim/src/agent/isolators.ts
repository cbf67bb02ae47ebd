/**
 * The agent's isolator modules around a container, as the Mesos containerizer calls them
 * (apache/mesos src/slave/containerizer/mesos/containerizer.cpp):
 * - `prepare` runs for each isolator in order, after the container is created and before it is
 *   isolated, fetched and exec'd (`MesosContainerizerProcess::prepare`, states PREPARING →
 *   ISOLATING → FETCHING → RUNNING). A module sees the container's `ContainerConfig`; the
 *   mesos-module-dvdi isolator reads the environment of its ExecutorInfo's command
 *   (emccode/mesos-module-dvdi isolator/isolator/docker_volume_driver_isolator.cpp `prepare`),
 *   which for a command task holds the task's own environment (slave.cpp `getExecutorInfo`
 *   copies `task.command().environment()` into the command executor's).
 * - A failed prepare fails the launch: the agent destroys the container and its tasks end
 *   TASK_FAILED, REASON_CONTAINER_LAUNCH_FAILED, "Failed to launch container: <failure>"
 *   (slave.cpp `Slave::executorLaunched`).
 * - `cleanup` runs for every isolator when the container is destroyed, whatever state it reached
 *   (`cleanupIsolators` from `__destroy`): after its processes are gone, so after a command
 *   task's terminal update.
 * Modules are loaded by the agent at start (`--modules`) and used when named in `--isolation`
 * (docs/modules.md); the module objects given to mesos-sim decide that themselves (node-sim's
 * dvdi isolator reads the node's agent flags as of the agent's last restart).
 */
import type { AgentState, ExecutorRun } from './state.js';

const prepared = new WeakSet<ExecutorRun>();

/** The environment a module sees: the VALUE variables of the container's ExecutorInfo command. */
export const containerEnv = (run: ExecutorRun): Record<string, string> => {
  const env: Record<string, string> = {};
  for (const v of run.info.command?.environment?.variables ?? [])
    if ((v.type ?? 'VALUE') === 'VALUE' && v.value !== undefined) env[v.name] = v.value;
  return env;
};

/** Runs every module's `prepare` for the container, in order; the first failure, if any. */
export const prepareContainer = async (
  a: AgentState,
  run: ExecutorRun,
): Promise<string | undefined> => {
  if (a.modules.length === 0) return undefined;
  prepared.add(run);
  const env = containerEnv(run);
  for (const m of a.modules) {
    const r = await m.prepare(run.containerId, env).catch((e: unknown) => ({
      _tag: 'Left' as const,
      left: e instanceof Error ? e.message : String(e),
    }));
    if (r._tag === 'Left') return r.left;
  }
  return undefined;
};

/** Runs every module's `cleanup` once the container is gone (once per container). */
export const cleanupContainer = (a: AgentState, run: ExecutorRun): void => {
  if (!prepared.delete(run)) return;
  void (async () => {
    for (const m of [...a.modules].reverse()) {
      const r = await m
        .cleanup(run.containerId)
        .catch((e: unknown) => ({ _tag: 'Left' as const, left: String(e) }));
      if (r._tag === 'Left')
        a.ctx.log(`agent ${a.id}: isolator cleanup of ${run.containerId} failed: ${r.left}`);
    }
  })();
};

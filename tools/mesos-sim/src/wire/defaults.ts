/**
 * Mesos writes unset optional fields that have an explicit `[default = ...]` (reference §1.11).
 * These fill in the ones carried by what agents echo back: CommandInfo.shell, URI.extract,
 * Environment.Variable.type.
 */
import type { CommandInfo, ExecutorInfo, TaskInfo } from './common.js';

/** CommandInfo with `shell: true`, `uris[].extract: true` and `variables[].type: VALUE` when unset. */
export const commandWithDefaults = (c: CommandInfo): CommandInfo => ({
  ...c,
  shell: c.shell ?? true,
  ...(c.uris !== undefined
    ? { uris: c.uris.map((u) => ({ ...u, extract: u.extract ?? true })) }
    : {}),
  ...(c.environment?.variables !== undefined
    ? {
        environment: {
          ...c.environment,
          variables: c.environment.variables.map((v) => ({ ...v, type: v.type ?? 'VALUE' })),
        },
      }
    : {}),
});

/** ExecutorInfo with its command's defaults. */
export const executorWithDefaults = (e: ExecutorInfo): ExecutorInfo =>
  e.command === undefined ? e : { ...e, command: commandWithDefaults(e.command) };

/** TaskInfo with the defaults of its command and executor. */
export const taskWithDefaults = (t: TaskInfo): TaskInfo => ({
  ...t,
  ...(t.command !== undefined ? { command: commandWithDefaults(t.command) } : {}),
  ...(t.executor !== undefined ? { executor: executorWithDefaults(t.executor) } : {}),
});

/**
 * What each task asks Mesos for, by the kind of work it does. Agents run with the `cgroups/mem`
 * isolator: a custom executor's tasks share its container, whose memory limit is the executor's
 * memory plus its running tasks' (Mesos slave.cpp `Executor::allocatedResources`), and a step
 * whose tools pass it is OOM-killed with the whole container (TASK_FAILED,
 * REASON_CONTAINER_LIMITATION_MEMORY). So each kind asks for its tools' peak beside the
 * executor's own memory. Defaults and their sources are in {@link defaultClusterSpec}'s fields.
 */
import type { DeployStep } from './plan.js';
import type { ClusterSpec } from './spec.js';

/**
 * The kinds of task:
 * - `repo-install`: packages from the distribution's repositories (`apt-get`, `yum`/`dnf`);
 * - `package-install`: one downloaded package file (`dpkg -i`, `rpm -U`) and its install scripts;
 * - `gateway`: the gateway package, whose scripts run the JVM (keytool; on SysV hosts the
 *   gateway's own Tomcat start);
 * - `light`: `scli`, file edits, service restarts, device probes.
 */
export type TaskKind = 'repo-install' | 'package-install' | 'gateway' | 'light';

/** The kind of a deploy step's task, or of a device probe. */
export const taskKindOf = (step: DeployStep | 'probe'): TaskKind => {
  switch (step) {
    case 'prereqs':
      return 'repo-install';
    case 'mdm-package':
    case 'lia':
    case 'sds':
    case 'sdc':
    case 'rexray':
    case 'dvdcli':
    case 'dvdi':
      return 'package-install';
    case 'gateway':
      return 'gateway';
    default:
      return 'light';
  }
};

/** The {@link ClusterSpec} field that holds each kind's memory (also its configuration key). */
export const memoryOptionOf: Readonly<Record<TaskKind, string>> = {
  'repo-install': 'repoInstallMemMb',
  'package-install': 'packageInstallMemMb',
  gateway: 'gatewayMemMb',
  light: 'stepMemMb',
};

/** CPUs and memory (MB). */
export interface TaskResources {
  readonly cpus: number;
  readonly memMb: number;
}

/** What the task of `step` (or a probe) asks for, without the executor. */
export const stepResources = (spec: ClusterSpec, step: DeployStep | 'probe'): TaskResources => ({
  cpus: spec.stepCpus,
  memMb: taskMemMbOf(spec)[taskKindOf(step)],
});

/** The memory (MB) of every kind of task. */
export const taskMemMbOf = (spec: ClusterSpec): Record<TaskKind, number> => ({
  'repo-install': spec.repoInstallMemMb,
  'package-install': spec.packageInstallMemMb,
  gateway: spec.gatewayMemMb,
  light: spec.stepMemMb,
});

/** The executor's own resources (charged once per agent, by the task that starts it). */
export const executorResources = (spec: ClusterSpec): TaskResources => ({
  cpus: spec.executorCpus,
  memMb: spec.executorMemMb,
});

/** Mesos's reason for a container killed at its memory limit (cgroups/mem). */
export const MEMORY_LIMITATION = 'REASON_CONTAINER_LIMITATION_MEMORY';

/**
 * Why a step's task failed, as the status shows it (never a secret: Mesos's message and the
 * spec's numbers). A memory kill names the step, its container's limit as Mesos reported it, what
 * the container held, and the option to raise.
 */
export const stepFailureReason = (
  spec: ClusterSpec,
  step: DeployStep,
  u: {
    readonly state: string;
    readonly reason?: string | undefined;
    readonly message?: string | undefined;
  },
): string => {
  if (u.reason !== MEMORY_LIMITATION) return `${u.state}: ${u.message ?? 'no message'}`;
  const kind = taskKindOf(step);
  const mem = stepResources(spec, step).memMb;
  const mesos = (u.message ?? '').split('\n')[0]?.trim() || 'no message';
  return (
    `${u.state} (${MEMORY_LIMITATION}): step ${step} ran out of memory: ${mesos}. Its container ` +
    `held the executor (${spec.executorMemMb} MB) and this ${kind} task (${mem} MB); raise ` +
    `${memoryOptionOf[kind]}`
  );
};

/**
 * The agent's `cgroups/mem` isolator, as Mesos runs it. Facts, read from apache/mesos:
 * - Enforced only with `cgroups/mem` in the agent's `--isolation`; Mesos's default,
 *   `posix/cpu,posix/mem`, only reports usage (src/slave/flags.cpp `isolation`).
 * - One memory cgroup per container: a custom executor's tasks run in its container, so the
 *   executor and every task it runs share one limit. The limit is the memory of the executor plus
 *   its queued and launched tasks (slave.cpp `Executor::allocatedResources`, handed to
 *   `containerizer->update` at each launch and each terminal update), never below 32 MB
 *   (`MIN_MEMORY`, isolators/cgroups/constants.hpp). A command task's container holds the command
 *   executor's allowance, 32 MB (`DEFAULT_EXECUTOR_MEM`, slave/constants.hpp, added in
 *   `Slave::getExecutorInfo`), plus the task's.
 * - The hard limit (`memory.limit_in_bytes`) is set at the first update and afterwards only
 *   raised: a lower one (a task ended) moves the soft limit alone, because lowering the hard limit
 *   could OOM the container (isolators/cgroups/subsystems/memory.cpp
 *   `MemorySubsystemProcess::update`).
 * - The kernel's OOM killer is on; when the cgroup's usage passes its hard limit the isolator's
 *   OOM listener fires (`oomWaited`) with REASON_CONTAINER_LIMITATION_MEMORY and the message
 *   `Memory limit exceeded: Requested: <limit> Maximum Used: <max usage>\n\nMEMORY STATISTICS: \n
 *   <memory.stat>\n`; the containerizer destroys the container (containerizer.cpp
 *   `MesosContainerizerProcess::limited`): every process in it is killed, and each of its tasks
 *   that had not ended gets TASK_FAILED with that reason and message, SOURCE_AGENT, and
 *   `limitation.resources` = the memory used (slave.cpp `sendExecutorTerminatedStatusUpdate`).
 *
 * Modelled usage: the resident set of the container's own processes (the executor, or a command
 * task's shell), read from `/proc/<pid>/status`, plus the modelled peak of every tool call running
 * in the container (node-sim charges them through {@link MemoryCgroups}). A process belongs to the
 * container one of whose processes is its ancestor: cgroup membership is inherited on fork, so
 * the `/proc/<pid>/stat` parent chain finds it. Without `/proc` no call is found in a container
 * and nothing is enforced. Not modelled: the page cache and the shells between the container's
 * first process and the tool.
 */
import { readFileSync } from 'node:fs';
import { isTerminal } from '../model/framework.js';
import type { Resource } from '../wire/common.js';
import type { AgentState, ExecutorRun } from './state.js';

const MB = 1024 * 1024;
/** isolators/cgroups/constants.hpp `MIN_MEMORY`. */
export const MIN_MEMORY_MB = 32;
/** slave/constants.hpp `DEFAULT_EXECUTOR_MEM`: the command executor's allowance. */
export const DEFAULT_EXECUTOR_MEM_MB = 32;

/** What a charge did: admitted (release it when the call ends), or the container was OOM-killed. */
export type ChargeResult =
  | { readonly oom: false; readonly release: () => void }
  | { readonly oom: true; readonly message: string };

/**
 * The memory cgroups of every agent's containers, for the tools that run in them: `charge` adds
 * `bytes` to the container of process `pid` for as long as the call runs. `undefined`: the
 * process is in no container of an agent that enforces memory (nothing is charged).
 */
export interface MemoryCgroups {
  charge(pid: number, bytes: number, what: string): ChargeResult | undefined;
}

interface Cgroup {
  limitBytes: number;
  maxUsageBytes: number;
  readonly charges: Map<number, number>;
}

const cgroups = new WeakMap<ExecutorRun, Cgroup>();
let nextCharge = 1;

/** Whether the agent enforces memory limits (`cgroups/mem` in its `--isolation`). */
export const enforcesMemory = (a: AgentState): boolean => a.isolation.includes('cgroups/mem');

const memOf = (resources: readonly Resource[] | undefined): number =>
  (resources ?? []).reduce((n, r) => n + (r.name === 'mem' ? (r.scalar?.value ?? 0) : 0), 0);

/** The memory (MB) a container is allocated: its executor's plus its unfinished tasks'. */
export const allocatedMemMb = (run: ExecutorRun): number => {
  let mb = run.kind === 'command' ? DEFAULT_EXECUTOR_MEM_MB : memOf(run.info.resources);
  for (const t of run.tasks.values()) if (!isTerminal(t.state)) mb += memOf(t.info.resources);
  return mb;
};

/** `containerizer->update` after tasks were added: the hard limit rises, never falls. */
export const updateMemoryLimit = (a: AgentState, run: ExecutorRun): void => {
  if (!enforcesMemory(a)) return;
  const want = Math.max(allocatedMemMb(run), MIN_MEMORY_MB) * MB;
  const cg = cgroups.get(run);
  if (cg === undefined)
    cgroups.set(run, { limitBytes: want, maxUsageBytes: 0, charges: new Map() });
  else if (want > cg.limitBytes) cg.limitBytes = want;
};

/** The hard limit of a container in bytes, if it has one. */
export const memoryLimitBytes = (run: ExecutorRun): number | undefined =>
  cgroups.get(run)?.limitBytes;

const readProc = (pid: number, file: string): string | undefined => {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
};

/** The parent pid, from `/proc/<pid>/stat` (after the command name, which may hold anything). */
const parentOf = (pid: number): number | undefined => {
  const stat = readProc(pid, 'stat');
  const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ppid = Number(fields?.[1]);
  return Number.isInteger(ppid) && ppid > 0 ? ppid : undefined;
};

/**
 * `pid` and its ancestors, nearest first, below this process: every container's processes are
 * this process's children (the agents spawn them), so the chain is not read further up.
 */
const lineage = (pid: number): number[] => {
  const out: number[] = [];
  for (let p: number | undefined = pid; p !== undefined && out.length < 64; p = parentOf(p)) {
    if (p === process.pid) break;
    out.push(p);
    if (p === 1) break;
  }
  return out;
};

const rssBytes = (pid: number | undefined): number => {
  const m = pid === undefined ? null : /VmRSS:\s+(\d+) kB/.exec(readProc(pid, 'status') ?? '');
  return m ? Number(m[1]) * 1024 : 0;
};

/** stout's `Bytes` output: the largest unit that loses nothing (3rdparty/stout bytes.hpp). */
export const formatBytes = (b: number): string => {
  const units: [number, string][] = [
    [1024 ** 4, 'TB'],
    [1024 ** 3, 'GB'],
    [MB, 'MB'],
    [1024, 'KB'],
  ];
  if (b === 0) return '0B';
  for (const [size, unit] of units) if (b % size === 0) return `${b / size}${unit}`;
  return `${b}B`;
};

/** The container (and its agent) whose process is `pid` or an ancestor of it. */
const containerOf = (
  agents: readonly AgentState[],
  pid: number,
): { a: AgentState; run: ExecutorRun } | undefined => {
  const up = lineage(pid);
  for (const a of agents) {
    if (!enforcesMemory(a)) continue;
    for (const run of a.runs.values())
      for (const p of run.procs.values())
        if (p.pid !== undefined && up.includes(p.pid)) return { a, run };
  }
  return undefined;
};

/** The OOM: the limitation set as the runs' exit reason, then every process of the container killed. */
const oomKill = (
  a: AgentState,
  run: ExecutorRun,
  cg: Cgroup,
  call: { readonly pid: number; readonly what: string },
  usage: number,
) => {
  cg.maxUsageBytes = Math.max(cg.maxUsageBytes, usage);
  const stat = [
    'cache 0',
    `rss ${usage}`,
    `hierarchical_memory_limit ${cg.limitBytes}`,
    `total_rss ${usage}`,
  ];
  const message = `Memory limit exceeded: Requested: ${formatBytes(cg.limitBytes)} Maximum Used: ${formatBytes(cg.maxUsageBytes)}\n\nMEMORY STATISTICS: \n${stat.join('\n')}\n`;
  run.exitReason = {
    state: 'TASK_FAILED',
    reason: 'REASON_CONTAINER_LIMITATION_MEMORY',
    message,
    limitation: {
      resources: [
        { name: 'mem', type: 'SCALAR', scalar: { value: cg.maxUsageBytes / MB }, role: '*' },
      ],
    },
  };
  a.ctx.log(
    `agent ${a.id}: container ${run.containerId} OOM in ${call.what}: ${message.split('\n')[0] ?? ''}`,
  );
  for (const p of run.procs.values()) p.signal('SIGKILL');
  try {
    process.kill(call.pid, 'SIGKILL');
  } catch {
    // already gone
  }
  return { oom: true as const, message };
};

/** The {@link MemoryCgroups} of these agents. */
export const memoryCgroups = (agents: () => readonly AgentState[]): MemoryCgroups => ({
  charge: (pid, bytes, what) => {
    const found = containerOf(agents(), pid);
    const cg = found && cgroups.get(found.run);
    if (found === undefined || cg === undefined || found.run.terminated) return undefined;
    let usage = bytes;
    for (const p of found.run.procs.values()) usage += rssBytes(p.pid);
    for (const c of cg.charges.values()) usage += c;
    if (usage > cg.limitBytes) return oomKill(found.a, found.run, cg, { pid, what }, usage);
    cg.maxUsageBytes = Math.max(cg.maxUsageBytes, usage);
    const id = nextCharge++;
    cg.charges.set(id, bytes);
    return { oom: false, release: () => void cg.charges.delete(id) };
  },
});

/**
 * A tool call charged to the memory cgroup it runs in: the call's modelled peak
 * (`facts/memory.ts`) is added to the Mesos container of the calling process (the wrapper sends
 * its pid) for as long as it runs. When the container's usage would pass its limit, the kernel
 * OOM-kills the call and Mesos destroys the container (mesos-sim does both): the tool has no
 * effect, exits as killed (137) and is recorded so. A call outside any container (node-sim's
 * own isolator, a test on the host) is not charged.
 */
import * as t from 'io-ts';
import { toolPeak } from '../facts/memory.js';
import { appendJsonLine } from '../state/files.js';
import type { CallRecord } from '../state/model.js';
import { simPaths } from '../state/paths.js';
import type { NodeConfig } from '../spec.js';
import { maskPasswords, type ToolRequest, type ToolResponse } from './main.js';

/** What a charge did (mesos-sim's `MemoryCgroups`, structurally). */
export type MemoryCharge =
  | { readonly oom: false; readonly release: () => void }
  | { readonly oom: true; readonly message: string };

/**
 * The memory cgroups tool calls are charged to (mesos-sim's `sim.memory`): `undefined` when the
 * process `pid` is in no container that enforces a limit.
 */
export interface MemoryCgroups {
  charge(pid: number, bytes: number, what: string): MemoryCharge | undefined;
}

/** The caller's pid as the wrappers send it (absent from older callers). */
const CallerPid = t.partial({ pid: t.number });

/** The pid a decoded call body carries, if any. */
export const callerPid = (raw: unknown): number | undefined => {
  const d = CallerPid.decode(raw);
  const pid = d._tag === 'Right' ? d.right.pid : undefined;
  return pid !== undefined && Number.isInteger(pid) && pid > 0 ? pid : undefined;
};

/** A SIGKILLed process's exit code as its shell reports it. */
const KILLED = 137;

/** Runs `run` (the tool) charged to the caller's container; an OOM kills it before it acts. */
export const runCharged = async (
  config: NodeConfig,
  tool: string,
  req: ToolRequest,
  pid: number | undefined,
  cgroups: MemoryCgroups | undefined,
  run: () => Promise<ToolResponse>,
): Promise<ToolResponse> => {
  if (cgroups === undefined || pid === undefined) return run();
  const peak = toolPeak(config, tool, req.argv);
  const what = [tool, ...maskPasswords(tool, req.argv)].join(' ');
  const charge = cgroups.charge(pid, peak.mb * 1024 * 1024, `${what} (${peak.mb} MB peak)`);
  if (charge === undefined) return run();
  if (!charge.oom)
    try {
      return await run();
    } finally {
      charge.release();
    }
  const stderr = `Killed (out of memory: ${tool} needs about ${peak.mb} MB; ${charge.message.split('\n')[0] ?? ''})\n`;
  const record: CallRecord = {
    tool,
    argv: [tool, ...maskPasswords(tool, req.argv)],
    envKeys: Object.keys(req.env).sort(),
    cwd: req.cwd,
    startedAt: new Date().toISOString(),
    durationMs: 0,
    exitCode: KILLED,
    stdout: '',
    stderr,
    injectedFault: null,
  };
  appendJsonLine(simPaths(config.root).calls, record);
  return { exitCode: KILLED, stdout: '', stderr };
};

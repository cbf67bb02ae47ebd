/** Starting and stopping a command as a real child process in its own process group. */
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandInfo } from '../wire/common.js';

/** A running child process. */
export interface Proc {
  readonly pid: number | undefined;
  /** Signals the whole process group (no-op once exited). */
  readonly signal: (sig: NodeJS.Signals) => void;
  readonly hasExited: () => boolean;
  /** Resolves once the process has exited. */
  readonly exited: Promise<void>;
}

/** Raw wait status as `waitpid` reports it: exit code << 8, or the signal number. */
export const waitStatus = (code: number | null, signal: NodeJS.Signals | null): number => {
  if (signal !== null) {
    const numbers: Partial<Record<NodeJS.Signals, number>> = {
      SIGHUP: 1,
      SIGINT: 2,
      SIGKILL: 9,
      SIGTERM: 15,
    };
    return numbers[signal] ?? 9;
  }
  return (code ?? 0) << 8;
};

/** Processes started and not yet exited, killed if this process exits without stopping them. */
const live = new Set<Proc>();
let exitHookInstalled = false;
const installExitHook = (): void => {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const p of live) p.signal('SIGKILL');
  });
};

/**
 * Runs `command` in `cwd` with exactly `env`, stdout/stderr to `<cwd>/stdout` and `<cwd>/stderr`.
 * `shell` (default true) runs `/bin/sh -c value`; otherwise `value` is exec'd with
 * `arguments` as argv (arguments[0] is argv[0]). `onExit` gets the raw wait status.
 */
export const startProcess = (
  command: CommandInfo,
  cwd: string,
  env: Readonly<Record<string, string>>,
  onExit: (status: number, error?: string) => void,
): Proc => {
  const out = openSync(join(cwd, 'stdout'), 'a');
  const err = openSync(join(cwd, 'stderr'), 'a');
  const shell = command.shell !== false;
  const value = command.value ?? '';
  const args = command.arguments ?? [];
  let exited = false;
  let markExited = (): void => undefined;
  const exitedPromise = new Promise<void>((resolve) => {
    markExited = resolve;
  });
  const child = shell
    ? spawn('/bin/sh', ['-c', value], { cwd, env, detached: true, stdio: ['ignore', out, err] })
    : spawn(value, args.slice(1), {
        cwd,
        env,
        detached: true,
        stdio: ['ignore', out, err],
        ...(args[0] !== undefined ? { argv0: args[0] } : {}),
      });
  closeSync(out);
  closeSync(err);
  child.on('error', (e) => {
    if (exited) return;
    exited = true;
    live.delete(proc);
    markExited();
    onExit(127 << 8, e.message);
  });
  child.on('exit', (code, sig) => {
    if (exited) return;
    exited = true;
    live.delete(proc);
    markExited();
    onExit(waitStatus(code, sig));
  });
  const proc: Proc = {
    pid: child.pid,
    signal: (sig) => {
      if (exited || child.pid === undefined) return;
      try {
        process.kill(-child.pid, sig);
      } catch (_e) {
        child.kill(sig);
      }
    },
    hasExited: () => exited,
    exited: exitedPromise,
  };
  if (!exited) live.add(proc);
  installExitHook();
  return proc;
};

/**
 * The process harness: starts a child process, waits for its ready line, collects its output,
 * stops it cleanly (SIGTERM, then SIGKILL after a grace period), and makes sure it never outlives
 * the test process: a started child does not keep the test process alive, and whatever still
 * runs when the test process exits is SIGKILLed.
 *
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { basename } from 'node:path';
import { createLineCollector, type OutputStream } from './lines.js';

/** How a child process ended. */
export interface ProcessExit {
  /** The exit code, or null when a signal ended it. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** Options of {@link startProcess}. */
export interface StartProcessOptions {
  readonly command: string;
  readonly args?: readonly string[];
  /** The child's whole environment (default: this process's; see {@link childEnv}). */
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Name used in error messages (default: the script's or command's file name). */
  readonly name?: string;
  /** A line that says the process is ready; `startProcess` resolves once one matches. */
  readonly ready?: RegExp;
  /** Where the ready line may come from (default either stream). */
  readonly readyOn?: OutputStream | 'any';
  /** How long to wait for the ready line (default 30 s); then the process is stopped. */
  readonly readyTimeoutMs?: number;
  /** Between SIGTERM and SIGKILL in {@link RunningProcess.stop} (default 5 s). */
  readonly stopGraceMs?: number;
  /** Called with every complete line as it arrives. */
  readonly onLine?: (line: string, stream: OutputStream) => void;
}

/** A started child process. */
export interface RunningProcess {
  readonly child: ChildProcess;
  readonly name: string;
  /** The line that matched `ready` (undefined without `ready`). */
  readonly readyLine: string | undefined;
  /** The match of `ready` on that line. */
  readonly readyMatch: RegExpExecArray | undefined;
  /** Every complete line of both streams so far, in arrival order. */
  readonly lines: () => readonly string[];
  /** Everything printed on stdout so far. */
  readonly stdout: () => string;
  /** Everything printed on stderr so far. */
  readonly stderr: () => string;
  /** The last lines of output, for error messages. */
  readonly tail: (n?: number) => string;
  /** Resolves with the first line (of either stream, past or future) that matches `re`. */
  readonly waitForLine: (re: RegExp, timeoutMs?: number) => Promise<RegExpExecArray>;
  /** Resolves when the process has exited (rejects after `timeoutMs`, default 30 s). */
  readonly waitForExit: (timeoutMs?: number) => Promise<ProcessExit>;
  /** SIGTERM, then SIGKILL after the grace period; resolves with how it ended. Idempotent. */
  readonly stop: (graceMs?: number) => Promise<ProcessExit>;
  /** Sends `signal` (default SIGKILL: a crash) and waits for the exit. */
  readonly kill: (signal?: NodeJS.Signals) => Promise<ProcessExit>;
}

const running = new Set<ChildProcess>();
let hooked = false;
const killAll = (): void => {
  for (const c of running) c.kill('SIGKILL');
};

/**
 * This process's environment without `NODE_OPTIONS` (the test runner's tsx loader), plus `extra`.
 * With `NO_COLOR` set, `FORCE_COLOR` is left out too: nx gives every task a `FORCE_COLOR`
 * (`getNxEnvVariablesForForkedProcess` in nx's tasks-runner/task-env.js), and a Node that sees
 * both prints "Warning: The 'NO_COLOR' env is ignored due to the 'FORCE_COLOR' env being set."
 * on stderr (nodejs/node#37404) — Node 24 for every process, which would land in the stderr a test
 * reads from the child.
 */
export const childEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => {
  const { NODE_OPTIONS: _tsx, ...rest } = process.env;
  const env = { ...rest, ...extra };
  if (env['NO_COLOR'] !== undefined && extra['FORCE_COLOR'] === undefined)
    delete env['FORCE_COLOR'];
  return env;
};

const exitOf = (c: ChildProcess): ProcessExit | undefined =>
  c.exitCode !== null || c.signalCode !== null
    ? { code: c.exitCode, signal: c.signalCode }
    : undefined;

/** Runs `work` with a referenced timer that rejects it after `ms` (the wait keeps the loop alive). */
const within = <A>(ms: number, work: Promise<A>, what: () => string): Promise<A> => {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(what())), ms);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
};

/**
 * Starts `command` with `args` (stdin closed, stdout and stderr collected) and, with `ready`,
 * resolves once a line matches it. Rejects with the tail of the output when the process exits
 * before that or prints no such line within `readyTimeoutMs` (then it is stopped first).
 */
export const startProcess = async (opts: StartProcessOptions): Promise<RunningProcess> => {
  const name = opts.name ?? basename(opts.args?.[0] ?? opts.command);
  const child = spawn(opts.command, [...(opts.args ?? [])], {
    env: opts.env ?? process.env,
    ...(opts.cwd === undefined ? {} : { cwd: opts.cwd }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // 'close' comes once the pipes are drained too; a grandchild that holds them open delays it
  // by at most a second after 'exit'.
  const exit = new Promise<ProcessExit>((resolve) => {
    const done = (code: number | null, signal: NodeJS.Signals | null): void => {
      running.delete(child);
      resolve({ code, signal });
    };
    child.once('close', done);
    child.once('exit', (code, signal) => setTimeout(() => done(code, signal), 1000).unref());
  });
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  const out = createLineCollector(child, opts.onLine);
  running.add(child);
  if (!hooked) {
    hooked = true;
    process.once('exit', killAll);
  }
  // The child, its pipes and its exit never keep the test process alive on their own.
  child.unref();
  for (const s of [child.stdout, child.stderr]) (s as { unref?: () => void } | null)?.unref?.();
  await spawned;

  const waitForExit = (timeoutMs = 30_000): Promise<ProcessExit> =>
    within(timeoutMs, exit, () => `${name} did not exit within ${timeoutMs} ms`);
  const kill = async (signal: NodeJS.Signals = 'SIGKILL'): Promise<ProcessExit> => {
    if (exitOf(child) === undefined) child.kill(signal);
    return waitForExit();
  };
  let stopping: Promise<ProcessExit> | undefined;
  const stop = (graceMs = opts.stopGraceMs ?? 5000): Promise<ProcessExit> =>
    (stopping ??= (async () => {
      if (exitOf(child) !== undefined) return exit;
      child.kill('SIGTERM');
      return within(graceMs, exit, () => 'grace period over').catch(() => kill('SIGKILL'));
    })());
  const lineOrExit = (
    re: RegExp,
    on: OutputStream | 'any',
    timeoutMs: number,
    what: string,
  ): Promise<RegExpExecArray> =>
    within(
      timeoutMs,
      Promise.race([
        out.match(re, on),
        exit.then((e) =>
          Promise.reject(
            new Error(
              `${name} exited (${describeExit(e)}) before printing a ${what} matching ${re}`,
            ),
          ),
        ),
      ]),
      () => `${name} printed no ${what} matching ${re} within ${timeoutMs} ms`,
    ).catch((e: unknown) =>
      Promise.reject(new Error(`${errorText(e)}; last output:\n${out.tail()}`)),
    );

  const readyMatch =
    opts.ready === undefined
      ? undefined
      : await lineOrExit(
          opts.ready,
          opts.readyOn ?? 'any',
          opts.readyTimeoutMs ?? 30_000,
          'ready line',
        ).catch(async (e: unknown) => {
          await stop();
          throw e;
        });
  return {
    child,
    name,
    readyLine: readyMatch?.input,
    readyMatch,
    lines: out.lines,
    stdout: () => out.text('stdout'),
    stderr: () => out.text('stderr'),
    tail: out.tail,
    waitForLine: (re, timeoutMs = 30_000) => lineOrExit(re, 'any', timeoutMs, 'line'),
    waitForExit,
    stop,
    kill,
  };
};

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** `exit code 3` or `signal SIGKILL`. */
export const describeExit = (e: ProcessExit): string =>
  e.signal !== null ? `signal ${e.signal}` : `exit code ${String(e.code)}`;

/** What {@link runProcess} gives back. */
export interface ProcessResult extends ProcessExit {
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command to its end and gives back its exit and output; stops it (SIGTERM, then SIGKILL)
 * and rejects when it runs longer than `timeoutMs` (default 30 s).
 */
export const runProcess = async (
  opts: Omit<StartProcessOptions, 'ready' | 'readyOn' | 'readyTimeoutMs'> & {
    readonly timeoutMs?: number;
  },
): Promise<ProcessResult> => {
  const p = await startProcess(opts);
  const exit = await p.waitForExit(opts.timeoutMs).catch(async (e: unknown) => {
    await p.stop();
    throw e;
  });
  return { ...exit, stdout: p.stdout(), stderr: p.stderr() };
};

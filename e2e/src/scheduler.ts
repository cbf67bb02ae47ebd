import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProcess } from '@scaleio-framework/testkit';

/** The repository root (this file is e2e/src or e2e/dist). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/**
 * The bundled binaries, as the Mesos fetcher and Marathon would run them. `E2E_SCHEDULER_BUNDLE`
 * runs another build of the scheduler (e.g. an older one) against the same simulators.
 */
export const schedulerBundle =
  process.env['E2E_SCHEDULER_BUNDLE'] ||
  join(repoRoot, 'apps/framework/dist/bundle/scaleio-scheduler.mjs');
/** The executor bundle the scheduler serves to the Mesos fetcher. */
export const executorBundle = join(repoRoot, 'apps/framework/dist/bundle/scaleio-executor.mjs');

/**
 * The node flags of a `cmd` in `deploy/` (`exec node <flags> <bundle>`), which run the scheduler
 * with a small young generation and a heap that gives memory back (measured in the e2e README,
 * "Scheduler event handling"). Exported for the deploy recipes' own test.
 */
export const nodeFlagsOfCmd = (cmd: string): readonly string[] =>
  /\bexec node ((?:--\S+ )*)\S+\.mjs/
    .exec(cmd)?.[1]
    ?.split(' ')
    .filter((f) => f !== '') ?? [];

/**
 * The node flags Marathon runs the scheduler with (`deploy/marathon.json`): every test and bench
 * runs the bundle as deployed.
 */
export const deployedNodeFlags: readonly string[] = nodeFlagsOfCmd(
  (JSON.parse(readFileSync(join(repoRoot, 'deploy/marathon.json'), 'utf8')) as { cmd: string }).cmd,
);

/** A scheduler process. */
export interface SchedulerProcess {
  readonly url: string;
  readonly proc: ChildProcess;
  /** Every line it printed so far. */
  readonly lines: () => readonly string[];
  /** SIGTERM, then SIGKILL after 5 s. */
  readonly stop: () => Promise<void>;
  /** SIGKILL: a crash. */
  readonly kill: () => Promise<void>;
}

/** The scheduler's `http listening` log line (JSON, any key order). */
const LISTENING = /^\{.*"msg":"http listening"/;

/** How {@link spawnScheduler} runs the bundle. */
export interface SpawnOptions {
  /** Another scheduler bundle (default {@link schedulerBundle}). */
  readonly bundle?: string;
  /** Flags for node itself (`--cpu-prof`, heap sizes; default {@link deployedNodeFlags}). */
  readonly nodeFlags?: readonly string[];
  /** Between SIGTERM and SIGKILL in `stop` (default 5 s). */
  readonly stopGraceMs?: number;
  /** How long it may take to listen (default 120 s). */
  readonly readyTimeoutMs?: number;
}

/**
 * Starts the real `scaleio-scheduler` bundle under plain node (the testkit's process harness).
 * The password goes through the environment (never the command line). Resolves once its HTTP
 * server listens; rejects with the tail of its output when it exits first.
 */
export async function spawnScheduler(
  args: readonly string[],
  env: Record<string, string>,
  onLine?: (l: string) => void,
  opts: SpawnOptions = {},
): Promise<SchedulerProcess> {
  const bundle = opts.bundle ?? schedulerBundle;
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run npm run build first`);
  const p = await startProcess({
    command: process.execPath,
    args: [
      ...(opts.nodeFlags ?? deployedNodeFlags),
      bundle,
      '--listen-host',
      '127.0.0.1',
      '--listen-port',
      '0',
      ...args,
    ],
    env: { PATH: process.env['PATH'] ?? '', ...env },
    name: 'scaleio-scheduler',
    ready: LISTENING,
    readyTimeoutMs: opts.readyTimeoutMs ?? 120_000,
    ...(opts.stopGraceMs === undefined ? {} : { stopGraceMs: opts.stopGraceMs }),
    ...(onLine === undefined ? {} : { onLine }),
  });
  const url = listeningUrl(p.readyLine ?? '');
  if (url === undefined) {
    await p.stop();
    throw new Error(`scaleio-scheduler printed no URL in its listening line: ${p.readyLine ?? ''}`);
  }
  return {
    url,
    proc: p.child,
    lines: p.lines,
    stop: async () => void (await p.stop()),
    kill: async () => void (await p.kill()),
  };
}

/** The URL of the scheduler's `http listening` log line, if this is that line. */
export function listeningUrl(line: string): string | undefined {
  try {
    const j = JSON.parse(line) as { msg?: unknown; url?: unknown };
    return j.msg === 'http listening' && typeof j.url === 'string' ? j.url : undefined;
  } catch {
    return undefined;
  }
}

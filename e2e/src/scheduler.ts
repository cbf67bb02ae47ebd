import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is e2e/src or e2e/dist). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The bundled binaries, as the Mesos fetcher and Marathon would run them. */
export const schedulerBundle = join(repoRoot, 'apps/framework/dist/bundle/scaleio-scheduler.mjs');
export const executorBundle = join(repoRoot, 'apps/framework/dist/bundle/scaleio-executor.mjs');

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

/**
 * Starts the real `scaleio-scheduler` bundle under plain node. The password goes through the
 * environment (never the command line). Resolves once its HTTP server listens.
 */
export function spawnScheduler(
  args: readonly string[],
  env: Record<string, string>,
  onLine?: (l: string) => void,
): Promise<SchedulerProcess> {
  if (!existsSync(schedulerBundle))
    throw new Error(`${schedulerBundle} is missing: run npm run build first`);
  const proc = spawn(
    process.execPath,
    [schedulerBundle, '--listen-host', '127.0.0.1', '--listen-port', '0', ...args],
    {
      env: { PATH: process.env['PATH'] ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const end = async (signal: NodeJS.Signals) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill(signal);
    const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(t);
  };
  return new Promise((resolvePromise, reject) => {
    let buf = '';
    const onData = (d: Buffer) => {
      buf += d.toString('utf8');
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        lines.push(line);
        onLine?.(line);
        const url = listeningUrl(line);
        if (url)
          resolvePromise({
            url,
            proc,
            lines: () => lines,
            stop: () => end('SIGTERM'),
            kill: () => end('SIGKILL'),
          });
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.once('exit', (code) =>
      reject(
        new Error(`scaleio-scheduler exited with ${code} before listening:\n${lines.join('\n')}`),
      ),
    );
  });
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

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SimCluster } from './cluster.js';
import { readStatus, type StatusDoc } from './deploy-watch.js';
import { spawnScheduler, type SchedulerProcess } from './scheduler.js';

/** A scheduler run against a simulated cluster, with its state directory. */
export interface SchedulerRun {
  readonly dir: string;
  readonly stateFile: string;
  start(extra?: readonly string[], env?: Record<string, string>): Promise<SchedulerProcess>;
  cleanup(): void;
}

/** The scheduler's arguments for a simulated cluster (the password goes through the environment). */
export function schedulerRun(c: SimCluster): SchedulerRun {
  const dir = mkdtempSync(join(tmpdir(), 'scaleio-e2e-'));
  const stateFile = join(dir, 'state.json');
  return {
    dir,
    stateFile,
    start: (extra = [], env = {}) =>
      spawnScheduler(
        [
          '--master',
          c.mesos.masters.map((m) => m.url).join(','),
          '--gateway-url',
          c.scaleio.url,
          '--package-repo-url',
          c.nodes.repoUrl,
          '--state-file',
          stateFile,
          '--mdm-min-cpus',
          '1',
          '--mdm-min-mem-mb',
          '1024',
          '--discovery-interval',
          '2',
          ...extra,
        ],
        { SCALEIO_PASSWORD: c.password, ...env },
      ),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Polls the status until `done` says so (or throws after `timeoutMs` with the last status). */
export async function waitFor(
  url: string,
  done: (s: StatusDoc) => boolean,
  timeoutMs: number,
  each?: () => Promise<void>,
): Promise<StatusDoc> {
  const until = Date.now() + timeoutMs;
  let last: StatusDoc | undefined;
  while (Date.now() < until) {
    last = await readStatus(url);
    if (each) await each().catch(() => undefined);
    if (last && done(last)) return last;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(
    `timed out; last status: ${JSON.stringify(last?.deploy)} ${JSON.stringify(last?.nodes?.map((n) => [n.hostname, n.step, n.status, n.lastError]))}`,
  );
}

/** Deploy complete. */
export const deployed = (s: StatusDoc): boolean => s.deploy?.complete === true;

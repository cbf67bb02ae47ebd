/**
 * The rolling upgrade as the tests and the benchmark see it: the scheduler's upgrade section,
 * and scaleio-sim's own records of every host's component versions, health samples and
 * ownership changes (the verdicts come from the simulator, not from the product).
 */
import type { ScaleioSim } from '@scaleio-framework/scaleio-sim';
import { readStatus } from './deploy-watch.js';

/** The status's `upgrade` section, in the parts read here. */
export interface UpgradeDoc {
  readonly target: string;
  readonly from: string;
  readonly state: string;
  readonly reason: string | null;
  readonly done: number;
  readonly total: number;
  readonly startedAtMs: number;
  readonly finishedAtMs: number | null;
  readonly steps: readonly {
    id: string;
    phase: string;
    host: string;
    status: string;
    attempts: number;
    startedAtMs: number | null;
    finishedAtMs: number | null;
    lastError: string | null;
  }[];
}

/** The scheduler's upgrade section (undefined while none, or while it does not answer). */
export async function readUpgrade(url: string): Promise<UpgradeDoc | undefined> {
  const s = (await readStatus(url)) as { upgrade?: UpgradeDoc | null } | undefined;
  return s?.upgrade ?? undefined;
}

/** Polls the upgrade section until `done` holds; throws with the last one after `timeoutMs`. */
export async function waitForUpgrade(
  url: string,
  done: (u: UpgradeDoc) => boolean,
  timeoutMs: number,
): Promise<UpgradeDoc> {
  const until = Date.now() + timeoutMs;
  let last: UpgradeDoc | undefined;
  while (Date.now() < until) {
    last = await readUpgrade(url);
    if (last !== undefined && done(last)) return last;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(
    `upgrade timed out; last: ${JSON.stringify(last && { ...last, steps: last.steps.map((s) => `${s.id}:${s.status}:${s.lastError ?? ''}`) })}`,
  );
}

/** Every host's component versions as scaleio-sim recorded them (`ip -> component -> version`). */
export const simVersions = (sio: ScaleioSim): Record<string, Record<string, string | null>> =>
  Object.fromEntries(
    Object.entries(sio.state().components.hosts).map(([ip, c]) => [
      ip,
      Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v?.version ?? null])),
    ]),
  );

/**
 * What scaleio-sim's health record says about the run: samples with degraded capacity, and
 * degraded-cluster windows that were not one host's own restart (a `ClusteredDegraded` sample
 * not followed, next, by that same host coming back with the cluster `ClusteredNormal`).
 */
export function healthVerdict(sio: ScaleioSim, sinceMs: number) {
  const h = sio.state().components.history.filter((x) => x.atMs >= sinceMs);
  const degradedData = h.filter((x) => x.degradedKb > 0);
  const strayDegraded = h.filter((x, i) => {
    if (x.clusterState !== 'ClusteredDegraded') return false;
    const next = h[i + 1];
    return !(next?.ip === x.ip && next?.clusterState === 'ClusteredNormal');
  });
  return { samples: h.length, degradedData, strayDegraded };
}

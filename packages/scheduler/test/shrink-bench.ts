/**
 * Benchmark (a script, not a test): run with
 * `NODE_OPTIONS=--import=tsx node packages/scheduler/test/shrink-bench.ts` from the repo root.
 *
 * Shrink decision → volume deleted, on the simulated clock with realistic delays: EBS as in the
 * growth benchmark (create 8 s, attach 5 s, detach 3 s, delete 2 s), the removal's migration and
 * the rebalance at 125 MiB/s (a gp3 volume's baseline throughput; scaleio-sim's default), a tick
 * every 30 s. The pool: 3 × 100 GiB, grown twice by 100 GiB, then half its data dropped; the
 * low-water period 30 min. Printed: each phase's simulated duration and the wall time of the run.
 */
import { removeVolume, type VolumeId } from '@scaleio-framework/scaleio';
import { healingConfig, run, startRig } from './healing-harness.js';
import { appVolumes, growTwice, ledgerOf, shrinkPorts } from './shrink-rig.js';

const TICK_MS = 30_000;
const timings = { createMs: 8000, attachMs: 5000, detachMs: 3000, deleteMs: 2000 };

const bench = async (): Promise<void> => {
  const wall0 = performance.now();
  const rig = await startRig(undefined, timings);
  try {
    const config = healingConfig({
      enabled: true,
      policy: { triggerPercent: 80, clearPercent: 70, consecutiveSamples: 1, timeToFullMinutes: 0 },
      shrink: { enabled: true, lowPercent: 40, lowForMinutes: 30, quietAfterGrowMinutes: 60 },
    });
    const healer = rig.healer(config, shrinkPorts(rig));
    const [a] = await appVolumes(rig);
    await growTwice(rig, healer);
    await rig.client.run(removeVolume(a as VolumeId));
    const dropped = rig.clock.now();
    const inUseGiB = (rig.sio.state().storagePools[0]?.capacity.capacityInUseInKb ?? 0) / 1024 ** 2;
    const wall1 = performance.now();
    for (let i = 0; i < 24 * 120 && ledgerOf(healer).every((e) => e.stage !== 'removed'); i++)
      await run(rig, healer, 1, TICK_MS);
    const wall2 = performance.now();
    const e = ledgerOf(healer).find((x) => x.stage === 'removed');
    const ev = healer.status().events;
    const removedAt = ev.find((x) => x.details?.['stage'] === 'removed')?.atMs;
    const detachedAt = ev.find((x) => x.details?.['stage'] === 'volumeDetached')?.atMs;
    const s = (to: number | undefined, from: number | undefined) =>
      to === undefined || from === undefined ? 'n/a' : `${((to - from) / 1000).toFixed(0)} s`;
    console.log(
      `pool ${inUseGiB.toFixed(0)} GiB raw in use after the drop; decided ${s(e?.shrinkAtMs, dropped)} after it (low-water 30 min, tick ${TICK_MS / 1000} s)`,
    );
    console.log(
      `decision → removal accepted ${s(e?.drainStartedAtMs, e?.shrinkAtMs)}, → drained (migrated + rebalanced, pool quiet) ${s(e?.drainedAtMs, e?.shrinkAtMs)}, → detached ${s(detachedAt, e?.shrinkAtMs)}, → volume deleted ${s(removedAt, e?.shrinkAtMs)}`,
    );
    console.log(
      `wall: setup and growth ${((wall1 - wall0) / 1000).toFixed(1)} s, shrink run ${((wall2 - wall1) / 1000).toFixed(1)} s`,
    );
  } finally {
    await rig.close();
  }
};

await bench();
